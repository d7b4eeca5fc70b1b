"""The provider's ID token, checked before anything in it is believed (OpenID Connect Core 1.0, 3.1.3.7): an
RS256 signature by one of the provider's published keys, our issuer, our client as its audience (and
authorized party when it names several), not expired, and the nonce this browser's flow sent."""
from __future__ import annotations

import hmac

import jwt

from storydesk.sso.config import OpenIDSettings
from storydesk.sso.provider import ProviderClient
from storydesk.sso.refusal import try_again

# Fixed here, never taken from the token's own header (RFC 8725, 2.1).
ALGORITHMS = ["RS256"]
REQUIRED = ["iss", "sub", "aud", "exp", "iat", "nonce"]


def verified_claims(id_token: str, *, nonce: str, config: OpenIDSettings, provider: ProviderClient) -> dict:
    try:
        header = jwt.get_unverified_header(id_token)
    except jwt.PyJWTError:
        raise try_again("token_unreadable") from None
    if header.get("alg") not in ALGORITHMS:
        raise try_again("token_algorithm", algorithm=str(header.get("alg"))[:20])
    key = _signing_key(str(header.get("kid") or ""), provider)
    try:
        claims = jwt.decode(id_token, key, algorithms=ALGORITHMS, audience=config.client_id, issuer=config.issuer,
                            leeway=config.clock_skew_seconds, options={"require": REQUIRED})
    except jwt.ExpiredSignatureError:
        raise try_again("token_expired") from None
    except jwt.InvalidAudienceError:
        raise try_again("token_audience") from None
    except jwt.InvalidIssuerError:
        raise try_again("token_issuer") from None
    except jwt.InvalidSignatureError:
        raise try_again("token_signature") from None
    except jwt.PyJWTError as error:
        raise try_again("token_invalid", error=str(error)[:200]) from None
    audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
    if (len(audiences) > 1 or "azp" in claims) and claims.get("azp") != config.client_id:
        raise try_again("token_audience", azp=str(claims.get("azp"))[:200])
    if not isinstance(claims["nonce"], str) or not hmac.compare_digest(claims["nonce"], nonce):
        raise try_again("token_nonce")
    if not isinstance(claims["sub"], str) or not claims["sub"]:
        raise try_again("token_invalid", error="no subject")
    return claims


def _signing_key(kid: str, provider: ProviderClient) -> jwt.PyJWK:
    """The published key the token names; the keys are read again once if it is new (the provider rotated)."""
    for fresh in (False, True):
        usable = [key for key in provider.keys(fresh=fresh).keys
                  if key.key_type == "RSA" and key.public_key_use in (None, "sig")]
        if kid:
            usable = [key for key in usable if key.key_id == kid]
        if len(usable) == 1:
            return usable[0]
        if len(usable) > 1:  # no kid, and several keys: which one signed is anybody's guess
            break
    raise try_again("token_key", kid=kid[:100])
