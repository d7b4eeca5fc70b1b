"""Rendered gallery pages, kept until the gallery changes.

Every page is cached under the gallery's version, a token that on_public_change replaces: a publish or a
withdrawal makes every cached page unreachable at once, in every process, without finding or deleting
any of them. A request costs one read of the version (a small file, or Redis in the scaled mode) and,
when this process rendered the page already, a dictionary look-up. Searches and pages not found are kept
only in this process, in a list of bounded length: their addresses are the visitor's to invent."""
from __future__ import annotations

import hashlib
import os
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.cache import caches

VERSION_KEY = "gallery:version"
LOCAL_PAGES = 512  # pages this process keeps in memory, most recently used
MADE_UP_PAGES = 256  # searches and pages not found: this process only, most recently used


@dataclass(frozen=True)
class Page:
    content: bytes
    content_type: str
    headers: tuple[tuple[str, str], ...] = ()
    etag: str = field(default="")
    status: int = 200

    @classmethod
    def of(cls, content: bytes, content_type: str, headers: tuple[tuple[str, str], ...] = (),
           status: int = 200) -> Page:
        etag = '"' + hashlib.blake2b(content, digest_size=12).hexdigest() + '"'
        return cls(content, content_type, headers, etag, status)


class _FileVersion:
    """The version as a small file beside the data (embedded mode: every web process is on this machine).
    A request costs one stat(); the file is read again only when a bump replaced it."""

    def __init__(self, path: Path):
        self.path = path
        self.seen: tuple | None = None
        self.value: str | None = None
        self.lock = threading.Lock()

    def get(self) -> str | None:
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return None
        seen = (st.st_ino, st.st_mtime_ns, st.st_size)
        if seen != self.seen:
            with self.lock:
                self.value, self.seen = self.path.read_text().strip() or None, seen
        return self.value

    def set(self, value: str) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.{threading.get_ident()}")
        temporary.write_text(value)
        os.replace(temporary, self.path)  # a new inode: every process's next stat() sees the change

    def add(self, value: str) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with open(self.path, "x") as out:
                out.write(value)
        except FileExistsError:
            pass


class _CacheVersion:
    """The version in a shared cache (scaled mode: Redis, seen by every machine)."""

    def __init__(self, alias: str):
        self.alias = alias

    def get(self) -> str | None:
        return caches[self.alias].get(VERSION_KEY)

    def set(self, value: str) -> None:
        caches[self.alias].set(VERSION_KEY, value, None)

    def add(self, value: str) -> None:
        caches[self.alias].add(VERSION_KEY, value, None)


_stores: dict[str, _FileVersion | _CacheVersion] = {}


def _version_store() -> _FileVersion | _CacheVersion:
    where = settings.STORYDESK_GALLERY_VERSION_FILE or f"cache:{settings.STORYDESK_GALLERY_VERSION_CACHE}"
    store = _stores.get(where)
    if store is None:
        store = _stores[where] = (_FileVersion(Path(where)) if settings.STORYDESK_GALLERY_VERSION_FILE
                                  else _CacheVersion(settings.STORYDESK_GALLERY_VERSION_CACHE))
    return store


def _page_store():
    return caches[settings.STORYDESK_GALLERY_PAGE_CACHE]


def current_version() -> str:
    store = _version_store()
    version = store.get()
    if version is None:
        # Lost (a cleared cache or folder): a fresh token, never an old one, so no page from before comes back.
        store.add(_new_version())
        version = store.get()
    return version


def bump() -> str:
    version = _new_version()
    _version_store().set(version)
    return version


def _new_version() -> str:
    return f"{time.time_ns():x}-{secrets.token_hex(3)}"


class _LocalPages:
    """This process's most recently used pages of the current version."""

    def __init__(self, size: int):
        self.size = size
        self.version = ""
        self.pages: OrderedDict[str, Page] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, version: str, key: str) -> Page | None:
        with self.lock:
            if version != self.version:
                self.version, self.pages = version, OrderedDict()
                return None
            page = self.pages.get(key)
            if page is not None:
                self.pages.move_to_end(key)
            return page

    def put(self, version: str, key: str, page: Page) -> None:
        with self.lock:
            if version != self.version:
                return
            self.pages[key] = page
            while len(self.pages) > self.size:
                self.pages.popitem(last=False)


_local = _LocalPages(LOCAL_PAGES)
_made_up = _LocalPages(MADE_UP_PAGES)


def cached_page(key: str, render: Callable[[], Page], *, made_up: bool = False) -> Page:
    """The page, rendered once per gallery version. `made_up`: the visitor chose the key freely (a search);
    such pages, and pages not found, stay in this process's small list and never reach the shared store,
    so distinct queries can't fill it however many a visitor sends."""
    version = current_version()
    page = _local.get(version, key) or _made_up.get(version, key)
    if page is not None:
        return page
    page = None if made_up else _page_store().get(shared_key(version, key))
    if page is None:
        page = render()
        if made_up or page.status == 404:
            _made_up.put(version, key, page)
            return page
        _page_store().set(shared_key(version, key), page, settings.STORYDESK_GALLERY_CACHE_SECONDS)
    _local.put(version, key, page)
    return page


def shared_key(version: str, key: str) -> str:
    return f"gallery:page:{version}:{hashlib.blake2b(key.encode(), digest_size=16).hexdigest()}"


def forget_local() -> None:
    """Drop this process's pages (tests, and after a database is swapped underneath)."""
    for pages in (_local, _made_up):
        with pages.lock:
            pages.version, pages.pages = "", OrderedDict()
