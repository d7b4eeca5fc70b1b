"""The photos decode completely and are of an accepted format and size.

The photo check (inspect_photo) ran once, at intake, and its results are on the Photo; the worker decoded the
original again to make the public copies as this run began. So an original whose SHA-256 is still the one
checked, with its public copies made, is not decoded a third time: its recorded format and size are its
evidence. Any other stored file (a changed original, one whose copies could not be made, a public copy left
after retention) gets the full check."""
from storydesk.photos.inspect import PhotoRejected, inspect_photo, is_checked_file
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
        if stored is photo.original and photo.sha256 and not is_checked_file(data, photo.sha256):
            problems.append(f"photo {photo.position + 1}: the stored original is not the file that was received "
                            "and checked (its SHA-256 differs): it is damaged or was replaced")
            continue
        if stored is photo.original and photo.sha256 and photo.public:
            seen.append(PhotoFile(photo.position, photo.format, photo.width, photo.height, len(data), "sha256"))
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
