"""Publishing, as computed and sent, writing nothing itself (its writes are actions.publishing and
actions.calendar): when slots are (cadence), which stories may go where (eligibility), the planner, what the
public sees of a story (redaction of the caption, display_name) and which stories are public (public_set),
and the targets that talk to the gallery and Instagram."""
