"""Layout checks in the page as it is drawn: nothing wider than the viewport, and no two controls on top of each
other. Said so a person can find the element (tag, id, classes, text) and see it on the saved screenshot."""
from __future__ import annotations

import os
from pathlib import Path

# Where the screenshots go: outside git (var/ is ignored), kept after the run so a person can look at them.
SCREENSHOTS = Path(os.environ.get("STORYDESK_SCREENSHOTS", Path(__file__).parents[2] / "var" / "screenshots"))

# One script, run in the page. Returns a list of problems, each a line of text.
_PROBLEMS_JS = r"""
() => {
  const width = window.innerWidth;
  const SLACK = 1;  // sub-pixel rounding
  const problems = [];

  function describe(el) {
    let name = el.tagName.toLowerCase();
    if (el.id) name += "#" + el.id;
    if (el.classList.length) name += "." + Array.from(el.classList).join(".");
    const text = (el.getAttribute("aria-label") || el.innerText || el.value || "").trim().replace(/\s+/g, " ");
    return text ? `${name} "${text.slice(0, 60)}"` : name;
  }

  function shown(el) {
    if (!el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) return false;
    const box = el.getBoundingClientRect();
    // 1×1 boxes are the visually-hidden pattern: there for screen readers, not drawn.
    return box.width > 1 && box.height > 1;
  }

  // An element inside a box that scrolls (or clips) sideways may be wider than the viewport: the box is checked.
  // An absolutely placed one (a visually hidden label) only when the box is, or holds, what it is placed in.
  function scrolledInside(el) {
    const position = getComputedStyle(el).position;
    if (position === "fixed") return false;
    let escaping = position === "absolute";
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      const style = getComputedStyle(up);
      if (escaping && style.position !== "static") escaping = false;
      if (!escaping && style.overflowX !== "visible") return true;
    }
    return false;
  }

  const root = document.documentElement;
  if (root.scrollWidth > width + SLACK) {
    problems.push(`the page is ${root.scrollWidth}px wide in a ${width}px viewport`);
  }

  const sticking = [];
  for (const el of document.body.querySelectorAll("*")) {
    // Visually hidden elements count here: one placed beyond the edge widens the page all the same.
    if (!el.checkVisibility()) continue;
    const box = el.getBoundingClientRect();
    const offscreen = getComputedStyle(el).position === "absolute" && box.right <= 0;  // a skip link at rest
    if (offscreen) continue;
    if ((box.right > width + SLACK || box.left < -SLACK) && !scrolledInside(el)) sticking.push([el, box]);
  }
  // Only the outermost: its children sticking out too say nothing new.
  for (const [el, box] of sticking) {
    if (sticking.some(([other]) => other !== el && other.contains(el))) continue;
    problems.push(`${describe(el)} reaches ${Math.round(box.left)}..${Math.round(box.right)}px, ` +
                  `beyond the ${width}px viewport`);
  }

  // Controls a person clicks or types into: two of them drawn on top of each other hide one.
  const CONTROLS = "a[href], button, input:not([type=hidden]), select, textarea, summary";
  const controls = Array.from(document.body.querySelectorAll(CONTROLS)).filter(shown);
  // A link that wraps has one box per line: the union of them would cover the text beside it.
  const boxes = controls.map((el) => Array.from(el.getClientRects()).filter((r) => r.width > 1 && r.height > 1));
  for (let i = 0; i < controls.length; i++) {
    for (let j = i + 1; j < controls.length; j++) {
      const [a, b] = [controls[i], controls[j]];
      if (a.contains(b) || b.contains(a)) continue;
      const overlap = boxes[i].some((p) => boxes[j].some((q) =>
        Math.min(p.right, q.right) - Math.max(p.left, q.left) > 2 &&
        Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top) > 2));
      if (overlap) problems.push(`${describe(a)} and ${describe(b)} overlap`);
    }
  }
  return problems;
}
"""


def layout_problems(page) -> list[str]:
    """What is wrong with the page's layout at its current viewport, one line each (empty: nothing)."""
    return page.evaluate(_PROBLEMS_JS)


def screenshot(page, width: int, name: str) -> Path:
    """The whole page, saved as SCREENSHOTS/<width>/<name>.png, for a person to look at."""
    path = SCREENSHOTS / str(width) / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)
    return path


def check_pages(page, width: int, visits) -> list[str]:
    """Visit each (name, address) at this width, save its screenshot and return every problem found, so one
    run lists everything there is to fix."""
    page.set_viewport_size({"width": width, "height": 900})
    reports = []
    for name, address in visits:
        response = page.goto(address)
        assert response.status == 200, f"{name}: {address} answered {response.status}"
        page.wait_for_load_state("networkidle")  # the story page claims itself once loaded, and redraws
        # A full-page screenshot never scrolls, so images below the fold that load lazily would stay blank.
        page.evaluate("""() => Promise.all(Array.from(document.images, (img) => {
            img.loading = "eager";
            return img.complete ? null : new Promise((done) => { img.onload = img.onerror = done; });
        }))""")
        reports += check_here(page, width, name, address)
    return reports


def check_here(page, width: int, name: str, address: str = "") -> list[str]:
    """The page as it is now (reached by a click or a POST, with no address of its own): its screenshot saved,
    its problems returned as one report (or none)."""
    shot = screenshot(page, width, name.replace(" ", "-"))
    found = layout_problems(page)
    if not found:
        return []
    where = f" ({address})" if address else ""
    return [f"{name}{where} at {width}px, see {shot}:\n  " + "\n  ".join(found[:15])
            + (f"\n  … and {len(found) - 15} more" if len(found) > 15 else "")]
