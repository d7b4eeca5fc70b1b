"""The machine-learning models the screening steps share (OCR, the body and face detector, sentence
embeddings) and the image preparation they need, each loaded once per process and reused for every story.

Named `ml`, for what is inside, and not `models`, which in a Django project means database tables."""
from __future__ import annotations

from django.conf import settings


def model_threads() -> int:
    """Threads one model may use per process: settings.STORYDESK_MODEL_THREADS, 0 = onnxruntime's choice.

    With several worker processes on few cores, 1 each avoids processes fighting over the cores.
    """
    if not settings.configured:
        return 0
    return max(0, int(getattr(settings, "STORYDESK_MODEL_THREADS", 0) or 0))
