"""Small corrections to the theme's HTML, so that every page passes the W3C Nu HTML checker.

Material for MkDocs 9.7 writes two constructs the checker reports as errors:
- `autocomplete="off"` on its checkbox toggles (the attribute is only allowed on text-like inputs);
- a `<label for="__toc">` on pages that have no `__toc` toggle.
Both are removed here, after the theme has rendered each page; nothing else is touched.
"""
from __future__ import annotations

import re

_CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input\b[^>]*\btype="checkbox"[^>]*?)\s+autocomplete="off"')
_TOC_LABEL = re.compile(r'(<label\b[^>]*?)\s+for="__toc"')


def fix(html: str) -> str:
    html = _CHECKBOX_AUTOCOMPLETE.sub(r"\1", html)
    if 'id="__toc"' not in html:
        html = _TOC_LABEL.sub(r"\1", html)
    return html
