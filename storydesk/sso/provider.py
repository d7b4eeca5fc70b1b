"""Talking to the OpenID provider: its metadata (discovery), its signing keys (JWKS), its token and userinfo
endpoints. Every answer is bounded in time (STORYDESK_OIDC_TIMEOUT_SECONDS) and size
(STORYDESK_OIDC_MAX_RESPONSE_BYTES), redirects are not followed, and any failure is a SignInRefused."""
from __future__ import annotations

import functools
import json
import ssl
import threading
import time
from dataclasses import dataclass

import httpcore
import httpx
import jwt

from storydesk.config.groups import provider_url_ok
from storydesk.network_deadline import DeadlineBackend
from storydesk.sso.config import OpenIDSettings
from storydesk.sso.refusal import SignInRefused, try_again

# Metadata and keys are read again after this long, and keys at once when a token names one we don't have.
KEPT_SECONDS = 3600
_kept: dict[str, tuple[float, object]] = {}
_kept_lock = threading.Lock()


@dataclass(frozen=True)
class Metadata:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    userinfo_endpoint: str
    # client_secret_basic unless the provider supports only client_secret_post.
    token_auth: str


@functools.cache
def _tls() -> ssl.SSLContext:
    # Made once: loading the certificate authorities costs more than a request to the provider.
    return httpx.create_ssl_context()


def forget() -> None:
    """Drop the kept metadata and keys (tests; a provider that changed its keys is handled without it)."""
    with _kept_lock:
        _kept.clear()


class ProviderClient:
    def __init__(self, config: OpenIDSettings):
        self.config = config

    def metadata(self) -> Metadata:
        return self._kept(self.config.metadata_url, self._read_metadata)

    def keys(self, *, fresh: bool = False) -> jwt.PyJWKSet:
        uri = self.metadata().jwks_uri
        if fresh:
            with _kept_lock:
                _kept.pop(uri, None)
        return self._kept(uri, lambda: self._read_keys(uri))

    def exchange(self, code: str, verifier: str, redirect_uri: str) -> dict:
        """The authorization code (and its PKCE verifier) for the provider's tokens."""
        metadata = self.metadata()
        form = {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri,
                "code_verifier": verifier}
        auth = None
        if metadata.token_auth == "client_secret_post":
            form.update(client_id=self.config.client_id, client_secret=self.config.client_secret)
        elif self.config.client_secret:
            auth = httpx.BasicAuth(self.config.client_id, self.config.client_secret)
        else:  # a public client: PKCE alone binds the code to this browser's flow
            form["client_id"] = self.config.client_id
        status, body = self._call("POST", metadata.token_endpoint, data=form, auth=auth)
        if status != 200:
            error = body.get("error", "") if isinstance(body, dict) else ""
            raise SignInRefused("token_refused", f"{self.config.label} refused the sign-in. Please try again.",
                                status=status, error=str(error)[:100])
        if not isinstance(body, dict) or not isinstance(body.get("id_token"), str):
            raise try_again("token_unreadable", status=status)
        return body

    def userinfo(self, access_token: str) -> dict:
        endpoint = self.metadata().userinfo_endpoint
        status, body = self._call("GET", endpoint, headers={"Authorization": f"Bearer {access_token}"})
        if status != 200 or not isinstance(body, dict):
            raise try_again("userinfo_refused", status=status)
        return body

    def _read_metadata(self) -> Metadata:
        status, body = self._call("GET", self.config.metadata_url)
        if status != 200 or not isinstance(body, dict):
            raise self._unavailable(f"metadata answered {status}")
        # OpenID Connect Discovery 1.0, 4.3: the metadata's issuer is exactly the one configured.
        if body.get("issuer") != self.config.issuer:
            raise self._unavailable(f"metadata names issuer {str(body.get('issuer'))[:200]!r}")
        endpoints = {}
        for name in ("authorization_endpoint", "token_endpoint", "jwks_uri", "userinfo_endpoint"):
            value = body.get(name) or ""
            if not isinstance(value, str) or (value and not provider_url_ok(value)) or (
                    not value and name != "userinfo_endpoint"):
                raise self._unavailable(f"metadata has no usable {name}")
            endpoints[name] = value
        methods = body.get("token_endpoint_auth_methods_supported") or ["client_secret_basic"]
        post_only = isinstance(methods, list) and "client_secret_post" in methods and (
            "client_secret_basic" not in methods)
        return Metadata(issuer=body["issuer"], token_auth="client_secret_post" if post_only else
                        "client_secret_basic", **endpoints)

    def _read_keys(self, uri: str) -> jwt.PyJWKSet:
        status, body = self._call("GET", uri)
        if status != 200 or not isinstance(body, dict):
            raise self._unavailable(f"keys answered {status}")
        try:
            return jwt.PyJWKSet.from_dict(body)
        except (jwt.PyJWKSetError, jwt.PyJWKError, TypeError, ValueError) as error:
            raise self._unavailable(f"keys unusable: {error}") from None

    def _kept(self, url: str, read):
        with _kept_lock:
            kept = _kept.get(url)
        if kept and kept[0] > time.monotonic():
            return kept[1]
        value = read()
        with _kept_lock:
            _kept[url] = (time.monotonic() + KEPT_SECONDS, value)
        return value

    def _call(self, method: str, url: str, **request) -> tuple[int, object]:
        """(status, parsed JSON or None), reading at most max_response_bytes, within the timeout."""
        limit, seconds = self.config.max_response_bytes, self.config.timeout_seconds
        # httpx's timeout bounds each wait; the deadline bounds the whole answer, headers included, so a trickle
        # of bytes ends on time too (the network layer enforces it on every read, the loop between chunks).
        deadline = time.monotonic() + seconds
        # Uncompressed only, and read raw: the size limit counts the bytes that arrive, so a small compressed
        # answer can't unpack into gigabytes in memory before any limit is looked at.
        headers = {"Accept": "application/json", "Accept-Encoding": "identity", **request.pop("headers", {})}
        try:
            with httpx.Client(transport=_DeadlineTransport(deadline), timeout=seconds,
                              follow_redirects=False) as client:
                with client.stream(method, url, headers=headers, **request) as response:
                    encoding = response.headers.get("Content-Encoding", "identity").strip().lower()
                    if encoding not in ("", "identity"):
                        raise self._unavailable(f"{method} {url}: compressed ({encoding[:40]}) though asked not to")
                    chunks, size = [], 0
                    for chunk in response.iter_raw():
                        size += len(chunk)
                        if size > limit:
                            raise self._unavailable(f"{method} {url}: over {limit} bytes")
                        if time.monotonic() > deadline:
                            raise self._unavailable(f"{method} {url}: over {seconds} s")
                        chunks.append(chunk)
                    status = response.status_code
        except (httpx.HTTPError, httpx.InvalidURL) as error:  # InvalidURL is not an HTTPError
            # Cut off by the deadline, however the socket then failed: say so.
            why = f"over {seconds} s" if time.monotonic() >= deadline else f"{type(error).__name__}: {error}"
            raise self._unavailable(f"{method} {url}: {why}"[:300]) from None
        try:
            return status, json.loads(b"".join(chunks))
        except (ValueError, RecursionError):  # RecursionError: JSON nested deeper than Python's stack
            return status, None

    def _unavailable(self, detail: str) -> SignInRefused:
        return SignInRefused("provider_unavailable",
                             f"Single sign-on is not available right now: {self.config.label} did not answer "
                             "as expected. Try again later, or log in with your password.", detail=detail)


class _DeadlineTransport(httpx.HTTPTransport):
    """httpx's own transport over a connection pool whose sockets stop at the deadline. httpx takes no network
    backend of its own, so the pool it made is replaced by one that has it (same TLS context, no retries)."""

    def __init__(self, deadline: float):
        super().__init__(verify=_tls())
        self._pool = httpcore.ConnectionPool(ssl_context=_tls(), network_backend=DeadlineBackend(deadline),
                                             max_connections=2, retries=0)
