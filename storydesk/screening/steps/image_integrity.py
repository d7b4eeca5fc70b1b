"""The photos decode completely and are of an accepted format and size."""
from storydesk.photos.inspect import PhotoRejected, inspect_photo
from storydesk.screening.evidence import ImageIntegrityEvidence, PhotoFile
from storydesk.screening.result import StepResult

name = "image_integrity"


def check(ctx) -> StepResult:
    if not ctx.photos:
        return StepResult("fail", 0.0, ImageIntegrityEvidence(problem="no photo"))
    seen, problems = [], []
    for photo in ctx.photos:
        try:
            with photo.original.open("rb") as f:
                data = f.read()
        except OSError as missing:
            problems.append(f"photo {photo.position + 1}: original file is missing ({missing.strerror})")
            continue
        try:
            inspected = inspect_photo(data, photo.original.name)
        except PhotoRejected as rejected:
            problems.append(f"photo {photo.position + 1}: {rejected.message}")
            continue
        seen.append(PhotoFile(photo.position, inspected.format, inspected.width, inspected.height, len(data)))
    evidence = ImageIntegrityEvidence(photos=tuple(seen), problem="; ".join(problems))
    return StepResult("fail" if problems else "pass", 0.0 if problems else 1.0, evidence)
