"""What the theme's templates (hooks/theme/) get from us: this language's labels, and its palette names.

Material's own interface text comes from its translations; the few strings our template overrides add
(the footer, the "page not found" page, the colour scheme toggle) are labels like every other, so each
language has them in labels/<lang>.yml. The theme renders without autoescaping: templates escape
what they print (`| e`).
"""
from __future__ import annotations

from urllib.parse import urlsplit

from markupsafe import Markup

from .labels import Labels


class ThemeLabels:
    """`stepkb` in the theme's templates: stepkb("footer.licence", licence=...) and the language's root."""

    def __init__(self, labels: Labels, lang: str, default_lang: str, site_url: str = ""):
        self._labels = labels
        self.lang = lang
        self.default_lang = default_lang
        # The language's root relative to the site's root, for the `url` filter: "" or "de/".
        self.root = "" if lang == default_lang else f"{lang}/"
        # The language's home as an absolute path ("/de/", "/step/de/"), for pages served at any
        # address ("page not found"), where relative links would resolve against the missing one.
        self.home = (urlsplit(site_url).path.rstrip("/") if site_url else "") + "/" + self.root

    def __call__(self, key: str, **values) -> str:
        return self._labels(key, **values)

    def with_link(self, key: str, name: str, href: str, text: str, rel: str = "") -> Markup:
        """A label as HTML, its {name} placeholder replaced by a link; everything else escaped."""
        attributes = Markup(' rel="{}"').format(rel) if rel else ""
        return self._labels.markup(key, **{name: Markup('<a href="{}"{}>{}</a>').format(href, attributes, text)})


def install(env, config, labels: Labels, lang: str, default_lang: str) -> None:
    env.globals["stepkb"] = ThemeLabels(labels, lang, default_lang, config.site_url or "")
    # Material names each palette toggle from mkdocs.yml, in one language: name them in this one.
    palette = config.theme.get("palette")
    if isinstance(palette, list):
        for option in palette:
            toggle = option.get("toggle") if isinstance(option, dict) else None
            if toggle is not None:
                # A toggle names the scheme it switches to: the light scheme's toggle leads to the dark.
                toggle["name"] = labels("palette.dark" if option.get("scheme", "default") == "default" else "palette.light")
