"""Every desk page, and the log-in page, fits the screens staff use: a phone (390 px), a laptop (1366 px) and a
wide monitor (1920 px), with data made to break layouts (tests/browser/stress.py). A page fails when anything
makes it wider than the viewport or two controls are drawn on top of each other; each page's screenshot is
saved (tests/browser/layout.py says where) for a person to look at."""
from __future__ import annotations

import pytest

from tests.browser.layout import check_pages, layout_problems
from tests.browser.pages import log_in
from tests.browser.stress import desk_pages, stressed_desk

WIDTHS = (390, 1366, 1920)


@pytest.fixture
def desk(campaign, staff_user):
    return stressed_desk(campaign, staff_user)


@pytest.mark.parametrize("width", WIDTHS)
def test_every_desk_page_fits(page, desk, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, desk.staff)
    reports = check_pages(page, width, desk_pages(desk))
    assert not reports, "\n\n".join(reports)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_log_in_page_fits(page, width):
    page.set_viewport_size({"width": width, "height": 900})
    reports = check_pages(page, width, [("log-in", "/accounts/login/?next=/desk/")])
    page.get_by_label("Username").fill("n" * 150)
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("alert").wait_for()
    reports += [f"log-in page after a wrong password: {p}" for p in layout_problems(page)]
    assert not reports, "\n\n".join(reports)


def test_the_checks_find_overflow_and_overlap(page):
    """The checks can fail: a page too wide, something sticking out (a visually hidden label too: it escapes the
    box that scrolls when that box is not what it is placed in), and two controls on top of each other."""
    page.set_viewport_size({"width": 390, "height": 600})
    page.set_content("""<!doctype html><html lang="en"><body style="margin: 0">
        <p id="wide" style="width: 500px">too wide</p>
        <div style="overflow-x: auto"><table><tr><td style="min-width: 600px">scrolls in its own box</td>
        <td><span id="hidden" style="position: absolute; width: 1px; height: 1px; overflow: hidden">escapes</span>
        </td></tr>
        </table></div>
        <div style="position: relative; height: 40px"><button id="under">Under</button>
        <select id="over" style="position: absolute; left: 10px; top: 0"><option>Over</option></select></div>
        <a href="#" style="position: absolute; left: -999px">skip link at rest</a>
        <span style="position: absolute; width: 1px; height: 1px; overflow: hidden">visually hidden</span>
        </body></html>""")
    found = layout_problems(page)
    assert found[0] == "the page is 608px wide in a 390px viewport"  # the hidden span, placed at 607px
    assert any(line.startswith('p#wide "too wide" reaches 0..500px') for line in found)
    assert any(line.startswith('span#hidden "escapes" reaches') for line in found)  # placed outside the box
    assert any("button#under" in line and "select#over" in line and "overlap" in line for line in found)
    assert not any("scrolls in its own box" in line or "skip" in line for line in found), found
    assert len(found) == 4, found
