"""The offline models the screening steps share, each loaded once per process and reused for every story."""
from __future__ import annotations


def model_threads() -> int:
    """Threads one model may use per process: settings.STORYDESK_MODEL_THREADS, 0 = onnxruntime's choice.

    With several worker processes on few cores, 1 each avoids processes fighting over the cores.
    """
    from django.conf import settings

    if not settings.configured:
        return 0
    return max(0, int(getattr(settings, "STORYDESK_MODEL_THREADS", 0) or 0))
