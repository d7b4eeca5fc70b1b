"""Reading gallery pages in tests: their images, links and meta tags, with the standard HTML parser."""
from __future__ import annotations

from html.parser import HTMLParser


class Page(HTMLParser):
    def __init__(self, html: str):
        super().__init__()
        self.images: list[dict] = []
        self.links: list[str] = []
        self.meta: dict[str, str] = {}
        self.scripts = 0
        self.forms: list[dict] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "img":
            self.images.append(a)
        elif tag == "a" and "href" in a:
            self.links.append(a["href"])
        elif tag == "link" and "href" in a:
            self.links.append(a["href"])
        elif tag == "meta" and ("property" in a or "name" in a):
            self.meta[a.get("property") or a["name"]] = a.get("content", "")
        elif tag == "script":
            self.scripts += 1
        elif tag == "form":
            self.forms.append(a)


def page(response) -> Page:
    return Page(response.content.decode())


def story_paths(response) -> list[str]:
    """The story pages a wall or month page links to, in order."""
    seen = []
    for href in page(response).links:
        if href.startswith("/stories/") and href not in seen:
            seen.append(href)
    return seen
