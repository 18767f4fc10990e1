"""One search index per language, instead of static-i18n's single merged one.

static-i18n gathers every language's search entries into one search/search_index.json, so a reader
on the German site gets English, French and Greek results too. This module splits that index by
language (location prefix), writes each part under its language's root (where the theme override in
hooks/theme/main.html points the search), and sets each language's own lunr configuration. Words are
normalised the same way at index and query time by assets/javascripts/workers/stepkb-search.js
(stemming, accent folding, truncation); this module only decides which stemmer each language uses and
adds glossary equivalents as keywords, so an English term typed on the German site finds German pages.
"""
from __future__ import annotations

import json
import re
import unicodedata
from bisect import bisect_left
from html import escape

# Languages whose lunr stemmer ships with Material's search (assets/javascripts/lunr/min/lunr.<lang>.min.js)
LUNR_STEMMED = {"de", "fr", "it", "nl", "da", "sv", "fi", "es", "el", "ru", "pt", "no", "hu", "ro", "tr"}
SEPARATOR = r"[\s\-\u2013\u2014/,;:()\[\]«»“”„\"!?]+|\.(?!\d)"
FIELDS = {"title": {"boost": 1000.0}, "text": {"boost": 1.0}, "tags": {"boost": 1000000.0}, "keywords": {"boost": 10.0}}


def index_config(lang: str) -> dict:
    if lang == "en":
        lunr_lang, pipeline = ["en"], ["trimmer", "stopWordFilter", "stemmer"]
    elif lang in LUNR_STEMMED:
        lunr_lang, pipeline = [lang], ["trimmer", "stopWordFilter", "stemmer"]
    else:
        # No lunr stemmer (Polish): lunr's English functions are switched off and the worker's own
        # normaliser does the trimming and a light suffix stemming.
        lunr_lang, pipeline = ["en"], []
    return {"lang": lunr_lang, "separator": SEPARATOR, "pipeline": pipeline, "fields": FIELDS, "stepkb_lang": lang}


def fold(text: str) -> str:
    """Lower case without accents: 'Jyväskylä' -> 'jyvaskyla', 'Θεραπεία' -> 'θεραπεια'."""
    text = text.lower().replace("ς", "σ").replace("ł", "l").replace("ß", "ss").replace("ø", "o").replace("æ", "ae")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def _word_stems(text: str) -> set[str]:
    return {w[:6] for w in re.findall(r"\w+", fold(text)) if len(w) >= 3}


def glossary_keywords(glossary: dict | None, lang: str) -> list[tuple[list[list[str]], str]]:
    """For each glossary term: (the term's words in this language, as folded prefixes; keywords to add)."""
    if not glossary:
        return []
    out = []
    for entry in glossary.values():
        own = entry.get(lang) or entry.get("en")
        english = entry["en"]
        forms = [own["term"], *(own.get("synonyms") or [])]
        patterns = [[fold(w)[: max(4, len(w) - 3)] for w in re.findall(r"\w+", form) if len(w) >= 3] for form in forms]
        extra = [english["term"], *(english.get("synonyms") or [])]
        out.append(([p for p in patterns if p], " ".join(extra)))
    return out


def _mentions(sorted_words: list[str], pattern: list[str]) -> bool:
    """Whether every prefix of the pattern starts some word (sorted_words: the text's words, sorted)."""
    for prefix in pattern:
        i = bisect_left(sorted_words, prefix)
        if i == len(sorted_words) or not sorted_words[i].startswith(prefix):
            return False
    return True


def split(merged: dict, languages: list[str], default_language: str, glossary: dict | None = None) -> dict[str, dict]:
    """The merged index -> {lang: that language's index, locations relative to its root}."""
    others = [l for l in languages if l != default_language]
    docs: dict[str, list[dict]] = {lang: [] for lang in languages}
    seen: dict[str, set[str]] = {lang: set() for lang in languages}
    for doc in merged.get("docs", []):
        location = doc.get("location", "")
        lang = next((l for l in others if location == l or location.startswith(l + "/")), default_language)
        if lang != default_language:
            location = location[len(lang):].lstrip("/")
        if location in seen[lang]:
            continue
        seen[lang].add(location)
        docs[lang].append({**doc, "location": location})
    result = {}
    for lang in languages:
        rules = glossary_keywords(glossary, lang)
        for doc in docs[lang]:
            words = sorted(set(re.findall(r"\w+", fold(doc.get("title", "") + " " + doc.get("text", "")))))
            extra = sorted({keywords for patterns, keywords in rules if any(_mentions(words, p) for p in patterns)})
            if extra:
                # Escaped as Material's search plugin escapes every other text in the index: the
                # index holds HTML, and glossary terms are record text.
                doc["keywords"] = escape(" ".join(extra), quote=False)
        result[lang] = {"config": index_config(lang), "docs": docs[lang]}
    return result


def dumps(index: dict) -> str:
    return json.dumps(index, ensure_ascii=False, separators=(",", ":"))
