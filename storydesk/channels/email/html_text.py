"""An HTML mail body as plain text: quoted blocks marked with "> " (so answer.py drops them like any quote),
signatures and invisible parts left out, and the cid: images the body shows."""
from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

_BLOCKS = {"p", "div", "br", "li", "tr", "table", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "pre",
           "blockquote", "section", "article", "header", "footer"}
_INVISIBLE = {"script", "style", "head", "title", "template", "noscript"}
_VOID = {"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed", "source", "track", "wbr"}
# Signatures and their wrappers as mail programs mark them (Gmail, Thunderbird, Outlook, Apple Mail).
_SIGNATURE_CLASSES = ("gmail_signature", "moz-signature", "applemailsignature")
_SIGNATURE_IDS = ("signature", "appendonsend")
_SPACE = re.compile(r"[ \t\r\n\f\u00a0]+")


@dataclass(frozen=True)
class HtmlBody:
    text: str
    cids: tuple[str, ...]  # Content-IDs of the images shown in the body, in order


def html_to_text(html: str) -> HtmlBody:
    parser = _TextParser()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # html.parser is lenient; anything left over is still better than no answer
        pass
    return HtmlBody(parser.text(), tuple(dict.fromkeys(parser.cids)))


class _TextParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines: list[tuple[int, str]] = [(0, "")]
        self.stack: list[tuple[str, str]] = []  # (tag, role): role is "quote", "skip" or ""
        self.cids: list[str] = []

    @property
    def _skipping(self) -> bool:
        return any(role == "skip" for _, role in self.stack)

    @property
    def _depth(self) -> int:
        return sum(role == "quote" for _, role in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = {k: (v or "") for k, v in attrs}
        if tag == "img" and attrs.get("src", "").lower().startswith("cid:"):
            self.cids.append(attrs["src"][4:].strip("<>"))
        role = self._role(tag, attrs)
        if tag == "br":
            self.lines.append((self._depth, ""))  # every <br> counts: two in a row make a blank line
        elif tag in _BLOCKS:
            self._newline()
        if tag not in _VOID:
            self.stack.append((tag, role))
            if role == "quote":
                self._newline()

    def handle_startendtag(self, tag, attrs):  # <br/>, <img/>, and the odd <div/>: nothing to close later
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in _VOID:
            return
        for i in range(len(self.stack) - 1, -1, -1):  # close the nearest open tag of this name (and inside it)
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break
        if tag in _BLOCKS:
            self._newline()
        if tag == "p":
            self.lines.append((self._depth, ""))

    def handle_data(self, data):
        if self._skipping:
            return
        text = _SPACE.sub(" ", data)
        depth, line = self.lines[-1]
        if depth != self._depth:
            self._newline()
            depth, line = self.lines[-1]
        if not line:
            text = text.lstrip()
        self.lines[-1] = (depth, line + text)

    def _role(self, tag: str, attrs: dict) -> str:
        if tag in _INVISIBLE:
            return "skip"
        classes = attrs.get("class", "").lower().split()
        if any(c in _SIGNATURE_CLASSES for c in classes) or attrs.get("id", "").lower() in _SIGNATURE_IDS:
            return "skip"
        if tag == "blockquote":
            return "quote"
        return ""

    def _newline(self):
        if self.lines[-1][1].strip():
            self.lines.append((self._depth, ""))
        else:
            self.lines[-1] = (self._depth, "")

    def text(self) -> str:
        out = []
        for depth, line in self.lines:
            line = line.rstrip()
            out.append(("> " * depth + line) if depth else line)
        return "\n".join(out).strip()
