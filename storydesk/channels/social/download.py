"""Downloading a photo named by a public post, safely: the post's author chose the address, so it may point
anywhere — at this machine, at the private network, at a cloud metadata service — or never end.

Every connection, the first and each redirect's, goes to an address that was resolved and checked just
before: the resolver is asked once, every address it gives must be public, and the socket connects to the
checked address itself (TLS still checks the certificate against the host name). Nothing is asked of the
resolver twice, so a name can't answer "public" to the check and "private" to the connect.

The whole download has one deadline, enforced on every read and write of the socket (the status line and
headers included), so a server that drips one byte at a time is cut off on time, not once it is done.
"""
from __future__ import annotations

import functools
import ipaddress
import socket
import ssl
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx
from django.conf import settings

from storydesk.network_deadline import DeadlineBackend

MAX_REDIRECTS = 5
CHUNK = 64 * 1024
USER_AGENT = "storydesk (photo-story campaign desk)"

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
# Python counts 2002::/16 as global, but a relay turns it into the IPv4 address inside (2002:7f00:1:: is 127.0.0.1).
SIX_TO_FOUR = ipaddress.IPv6Network("2002::/16")


class DownloadFailed(Exception):
    """The photo could not be had; `message` says why in plain words. `passing` failures may work later."""

    passing = False

    def __init__(self, message: str, url: str = ""):
        super().__init__(message)
        self.message = message
        self.url = url


class AddressRefused(DownloadFailed):
    """The address is not on the public internet (or not http/https): refused before any connection."""


class TooLarge(DownloadFailed):
    """More bytes than the cap: the download was cut off there."""


class NotFound(DownloadFailed):
    """The server answered, but has no photo for us (404, 403, 410, other 4xx)."""


class Unreachable(DownloadFailed):
    """Timeouts, refused connections, 5xx: worth trying again later."""

    passing = True


@dataclass(frozen=True)
class DownloadPolicy:
    max_bytes: int = 20 * 1024 * 1024
    connect_timeout: float = 5.0
    read_timeout: float = 20.0
    total_seconds: float = 120.0  # a server that drips bytes forever is cut off here
    allowed_networks: tuple[IPNetwork, ...] = ()  # private addresses allowed anyway (a test server)

    @classmethod
    def from_settings(cls) -> DownloadPolicy:
        return cls(
            max_bytes=settings.STORYDESK_MEDIA_MAX_MB * 1024 * 1024,
            connect_timeout=settings.STORYDESK_MEDIA_CONNECT_TIMEOUT,
            read_timeout=settings.STORYDESK_MEDIA_READ_TIMEOUT,
            total_seconds=settings.STORYDESK_MEDIA_TOTAL_SECONDS,
            allowed_networks=parse_networks(settings.STORYDESK_MEDIA_ALLOWED_NETWORKS),
        )


@dataclass(frozen=True)
class Downloaded:
    data: bytes
    url: str  # where it finally came from, after redirects
    content_type: str = ""
    redirects: tuple[str, ...] = field(default=())


def parse_networks(values: Iterable[str]) -> tuple[IPNetwork, ...]:
    return tuple(ipaddress.ip_network(v.strip(), strict=False) for v in values if v.strip())


def download(url: str, policy: DownloadPolicy | None = None) -> Downloaded:
    """GET one photo, following at most MAX_REDIRECTS redirects, each to a checked public address."""
    policy = policy or DownloadPolicy.from_settings()
    deadline = time.monotonic() + policy.total_seconds
    seen: list[str] = []
    with httpcore.ConnectionPool(network_backend=_CheckedBackend(policy, deadline), ssl_context=_ssl_context(),
                                 max_connections=2, retries=0) as pool:
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            _check_scheme(current)
            location = _get(pool, current, policy, deadline)
            if isinstance(location, Downloaded):
                return Downloaded(location.data, current, location.content_type, tuple(seen))
            seen.append(current)
            current = location
    raise NotFound(f"the photo's address redirected more than {MAX_REDIRECTS} times", url)


def _get(pool: httpcore.ConnectionPool, url: str, policy: DownloadPolicy, deadline: float) -> Downloaded | str:
    """The photo, or the next address to try (a redirect)."""
    timeouts = {"connect": policy.connect_timeout, "read": policy.read_timeout, "write": policy.read_timeout,
                "pool": policy.connect_timeout}
    headers = {"User-Agent": USER_AGENT, "Accept": "image/*", "Accept-Encoding": "identity"}
    try:
        with pool.stream("GET", url, headers=headers, extensions={"timeout": timeouts}) as response:
            status = response.status
            head = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in response.headers}
            if status in (301, 302, 303, 307, 308) and head.get("location"):
                return urljoin(url, head["location"].strip())
            if status >= 500 or status == 429:
                raise Unreachable(f"the photo's server answered {status}; we'll try again later", url)
            if status != 200:
                raise NotFound(f"the photo's server answered {status} (no photo there any more?)", url)
            declared = head.get("content-length", "")
            if declared.isdigit() and int(declared) > policy.max_bytes:
                raise TooLarge(_too_large(int(declared), policy), url)
            return Downloaded(_read_capped(response, url, policy, deadline), url, head.get("content-type", ""))
    except DownloadFailed as failed:
        failed.url = failed.url or url
        raise
    except httpcore.UnsupportedProtocol:
        raise AddressRefused("the photo's address is not an http or https address", url) from None
    except (httpcore.TimeoutException, httpcore.NetworkError, httpcore.RemoteProtocolError, httpcore.ProxyError,
            OSError) as error:
        if time.monotonic() >= deadline:  # cut off by the deadline, however the socket then failed
            message = _too_slow(policy)
        elif isinstance(error, httpcore.TimeoutException):
            message = "the photo's server took too long to answer; we'll try again later"
        else:
            message = f"couldn't download the photo ({_short(error)}); we'll try again later"
        raise Unreachable(message, url) from None


def _read_capped(response, url: str, policy: DownloadPolicy, deadline: float) -> bytes:
    parts, size = [], 0
    for chunk in response.iter_stream():
        size += len(chunk)
        if size > policy.max_bytes:
            # Leaving the block closes the connection: the rest of the file is never read.
            raise TooLarge(_too_large(None, policy), url)
        if time.monotonic() > deadline:
            raise Unreachable(_too_slow(policy), url)
        parts.append(chunk)
    return b"".join(parts)


def _too_slow(policy: DownloadPolicy) -> str:
    return f"the photo took longer than {policy.total_seconds:g} s to download; we'll try again later"


def _too_large(declared: int | None, policy: DownloadPolicy) -> str:
    cap = policy.max_bytes // (1024 * 1024)
    if declared is not None:
        return f"the photo is {declared / 1024 / 1024:.0f} MB, more than the {cap} MB we take, so we didn't download it"
    return f"the photo is larger than the {cap} MB we take, so we stopped downloading it at {cap} MB"


def _check_scheme(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise AddressRefused(f"we only download photos from http or https addresses, not {url[:80]!r}", url)


# --- the address check, done where the socket is opened -------------------------------------------------

def refusal(address: IPAddress, allowed: tuple[IPNetwork, ...] = ()) -> str:
    """Why we won't connect to this address ("" when it is public, or explicitly allowed)."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped  # ::ffff:10.0.0.1 is 10.0.0.1
    if any(address in network for network in allowed):
        return ""
    if address.is_loopback:
        return "this machine itself (a loopback address)"
    if address.is_link_local:
        return "a link-local address (where cloud metadata services live)"
    if address.is_private:
        return "a private network address"
    if isinstance(address, ipaddress.IPv6Address) and address in SIX_TO_FOUR:
        return "a 6to4 address (it stands for an IPv4 address, maybe a private one)"
    if address.is_multicast or address.is_unspecified or address.is_reserved or not address.is_global:
        return "a reserved address, not on the public internet"
    return ""


def resolve(host: str, port: int) -> list[IPAddress]:
    """Every address the name stands for (a literal IP stands for itself)."""
    try:
        return [ipaddress.ip_address(host.strip("[]"))]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise Unreachable(f"couldn't look up the photo's server {host} ({_short(error)})") from None
    addresses = []
    for info in infos:
        text = info[4][0].split("%", 1)[0]  # drop an IPv6 zone ("fe80::1%eth0")
        address = ipaddress.ip_address(text)
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise Unreachable(f"the photo's server {host} has no address")
    return addresses


def checked_addresses(host: str, port: int, allowed: tuple[IPNetwork, ...] = ()) -> list[IPAddress]:
    """The addresses to connect to; refused whole if any of them is not public (a name that mixes a public
    and a private address is an attack on whoever picks one at random)."""
    addresses = resolve(host, port)
    for address in addresses:
        why = refusal(address, allowed)
        if why:
            raise AddressRefused(f"we don't download photos from {host}: it leads to {why} ({address})")
    return addresses


class _CheckedBackend(DeadlineBackend):
    """httpcore's own sockets, opened only to the addresses just checked (no second lookup), each bounded by
    the download's deadline."""

    def __init__(self, policy: DownloadPolicy, deadline: float):
        super().__init__(deadline)
        self.policy = policy

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        last_error: Exception | None = None
        for address in checked_addresses(host, port, self.policy.allowed_networks):
            try:
                return super().connect_tcp(str(address), port, timeout=timeout, local_address=local_address,
                                           socket_options=socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as error:
                last_error = error
        raise last_error or httpcore.ConnectError(f"no address of {host} answered")


@functools.cache
def _ssl_context() -> ssl.SSLContext:
    # The same certificate store as the platform API calls; made once (loading it took ~17 ms, half of what a
    # post cost) and shared: an SSLContext is safe to use from several threads.
    return httpx.create_ssl_context()


def _short(error: BaseException) -> str:
    text = str(error) or type(error).__name__
    return text if len(text) <= 160 else text[:157] + "…"
