"""A small OpenID provider on 127.0.0.1 for the single sign-on tests: discovery, an authorization endpoint that
approves its one configured person at once, a token endpoint that checks the code, the client's secret and the
PKCE verifier and answers with an RS256 ID token, the signing keys (JWKS) and userinfo. Nothing here runs in
production; its knobs make it misbehave the ways a real provider or an attacker might."""
from __future__ import annotations

import base64
import functools
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
    amr: list[str] = field(default_factory=lambda: ["pwd"])
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
        self.codes: dict[str, dict] = {}
        self.token_requests: list[dict] = []
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
                "token_endpoint_auth_methods_supported": ["client_secret_basic"]}

    def jwks(self) -> dict:
        public = RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        keys = {"keys": [{**public, "kid": self.kid, "use": "sig", "alg": "RS256"}]}
        if self.jwks_padding:
            keys["padding"] = "x" * self.jwks_padding
        return keys

    def id_token(self, nonce: str) -> str:
        now = int(time.time())
        claims = {"iss": self.issuer, "aud": CLIENT_ID, "iat": now, "exp": now + 300, "nonce": nonce,
                  "amr": self.person.amr, **(self.person.claims() if self.person.in_id_token else
                                             {"sub": self.person.sub}), **self.id_token_overrides}
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
        time.sleep(self.token_delay)
        expected = "Basic " + base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
        if authorization != expected:
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

    def userinfo(self, authorization: str) -> tuple[int, dict, dict]:
        if authorization != f"Bearer access-{self.person.sub}":
            return 401, {}, {"error": "invalid_token"}
        return 200, {}, self.person.claims()


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        provider: OIDCProvider = self.server.provider
        url = urlsplit(self.path)
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

    def _answer(self, status: int, headers: dict, body: dict) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):  # quiet: the tests say what matters
        pass
