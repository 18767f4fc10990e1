"""The built site in the browser at the address it was built for, served from disk by Playwright.

Pages carry absolute addresses of the published site (canonical and hreflang links, which the theme's
script fetches from), so a test that wants the reader's whole experience, requests included, opens the
pages at that address. Every request to it is answered from the built folder the way a static host
answers: a file, a folder's index.html, or the site's 404.html with status 404. Nothing listens on the
port, so the tests never meet another program on the machine.
"""
from __future__ import annotations

import mimetypes
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

mimetypes.add_type("image/svg+xml", ".svg")
mimetypes.add_type("application/javascript", ".js")


def site_url_of(site: Path) -> str:
    """The address the site was built for, read from its home page's canonical link."""
    head = (site / "index.html").read_text(encoding="utf-8")
    match = re.search(r'<link rel="canonical" href="([^"]+)"', head)
    assert match, "the home page has no canonical link"
    return match.group(1)


@dataclass
class Log:
    """What the browser asked the site for, and what the page said on its console."""

    not_found: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    requests: int = 0
    elsewhere: list[str] = field(default_factory=list)  # requests for any other host: there must be none


class Published:
    def __init__(self, site: Path):
        self.site = site
        self.url = site_url_of(site)
        parts = urlsplit(self.url)
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self.base_path = parts.path or "/"

    def file_for(self, path: str) -> Path | None:
        if not path.startswith(self.base_path):
            return None
        rel = unquote(path[len(self.base_path):])
        target = (self.site / rel).resolve()
        if self.site.resolve() not in target.parents and target != self.site.resolve():
            return None
        if target.is_dir():
            target = target / "index.html"
        return target if target.is_file() else None

    def _answer(self, route, log: Log) -> None:
        path = urlsplit(route.request.url).path
        log.requests += 1
        target = self.file_for(path)
        if target is None:
            log.not_found.append(path)
            route.fulfill(status=404, path=str(self.site / "404.html"), content_type="text/html; charset=utf-8")
            return
        content_type = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if content_type.startswith("text/") or content_type in ("application/javascript", "application/json", "image/svg+xml"):
            content_type += "; charset=utf-8"
        route.fulfill(status=200, path=str(target), content_type=content_type)

    def context(self, browser, log: Log | None = None, **options):
        """A browser context in which the published address is this site; returns (context, log)."""
        log = log or Log()
        context = browser.new_context(**options)
        context.route(re.compile("^" + re.escape(self.origin) + "/"), lambda route: self._answer(route, log))
        ours = re.compile("^(" + re.escape(self.origin) + "/|data:|blob:|about:)")
        context.on("request", lambda request: None if ours.match(request.url) else log.elsewhere.append(request.url))
        return context, log

    def watch(self, page, log: Log) -> None:
        """Record the page's console errors and uncaught exceptions in log."""
        page.on("console", lambda m: log.console_errors.append(f"{page.url}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: log.page_errors.append(f"{page.url}: {e}"))

    def address(self, path: str) -> str:
        return self.url.rstrip("/") + "/" + path.lstrip("/")
