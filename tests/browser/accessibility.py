"""axe-core in the page: which serious or critical accessibility problems it finds, said so a person can act."""
from __future__ import annotations

from tests.browser.prerequisites import AXE, require

BLOCKING = ("serious", "critical")  # axe's two highest impacts; minor and moderate ones are not failures here


def violations(page) -> list[dict]:
    """axe's serious and critical violations on the page as it is now (every rule axe runs by default)."""
    require(AXE, "axe-core (npm ci in tests/browser)")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated, not added as a <script>: the pages' Content-Security-Policy rightly refuses inline scripts.
        page.evaluate(AXE.read_text())
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [v for v in result["violations"] if v["impact"] in BLOCKING]


def described(found: list[dict], where: str) -> str:
    lines = [f"{where}: {len(found)} serious or critical accessibility violation(s)"]
    for v in found:
        lines.append(f"  [{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:8]:
            lines.append(f"    at {' '.join(map(str, node['target']))}")
            lines.append(f"       {' '.join(node['html'].split())[:160]}")
            for reason in node.get("failureSummary", "").splitlines()[1:3]:
                lines.append(f"       {reason.strip()}")
        if len(v["nodes"]) > 8:
            lines.append(f"    … and {len(v['nodes']) - 8} more")
    return "\n".join(lines)


def assert_accessible(page, where: str = "") -> None:
    found = violations(page)
    assert not found, described(found, where or page.url)


def assert_pages_accessible(page, visits) -> None:
    """visits: (name, address, the HTTP status the page answers with). Every page is checked before the test
    fails, so one run lists everything there is to fix."""
    reports = []
    for name, address, status in visits:
        response = page.goto(address)
        # Checking a refusal or an error page instead of the page meant would pass for the wrong reason.
        assert response.status == status, f"{name}: {address} answered {response.status}, not {status}"
        if found := violations(page):
            reports.append(described(found, f"{name} ({address})"))
    assert not reports, "\n\n".join(reports)
