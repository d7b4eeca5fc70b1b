"""One deadline for a whole HTTP exchange, enforced where the socket is read and written (the status line and
headers included), for httpcore connection pools: a per-read timeout alone lets a server that sends one byte a
second go on for ever, and a check between body chunks comes too late for one that drips its headers.

Used by the photo download (channels/social/download.py, which also checks each address it connects to) and by
single sign-on's calls to the provider (sso/provider.py)."""
from __future__ import annotations

import socket
import threading
import time

import httpcore


class DeadlineBackend(httpcore.SyncBackend):
    """httpcore's own sockets, each bounded by the deadline (a time.monotonic() value)."""

    def __init__(self, deadline: float):
        self.deadline = deadline

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        stream = super().connect_tcp(host, port, timeout=within(timeout, self.deadline),
                                     local_address=local_address, socket_options=socket_options)
        return DeadlineStream(stream, self.deadline)


class DeadlineStream(httpcore.NetworkStream):
    """A socket whose every read and write waits at most until the deadline."""

    def __init__(self, stream: httpcore.NetworkStream, deadline: float):
        self.stream = stream
        self.deadline = deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self.stream.read(max_bytes, within(timeout, self.deadline))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.stream.write(buffer, within(timeout, self.deadline))

    def close(self) -> None:
        self.stream.close()

    def start_tls(self, ssl_context, server_hostname=None, timeout=None) -> httpcore.NetworkStream:
        # The handshake is one call of many reads: a timer cuts the socket if the deadline passes during it.
        socket_ = self.stream.get_extra_info("socket")
        watchdog = threading.Timer(max(self.deadline - time.monotonic(), 0), _cut, (socket_,))
        watchdog.start()
        try:
            stream = self.stream.start_tls(ssl_context, server_hostname, within(timeout, self.deadline))
        finally:
            watchdog.cancel()
        return DeadlineStream(stream, self.deadline)

    def get_extra_info(self, info: str):
        return self.stream.get_extra_info(info)


def within(timeout: float | None, deadline: float) -> float:
    """The timeout for one socket operation: its own, cut short by the deadline (past it: a timeout at once)."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise httpcore.ReadTimeout("the deadline has passed")
    return left if timeout is None else min(timeout, left)


def _cut(socket_) -> None:
    try:
        socket_.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # already closed: nothing left to cut
