"""Which files a language's build looks at: its own pages and the default language's, no others.

mkdocs-static-i18n looks at every file under docs/ in every language's build, so with eleven languages
each build would sort eleven copies of every page: the cost grows with the square of the number of
languages. A page left out here still gets its language-switcher link and sitemap entry, because
static-i18n derives them from the default language's page, at the same address in each language.

The hook applies this filter; the benchmark's plain baseline (tests/bench.py) applies the same one, so
that the baseline differs from our build only by our hooks' own work.
"""
from __future__ import annotations

from mkdocs.structure.files import Files


def own_and_default(files: Files, current: str, languages: list[str]) -> Files:
    """The files of `current` and of the reference language (first in `languages`), and every file
    outside a language folder (theme files, shared assets)."""
    others = set(languages) - {current, languages[0]}
    return Files([f for f in files if f.src_uri.split("/", 1)[0] not in others])
