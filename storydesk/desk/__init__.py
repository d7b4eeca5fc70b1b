"""The moderation desk at /desk/: views and templates only; every change they make goes through actions/.

access (who may open what), queue (filters, order, counts, neighbours), story_page (all one story shows),
evidence (verdicts in plain words, photo boxes), views (queue and story), decide / edit / duplicates / bulk
(the forms that change stories), audit, staff, mail, login (rate-limited), forms, responses."""
