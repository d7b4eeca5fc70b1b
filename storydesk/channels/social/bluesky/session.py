"""A logged-in Bluesky session (an app password's), kept in the shared cache between polls.

Logging in is rate-limited hard (30 per 5 minutes, 100–300 a day per account), so a poll every few minutes
must not log in each time: the access token is reused, refreshed with the refresh token when it expires, and
only when that fails too do we log in again.
"""
from __future__ import annotations

from django.core.cache import cache

from storydesk.channels.social.api import ApiClient, ApiResponse
from storydesk.channels.social.errors import AUTH, PlatformError

SESSION_SECONDS = 60 * 24 * 3600  # the refresh token lives about two months
EXPIRED = ("ExpiredToken", "InvalidToken")


class BlueskySession:
    def __init__(self, client: ApiClient, identifier: str, app_password: str):
        self.client, self.identifier, self.app_password = client, identifier, app_password
        self._key = f"social-bluesky-session:{client.base}:{identifier.casefold()}"

    @property
    def did(self) -> str:
        return self._session()["did"]

    @property
    def handle(self) -> str:
        return self._session()["handle"]

    def call(self, method: str, nsid: str, **kwargs) -> ApiResponse:
        """An XRPC call with the session's token; an expired token is refreshed (or the login redone) once."""
        session = self._session()
        try:
            return self._call(method, nsid, session["accessJwt"], **kwargs)
        except PlatformError as error:
            if error.error_name not in EXPIRED and error.status != 401:
                raise
        session = self._refresh(session)
        return self._call(method, nsid, session["accessJwt"], **kwargs)

    def _call(self, method: str, nsid: str, token: str, **kwargs) -> ApiResponse:
        headers = {"Authorization": f"Bearer {token}", **kwargs.pop("headers", {})}
        return self.client.request(method, f"/xrpc/{nsid}", headers=headers, **kwargs)

    def _session(self) -> dict:
        return cache.get(self._key) or self._login()

    def _login(self) -> dict:
        response = self.client.post("/xrpc/com.atproto.server.createSession",
                                    json_body={"identifier": self.identifier, "password": self.app_password},
                                    expect=_is_session)
        return self._keep(response.data)

    def _refresh(self, session: dict) -> dict:
        try:
            response = self.client.post("/xrpc/com.atproto.server.refreshSession",
                                        headers={"Authorization": f"Bearer {session['refreshJwt']}"},
                                        expect=_is_session)
        except PlatformError as error:
            if error.kind != AUTH and error.error_name not in EXPIRED:
                raise
            cache.delete(self._key)
            return self._login()  # the refresh token has run out too: log in again
        return self._keep({**session, **response.data})

    def _keep(self, data: dict) -> dict:
        session = {k: data[k] for k in ("accessJwt", "refreshJwt", "did", "handle")}
        # The tokens live in the desk's own cache (its database or Redis), like its sessions.
        cache.set(self._key, session, timeout=SESSION_SECONDS)
        return session


def _is_session(data) -> bool:
    return isinstance(data, dict) and all(isinstance(data.get(k), str) for k in ("accessJwt", "refreshJwt", "did",
                                                                                 "handle"))
