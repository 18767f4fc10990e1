"""Files at the site's root and beside each page that are not pages: robots.txt and one small sitemap per page.

Material for MkDocs 9.7 fetches `sitemap.xml` under the address of every `<link rel="alternate">` in a
page's head (assets/javascripts/integrations/alternate: it expects each alternate to be the root of a
site with its own sitemap, to keep the reader on the same page when switching). With static-i18n those
links are the page itself in each language, so every page view asked for ten or eleven files that did
not exist: 404s and console errors. We keep the hreflang links (search engines need them) and give
those requests what Material looks for: beside each page, a sitemap of that one page in every language,
cut from the site's sitemap.xml that static-i18n writes.

The site's root is the English home page's address, and every home page names it (hreflang "en" and
"x-default"), so Material fetched the root's sitemap.xml, the whole site's (4 MB for the real records,
31 MB at 1,000 institutions), on every home page and every search opened there (`?q=`), and parsed it on
the main thread: seconds of blocking on a phone. So the root's sitemap.xml is a sitemap index, the
address crawlers look for and robots.txt names, which points at the whole list, `sitemap-pages.xml`.
"""
from __future__ import annotations

import gzip
import re
from html import unescape
from pathlib import Path
from urllib.parse import urlsplit

_URL_BLOCK = re.compile(r"<url>.*?</url>", re.S)
_LOC = re.compile(r"<loc>(.*?)</loc>", re.S)
_HREF = re.compile(r'<xhtml:link\b[^>]*\bhref="([^"]*)"')
_LASTMOD = re.compile(r"<lastmod>([^<]*)</lastmod>")
HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
PAGES = "sitemap-pages.xml"  # the whole site's sitemap, which the root's sitemap.xml points at


def robots_txt(site_url: str) -> str:
    """Everything may be crawled; the sitemap is at the site's root."""
    lines = ["User-agent: *", "Allow: /"]
    if site_url:
        lines.append(f"Sitemap: {site_url.rstrip('/')}/sitemap.xml")
    return "\n".join(lines) + "\n"


def page_sitemaps(sitemap_xml: str, site_url: str) -> dict[str, str]:
    """The site's sitemap -> {a page's folder, relative to the site: that page's own sitemap}.

    Each page in each language gets one: the page's <url> entry, its <loc> set to that language's
    address, with the alternates in every language."""
    base_path = urlsplit(site_url).path if site_url else "/"
    out: dict[str, str] = {}
    for block in _URL_BLOCK.findall(sitemap_xml):
        loc = _LOC.search(block)
        if not loc:
            continue
        for address in dict.fromkeys([loc.group(1), *_HREF.findall(block)]):  # each language's copy, once
            path = unescape(urlsplit(unescape(address)).path)
            if not path.startswith(base_path) or not path.endswith("/") or path == base_path:
                continue  # the site's root keeps the full sitemap
            entry = block.replace(loc.group(0), f"<loc>{address}</loc>", 1)
            out[path[len(base_path):]] = HEAD + "    " + entry + "\n</urlset>\n"
    return out


def sitemap_index(sitemap_xml: str, site_url: str) -> str:
    """The root's sitemap.xml: an index of one sitemap, the whole site's, dated as its latest page."""
    dates = _LASTMOD.findall(sitemap_xml)
    lastmod = f"<lastmod>{max(dates)}</lastmod>" if dates else ""
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f"    <sitemap><loc>{site_url.rstrip('/')}/{PAGES}</loc>{lastmod}</sitemap>\n</sitemapindex>\n")


def write(site_dir: Path, site_url: str) -> int:
    """Write robots.txt, the per-page sitemaps and the root's index; returns how many sitemaps were written."""
    (site_dir / "robots.txt").write_text(robots_txt(site_url), encoding="utf-8")
    sitemap = site_dir / "sitemap.xml"
    if not sitemap.exists():
        return 0
    text = sitemap.read_text(encoding="utf-8")
    if "<sitemapindex" in text:
        return 0  # already done (a build into a folder that held one)
    written = 0
    for folder, page_text in page_sitemaps(text, site_url).items():
        target = site_dir / folder
        if (target / "index.html").is_file():
            (target / "sitemap.xml").write_text(page_text, encoding="utf-8")
            written += 1
    (site_dir / PAGES).write_text(text, encoding="utf-8")
    index = sitemap_index(text, site_url)
    sitemap.write_text(index, encoding="utf-8")
    # MkDocs writes a compressed copy beside the sitemap; both lists keep one (dated 0: the same bytes any day).
    packed = site_dir / "sitemap.xml.gz"
    if packed.exists():
        packed.replace(site_dir / (PAGES + ".gz"))
        packed.write_bytes(gzip.compress(index.encode("utf-8"), mtime=0))
    return written + 1
