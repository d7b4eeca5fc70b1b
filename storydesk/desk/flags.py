"""What about a selected story should give a moderator pause before approving it in bulk, in words: a
screening step flagged or failed it, or it is marked as a duplicate. The queue shows the same flags."""
from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q

from storydesk.desk.counts import FLAGGED
from storydesk.desk.evidence import explain
from storydesk.models import Story, Verdict

OUTCOME_WORDS = {Verdict.Outcome.FLAG: "flagged", Verdict.Outcome.FAIL: "failed"}


@dataclass(frozen=True)
class FlaggedStory:
    story: Story
    concerns: list[str]  # one sentence per flag, for the moderator (it can quote the contributor's words)
    codes: list[dict]  # the same flags as codes, for the audit: {"step", "outcome"} or {"duplicate_of"}


def flagged_among(story_ids, campaign) -> dict[int, FlaggedStory]:
    """The flagged stories among these ids, by id (two queries, whatever the selection's size)."""
    flagged_verdicts = Verdict.objects.filter(outcome__in=FLAGGED).order_by("position", "id")
    stories = (Story.objects.filter(pk__in=list(story_ids), campaign=campaign)
               .filter(Q(flagged=True) | Q(duplicate_of__isnull=False)
                       | Exists(Verdict.objects.filter(story=OuterRef("pk"), outcome__in=FLAGGED)))
               .prefetch_related(Prefetch("verdicts", queryset=flagged_verdicts, to_attr="flags"))
               .order_by("pk"))
    return {story.pk: FlaggedStory(story, _concerns(story), _codes(story)) for story in stories}


def _concerns(story: Story) -> list[str]:
    said = []
    if story.duplicate_of_id:
        said.append(f"Marked as a duplicate of story {story.duplicate_of_id}.")
    for verdict in story.flags:
        found = "; ".join(explain(verdict))
        said.append(f"Screening step {verdict.step} {OUTCOME_WORDS[verdict.outcome]} it"
                    + (f": {found}" if found else "."))
    if not said:  # flagged before its verdicts were kept (or they were re-run since): say so rather than nothing
        said.append("Screening flagged it.")
    return said


def _codes(story: Story) -> list[dict]:
    codes = [{"duplicate_of": story.duplicate_of_id}] if story.duplicate_of_id else []
    codes += [{"step": verdict.step, "outcome": verdict.outcome} for verdict in story.flags]
    return codes or [{"flagged": True}]
