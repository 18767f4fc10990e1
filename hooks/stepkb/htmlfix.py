"""Small corrections to the theme's HTML, so that every page passes the W3C Nu HTML checker.

Material for MkDocs 9.7 writes two constructs the checker reports as errors:
- `autocomplete="off"` on its checkbox toggles (the attribute is only allowed on text-like inputs);
- a `<label for="__toc">` on pages that have no `__toc` toggle.
Both are removed here, after the theme has rendered each page. The heading anchors' title, which the toc
extension writes in English on every language's pages, is put in the page's language.
"""
from __future__ import annotations

import re
from html import escape

_CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input\b[^>]*\btype="checkbox"[^>]*?)\s+autocomplete="off"')
_TOC_LABEL = re.compile(r'(<label\b[^>]*?)\s+for="__toc"')


# The title Python-Markdown's toc extension gives heading anchors, whatever the page's language.
PERMALINK_TITLE = "Permanent link"


def fix(html: str, permalink_title: str | None = None) -> str:
    html = _CHECKBOX_AUTOCOMPLETE.sub(r"\1", html)
    if 'id="__toc"' not in html:
        html = _TOC_LABEL.sub(r"\1", html)
    if permalink_title and permalink_title != PERMALINK_TITLE:
        # Markdown's settings are the same for every language: the anchors' title is put in the page's own.
        html = html.replace(f'title="{PERMALINK_TITLE}"', f'title="{escape(permalink_title, quote=True)}"')
    return html
