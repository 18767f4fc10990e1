"""The built site in the browser at the address it was built for.

Pages carry absolute addresses of the published site (canonical and hreflang links, which the theme's
script fetches from), so a test that wants the reader's whole experience, requests included, opens the
pages at that address. The browser is launched with a host rule (`resolve_to`) that sends that address
to a loopback server serving the built folder the way a static host does (conftest's `published`
fixture): the browser's own HTTP cache works as it does for a reader, and nothing else that may listen
on the published port is ever asked.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit


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
        self.browser = None  # set by the fixture that launches a browser with resolve_to()

    def resolve_to(self, served: str) -> str:
        """The browser switch that sends the published address to `served` (http://127.0.0.1:port)."""
        # The server serves the folder at its root, so the site must have been built for a root address.
        assert self.base_path == "/", f"the site was built for {self.url}, not for the root of a host"
        return f"--host-resolver-rules=MAP {urlsplit(self.url).netloc} {urlsplit(served).netloc}"

    def context(self, log: Log | None = None, **options):
        """A browser context on the published site; returns (context, log)."""
        log = log or Log()
        context = self.browser.new_context(**options)
        ours = re.compile("^" + re.escape(self.origin) + "/")
        local = re.compile("^(data:|blob:|about:)")

        def requested(request) -> None:
            if ours.match(request.url):
                log.requests += 1
            elif not local.match(request.url):
                log.elsewhere.append(request.url)

        def answered(response) -> None:
            if response.status == 404 and ours.match(response.url):
                log.not_found.append(urlsplit(response.url).path)

        context.on("request", requested)
        context.on("response", answered)
        return context, log

    def watch(self, page, log: Log) -> None:
        """Record the page's console errors and uncaught exceptions in log."""
        page.on("console", lambda m: log.console_errors.append(f"{page.url}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: log.page_errors.append(f"{page.url}: {e}"))

    def address(self, path: str) -> str:
        return self.url.rstrip("/") + "/" + path.lstrip("/")
