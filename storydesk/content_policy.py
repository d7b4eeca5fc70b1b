"""A Content-Security-Policy on every response: scripts, styles, fonts and frames from this site only, so an
injected <script> or style runs nowhere. A view that needs one directive otherwise (the widget, framed by any
site) sends just that directive, and it replaces the default one."""
from __future__ import annotations

POLICY: dict[str, str] = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    # Charts are SVG in data: URLs (storydesk/insights/charts.py).
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
    "base-uri": "'none'",
    "object-src": "'none'",
}
HEADER = "Content-Security-Policy"


def _directives(text: str) -> dict[str, str]:
    parts = (part.strip().split(None, 1) for part in text.split(";") if part.strip())
    return {part[0].lower(): part[1] if len(part) > 1 else "" for part in parts}


def policy_with(own: str = "") -> str:
    merged = {**POLICY, **_directives(own)}
    return "; ".join(f"{name} {value}".strip() for name, value in merged.items())


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response[HEADER] = policy_with(response.get(HEADER, ""))
        return response
