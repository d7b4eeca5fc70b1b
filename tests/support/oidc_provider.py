"""A small OpenID provider on 127.0.0.1 for the single sign-on tests: discovery, an authorization endpoint that
approves its one configured person at once, a token endpoint that checks the code, the client's secret and the
PKCE verifier and answers with an RS256 ID token, the signing keys (JWKS) and userinfo. Nothing here runs in
production; its knobs make it misbehave the ways a real provider or an attacker might."""
from __future__ import annotations

import base64
import functools
import gzip
import hashlib
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

CLIENT_ID, CLIENT_SECRET = "storydesk-desk", "provider-given-secret"


def new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@functools.cache
def provider_key() -> rsa.RSAPrivateKey:
    """The provider's usual key: made once per test run, since making one takes most of a second."""
    return new_key()


@dataclass
class Person:
    """Who the provider says signs in."""

    sub: str = "person-1"
    email: str = "ada@example.org"
    email_verified: bool | str | None = True
    amr: list[str] | None = field(default_factory=lambda: ["pwd"])  # None: the ID token has no amr
    in_id_token: bool = True  # False: e-mail only from userinfo, as some providers do
    more: dict = field(default_factory=dict)  # other claims, like preferred_username

    def claims(self) -> dict:
        email = {"email": self.email} if self.email is not None else {}
        if self.email_verified is not None:
            email["email_verified"] = self.email_verified
        return {"sub": self.sub, **email, **self.more}


class OIDCProvider:
    def __init__(self):
        self.key, self.kid = provider_key(), "key-1"
        self.person = Person()
        # Knobs: claims put over the ID token's own; a key (and key id) that signs instead of the published one;
        # seconds to wait before answering the token endpoint; bytes of padding in the JWKS answer.
        self.id_token_overrides: dict = {}
        self.signing_key: rsa.RSAPrivateKey | None = None
        self.signing_kid: str | None = None
        self.token_delay = 0.0
        self.jwks_padding = 0
        # More knobs: ID token claims left out; the ID token's algorithm ("none" and "HS256" are attacks); claims
        # put over userinfo's; how the client must authenticate at the token endpoint (client_secret_basic,
        # client_secret_post, or none: a public client); answers compressed with this Content-Encoding whatever
        # the client asked (a "bomb": a small answer that unpacks to 20 MB); seconds between bytes sent, headers
        # included (a trickle).
        self.id_token_omit: set[str] = set()
        self.id_token_alg = "RS256"
        self.userinfo_overrides: dict = {}
        self.token_auth = "client_secret_basic"
        self.bomb_encoding = ""
        self.trickle_seconds = 0.0
        # And: entries put over the metadata's; answers sent as they are, by path (bytes no JSON parser takes).
        self.metadata_overrides: dict = {}
        self.raw_answers: dict[str, bytes] = {}
        self.codes: dict[str, dict] = {}
        self.token_requests: list[dict] = []
        self.token_authorizations: list[str] = []
        self.accept_encodings: list[str] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._server.daemon_threads = True
        self._server.provider = self
        self.issuer = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True)

    def start(self) -> OIDCProvider:
        self._thread.start()
        return self

    def stop(self) -> None:
        """The provider goes down: nothing listens on its port any more."""
        if self._thread.is_alive():
            self._server.shutdown()
            self._server.server_close()

    def __enter__(self) -> OIDCProvider:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def metadata(self) -> dict:
        return {"issuer": self.issuer, "authorization_endpoint": f"{self.issuer}/authorize",
                "token_endpoint": f"{self.issuer}/token", "jwks_uri": f"{self.issuer}/jwks",
                "userinfo_endpoint": f"{self.issuer}/userinfo", "response_types_supported": ["code"],
                "subject_types_supported": ["public"], "id_token_signing_alg_values_supported": ["RS256"],
                "code_challenge_methods_supported": ["S256"],
                "token_endpoint_auth_methods_supported": [self.token_auth], **self.metadata_overrides}

    def jwks(self) -> dict:
        public = RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        keys = {"keys": [{**public, "kid": self.kid, "use": "sig", "alg": "RS256"}]}
        if self.jwks_padding:
            keys["padding"] = "x" * self.jwks_padding
        return keys

    def id_token(self, nonce: str) -> str:
        now = int(time.time())
        amr = {"amr": self.person.amr} if self.person.amr is not None else {}
        claims = {"iss": self.issuer, "aud": CLIENT_ID, "iat": now, "exp": now + 300, "nonce": nonce, **amr,
                  **(self.person.claims() if self.person.in_id_token else {"sub": self.person.sub}),
                  **self.id_token_overrides}
        claims = {name: value for name, value in claims.items() if name not in self.id_token_omit}
        if self.id_token_alg == "none":
            return jwt.encode(claims, None, algorithm="none", headers={"kid": self.kid})
        if self.id_token_alg == "HS256":  # signed with the client's own secret, as a confused verifier would take
            return jwt.encode(claims, CLIENT_SECRET.ljust(32, "!"), algorithm="HS256", headers={"kid": self.kid})
        return jwt.encode(claims, self.signing_key or self.key, algorithm="RS256",
                          headers={"kid": self.signing_kid or self.kid})

    def authorize(self, query: dict) -> tuple[int, dict, dict]:
        if query.get("client_id") != CLIENT_ID or query.get("response_type") != "code":
            return 400, {}, {"error": "invalid_request"}
        if query.get("code_challenge_method") != "S256" or not query.get("code_challenge"):
            return 400, {}, {"error": "invalid_request", "error_description": "PKCE is required"}
        code = secrets.token_urlsafe(16)
        self.codes[code] = query
        back = f"{query['redirect_uri']}?{urlencode({'code': code, 'state': query.get('state', '')})}"
        return 302, {"Location": back}, {}

    def token(self, form: dict, authorization: str) -> tuple[int, dict, dict]:
        self.token_requests.append(form)
        self.token_authorizations.append(authorization)
        time.sleep(self.token_delay)
        if not self._client_authenticated(form, authorization):
            return 401, {}, {"error": "invalid_client"}
        asked = self.codes.pop(form.get("code", ""), None)  # a code works once
        if asked is None or form.get("redirect_uri") != asked["redirect_uri"]:
            return 400, {}, {"error": "invalid_grant"}
        verifier = form.get("code_verifier", "").encode()
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier).digest()).rstrip(b"=").decode()
        if challenge != asked["code_challenge"]:
            return 400, {}, {"error": "invalid_grant", "error_description": "PKCE verifier does not match"}
        return 200, {}, {"access_token": f"access-{self.person.sub}", "token_type": "Bearer", "expires_in": 300,
                         "id_token": self.id_token(asked.get("nonce", ""))}

    def _client_authenticated(self, form: dict, authorization: str) -> bool:
        """RFC 6749 2.3.1 and OpenID Connect Core 9: the secret in exactly one place, or none from a public client."""
        basic = "Basic " + base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
        if self.token_auth == "client_secret_basic":
            return authorization == basic and "client_secret" not in form
        if self.token_auth == "client_secret_post":
            return not authorization and form.get("client_id") == CLIENT_ID and (
                form.get("client_secret") == CLIENT_SECRET)
        return not authorization and form.get("client_id") == CLIENT_ID and "client_secret" not in form

    def userinfo(self, authorization: str) -> tuple[int, dict, dict]:
        if authorization != f"Bearer access-{self.person.sub}":
            return 401, {}, {"error": "invalid_token"}
        return 200, {}, {**self.person.claims(), **self.userinfo_overrides}


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        provider: OIDCProvider = self.server.provider
        provider.accept_encodings.append(self.headers.get("Accept-Encoding", ""))
        url = urlsplit(self.path)
        if url.path in provider.raw_answers:
            return self._answer(200, {}, provider.raw_answers[url.path])
        query = {key: values[0] for key, values in parse_qs(url.query).items()}
        answers = {
            "/.well-known/openid-configuration": lambda: (200, {}, provider.metadata()),
            "/jwks": lambda: (200, {}, provider.jwks()),
            "/authorize": lambda: provider.authorize(query),
            "/userinfo": lambda: provider.userinfo(self.headers.get("Authorization", "")),
        }
        self._answer(*answers.get(url.path, lambda: (404, {}, {"error": "not_found"}))())

    def do_POST(self):
        provider: OIDCProvider = self.server.provider
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
        form = {key: values[0] for key, values in parse_qs(body).items()}
        if urlsplit(self.path).path != "/token":
            return self._answer(404, {}, {"error": "not_found"})
        self._answer(*provider.token(form, self.headers.get("Authorization", "")))

    def _answer(self, status: int, headers: dict, body: dict | bytes) -> None:
        provider: OIDCProvider = self.server.provider
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        if provider.bomb_encoding:
            headers = {**headers, "Content-Encoding": provider.bomb_encoding}
            data = _bomb(provider.bomb_encoding)
        if provider.trickle_seconds:
            return self._trickle(status, headers, data, provider.trickle_seconds)
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _trickle(self, status: int, headers: dict, data: bytes, seconds: float) -> None:
        """The whole answer, status line and headers included, one byte at a time."""
        head = [f"HTTP/1.1 {status} OK", "Content-Type: application/json", f"Content-Length: {len(data)}",
                *(f"{name}: {value}" for name, value in headers.items())]
        self.close_connection = True
        try:
            for byte in ("\r\n".join(head) + "\r\n\r\n").encode() + data:
                self.wfile.write(bytes([byte]))
                time.sleep(seconds)
        except OSError:
            pass  # the client gave up: that's the point

    def log_message(self, *args):  # quiet: the tests say what matters
        pass


@functools.cache
def _bomb(encoding: str) -> bytes:
    """20 MB of zeros (nothing JSON could read), compressed (gzip: 20 KB; brotli: far less)."""
    zeros = b"0" * (20 * 1024 * 1024)
    if encoding == "br":
        import brotli
        return brotli.compress(zeros, quality=5)
    return gzip.compress(zeros)
