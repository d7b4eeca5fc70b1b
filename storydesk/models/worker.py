from django.db import models


class WorkerHeartbeat(models.Model):
    """When a queue worker last ran its minute task: one row per queue, rewritten each minute. The desk's
    banner reads it to say that the worker has stopped (tasks then wait in the queue, and nobody sees why)."""

    queue = models.CharField(max_length=100, primary_key=True)
    beat_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"worker of {self.queue} last seen {self.beat_at:%Y-%m-%d %H:%M}"
