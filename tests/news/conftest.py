"""News of their story goes through real SMTP to the local sink; publishing through the fake Graph API."""
from tests.channels.email.conftest import outbox, smtp_sink  # noqa: F401 (fixtures)
from tests.publishing.conftest import graph, only_loopback  # noqa: F401 (fixtures)
