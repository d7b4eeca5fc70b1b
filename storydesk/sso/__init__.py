"""Single sign-on for staff through an OpenID Connect provider; off until STORYDESK_OIDC_ISSUER is set.

  config.py    the STORYDESK_OIDC_* settings as one frozen value, read at each use
  provider.py  the provider's metadata, keys, token and userinfo endpoints: bounded in time and size
  tokens.py    the ID token checked: RS256 signature by the provider's keys, issuer, audience, expiry, nonce
  matching.py  which existing staff account a verified identity is (never a new one, never a new role)
  views.py     /accounts/sso/login/ (to the provider, with state, nonce and PKCE) and /accounts/sso/callback/
  backend.py   restores the sessions the callback began
Every refusal is a SignInRefused (refusal.py): audited, and said in plain words on the log-in page.
"""
