"""The photos decode completely and are of an accepted format and size."""
from storydesk.photos.inspect import PhotoRejected, inspect_photo
from storydesk.screening.evidence import ImageIntegrityEvidence, PhotoFile
from storydesk.screening.result import StepResult

name = "image_integrity"


def check(ctx) -> StepResult:
    if not ctx.photos:
        return StepResult("fail", 0.0, ImageIntegrityEvidence(problem="no photo"))
    seen, problems, from_copy = [], [], []
    for photo in ctx.photos:
        # Screening again after the original was deleted (retention): the public copy is what is left to check.
        stored = photo.original if photo.original or not photo.original_deleted_at else photo.public
        if not stored:
            problems.append(f"photo {photo.position + 1}: its original was deleted after the retention period and "
                            "it has no public copy")
            continue
        try:
            with stored.open("rb") as f:
                data = f.read()
        except OSError as missing:
            problems.append(f"photo {photo.position + 1}: original file is missing ({missing.strerror})")
            continue
        try:
            inspected = inspect_photo(data, stored.name)
        except PhotoRejected as rejected:
            problems.append(f"photo {photo.position + 1}: {rejected.message}")
            continue
        if stored is photo.public:
            from_copy.append(str(photo.position + 1))
        seen.append(PhotoFile(photo.position, inspected.format, inspected.width, inspected.height, len(data)))
    note = (f"Photo {', '.join(from_copy)}: the original was deleted after the retention period; its public copy "
            "was checked instead." if from_copy else "")
    evidence = ImageIntegrityEvidence(photos=tuple(seen), problem="; ".join(problems), note=note)
    return StepResult("fail" if problems else "pass", 0.0 if problems else 1.0, evidence)
