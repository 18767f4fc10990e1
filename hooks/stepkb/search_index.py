"""The search index of one site language, in small files that the browser fetches as a reader types.

Each page's HTML is cut into blocks (title, headings, paragraphs, table cells) with the language each is
written in (extract()); the glossary becomes one entry per term. Every word becomes a term
(search_text.py), weighted by where it stands: the page title most, text in the page's language more
than text in another language (an untranslated title, English fallback text, names), table cells and
the glossary's equivalents least. Terms are shared out by their first two letters:

    <language root>/search/stepkb.json        what the browser fetches first: the index's version, stop
                                              words, which term files exist, and per entry its type,
                                              country and programme outcome (for labels and filters)
    <language root>/search/<version>/t/<key>.json   terms starting with those two letters: for each, its
                                              entries and weights; and the words (folded, as written)
                                              that have that term, for prefix and typo matching
    <language root>/search/<version>/d/<n>.json     one entry: address, title, the text for snippets

so a query fetches a few kilobytes whatever the number of pages. The version changes with the content,
so the term and entry files can be cached for good. Where these files are read:
docs/assets/search/search.js.
"""
from __future__ import annotations

import hashlib
import json
import re
import shutil
from bisect import bisect_left
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from html import unescape
from pathlib import Path

from .search_text import Normaliser, fold, words

META_FILE = "stepkb.json"
FORMAT = 1
KINDS = ("page", "country", "institution", "curriculum", "glossary", "benchmark", "theme")
# How much a word counts in an entry's text where it stands: (in the page's language, in another language).
# Titles count apart (see build()).
WEIGHTS = {"heading": (1.5, 0.75), "text": (1.0, 0.5), "cell": (0.8, 0.4), "keyword": (0.5, 0.5)}
ALIAS_WEIGHT = 0.75  # a glossary term's name in another language, relative to the title's own words
PART_WEIGHT = 0.5  # a part of a compound word (Therapie in Familientherapie), relative to the whole word
COMPOUNDING = {"de", "nl", "da", "sv", "fi"}
LINKS = {"de": ("", "s", "n", "en", "e", "es", "er"), "nl": ("", "s", "en", "e"), "da": ("", "s", "e"),
         "sv": ("", "s", "a", "o", "u"), "fi": ("",)}
SNIPPET_CHARS = 4000  # text kept per entry for snippets
BLOCK_TAGS = {"p": "text", "li": "text", "dd": "text", "dt": "text", "blockquote": "text", "figcaption": "text",
              "td": "cell", "h1": "title", "h2": "heading", "h3": "heading", "h4": "heading", "h5": "heading",
              "h6": "heading"}
SKIP_TAGS = {"script", "style", "svg", "th", "caption", "summary", "nav", "button", "select", "template", "code"}
# Interface text that every page of a kind repeats: it would match everywhere and say nothing.
SKIP_CLASSES = {"headerlink", "stepkb-fallback__notice", "stepkb-unknown"}
NO_SNIPPET_CLASSES = {"stepkb-sources"}
# A glossary term's names in the other languages: they name what the entry is about, as its title does.
ALIAS_CLASSES = {"stepkb-equivalents"}
VOID = {"br", "img", "hr", "input", "meta", "link", "wbr", "col", "source", "area", "base", "embed", "track"}


@dataclass
class Block:
    kind: str  # title, alias (another name of the title), heading, text, cell, keyword
    text: str
    lang: str
    anchor: str = ""  # the id of the heading the block is under
    snippet: bool = True


@dataclass
class Entry:
    url: str  # relative to the language root
    title: str
    title_lang: str
    kind: str = "page"
    country: str = ""
    outcome: str = ""
    blocks: list[Block] = field(default_factory=list)


_TOKEN = re.compile(r"""<(/?)([A-Za-z][A-Za-z0-9-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>|<!--.*?-->|<![^>]*>|([^<]+)|<""", re.S)
_ATTR = re.compile(r"""([^\s=/"'>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")


class _Extractor:
    """HTML -> blocks, each with its language (the nearest lang attribute, else the page's).

    A page's HTML is MkDocs' and ours, well-formed: a tokenizer of one regular expression reads it several
    times faster than html.parser, which counts at 20,000 pages."""

    def __init__(self, lang: str):
        self.stack: list[tuple[str, str, bool, bool, str, bool]] = []  # tag, lang, skipped, no-snippet, block kind, alias
        self.lang = lang
        self.blocks: list[Block] = []
        self.parts: list[str] = []
        self.kind = ""
        self.block_lang = lang
        self.block_snippet = True
        self.anchor = ""
        self.heading_id = ""

    def _state(self):
        return self.stack[-1] if self.stack else ("", self.lang, False, False, "", False)

    def _flush(self):
        text = " ".join("".join(self.parts).split())
        if text and self.kind:
            self.blocks.append(Block(self.kind, text, self.block_lang, self.anchor, self.block_snippet and self.kind == "text"))
        self.parts = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            if tag == "br":
                self.parts.append(" ")
            return
        attrs = dict(attrs)
        _, lang, skipped, no_snippet, _, alias = self._state()
        lang = attrs.get("lang") or lang
        classes = set((attrs.get("class") or "").split())
        skipped = skipped or tag in SKIP_TAGS or bool(classes & SKIP_CLASSES) or "data-search-exclude" in attrs
        no_snippet = no_snippet or bool(classes & NO_SNIPPET_CLASSES) or tag == "table"
        alias = alias or bool(classes & ALIAS_CLASSES)
        kind = BLOCK_TAGS.get(tag, "")
        if kind and alias:
            kind = "alias"
        if kind and not skipped:
            self._flush()
            self.kind, self.block_lang, self.block_snippet = kind, lang, not no_snippet
            if kind in ("title", "heading"):
                self.anchor = attrs.get("id") or self.anchor
        elif tag in ("div", "section", "article", "table", "ul", "ol", "dl", "details", "tr") and not skipped:
            self._flush()
        self.stack.append((tag, lang, skipped, no_snippet, kind, alias))

    def handle_startendtag(self, tag, attrs):
        if tag == "br":
            self.parts.append(" ")

    def feed(self, html: str) -> None:
        for m in _TOKEN.finditer(html):
            closing, tag, attrs, text = m.group(1), m.group(2), m.group(3), m.group(4)
            if text is not None:
                self.handle_data(unescape(text))
            elif tag:
                tag = tag.lower()
                if closing:
                    self.handle_endtag(tag)
                    continue
                pairs = []
                if attrs.strip():
                    for a in _ATTR.finditer(attrs):
                        value = a.group(2) if a.group(2) is not None else a.group(3) if a.group(3) is not None else a.group(4)
                        pairs.append((a.group(1).lower(), unescape(value) if value is not None else None))
                if attrs.rstrip().endswith("/"):
                    self.handle_startendtag(tag, pairs)
                else:
                    self.handle_starttag(tag, pairs)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        # Close up to the matching tag (browsers forgive unclosed <p> and <li>; so does this).
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                closed = self.stack[i:]
                del self.stack[i:]
                if any(entry[4] for entry in closed) or tag in ("div", "table", "tr", "ul", "ol", "details"):
                    self._flush()
                    parent = self._state()
                    # Text after a nested block belongs to the enclosing block again.
                    self.kind = parent[4] if not parent[2] else ""
                    self.block_lang = parent[1]
                    self.block_snippet = not parent[3]
                break
        if tag in ("td", "li", "p", "dd", "dt"):
            self.parts.append(" ")

    def handle_data(self, data):
        if self.stack and self.stack[-1][2]:
            return
        self.parts.append(data)

    def close(self):
        self._flush()


def extract(html: str, lang: str) -> list[Block]:
    parser = _Extractor(lang)
    parser.feed(html)
    parser.close()
    return parser.blocks


def entries_from_page(html: str, url: str, title: str, meta: dict, lang: str) -> list[Entry]:
    """One page's search entries: one per page, one per term on the glossary page."""
    blocks = extract(html, lang)
    kind = meta.get("stepkb_kind") or "page"
    if kind not in KINDS:
        kind = "page"
    country = str(meta.get("stepkb_country") or "").upper()
    outcome = str(meta.get("stepkb_outcome") or "")
    first = next((b for b in blocks if b.kind == "title"), None)
    page = Entry(url, first.text if first else title, first.lang if first else lang, "page" if kind == "glossary" else kind, country, outcome)
    if kind != "glossary":
        page.blocks = blocks
        return [page]
    # The glossary: its introduction is the page's entry, each term (a heading with an id) an entry of its own.
    out = [page]
    for block in blocks:
        if block.kind == "heading" and block.anchor and block.text:
            out.append(Entry(f"{url}#{block.anchor}", block.text, block.lang, "glossary"))
            out[-1].blocks.append(Block("title", block.text, block.lang, block.anchor, False))
        else:
            out[-1].blocks.append(block)
    return out


def glossary_keywords(glossary: dict | None, lang: str) -> list[tuple[list[list[str]], str]]:
    """For each glossary term: (the term's words in this language, as folded prefixes; the English words to add)."""
    if not glossary:
        return []
    out = []
    for entry in glossary.values():
        own = entry.get(lang) or entry.get("en")
        english = entry["en"]
        forms = [own["term"], *(own.get("synonyms") or [])]
        patterns = [[fold(w)[: max(4, len(w) - 3)] for w in words(form) if len(w) >= 3] for form in forms]
        extra = [english["term"], *(english.get("synonyms") or [])]
        out.append(([p for p in patterns if p], " ".join(extra)))
    return out


_fold = lru_cache(maxsize=1 << 18)(fold)  # a site has far fewer distinct words than words


def _mentions(sorted_words: list[str], pattern: list[str]) -> bool:
    """Whether every prefix of the pattern starts some word (sorted_words: the text's words, sorted)."""
    for prefix in pattern:
        i = bisect_left(sorted_words, prefix)
        if i == len(sorted_words) or not sorted_words[i].startswith(prefix):
            return False
    return True


def add_keywords(entries: list[Entry], lang: str, glossary: dict | None, country_aliases: dict[str, list[str]]) -> None:
    """English glossary terms on the pages that use this language's term; other names of each country's page."""
    rules = glossary_keywords(glossary, lang)
    for entry in entries:
        extra = set()
        if rules and lang != "en":
            found = sorted({_fold(w) for b in entry.blocks for w in words(b.text)})
            extra = {keywords for patterns, keywords in rules if any(_mentions(found, p) for p in patterns)}
        for keywords in sorted(extra):
            entry.blocks.append(Block("keyword", keywords, "en", snippet=False))
        if entry.kind == "country" and entry.country in country_aliases:
            # Other names of the country are other names of its page's title, as a glossary term's are:
            # "Holland" or "UK" names the country, where a page that mentions it only talks about it.
            for name in dict.fromkeys(country_aliases[entry.country]):
                entry.blocks.append(Block("alias", name, "und", snippet=False))


def _key(term: str) -> str:
    return term[:2]


def _file_key(key: str) -> str:
    """A key as a file name anyone's server can serve: its characters' code points, in hex."""
    return "-".join(f"{ord(c):x}" for c in key)


class _Compounds:
    """Splits a compound word into two words the site uses: familientherapie -> familie + therapie."""

    def __init__(self, lang: str, vocabulary: set[str]):
        self.links = LINKS.get(lang, ("",))
        self.vocabulary = vocabulary
        self.cache: dict[str, tuple[str, str] | None] = {}

    def split(self, word: str) -> tuple[str, str] | None:
        if word in self.cache:
            return self.cache[word]
        found = None
        if len(word) >= 8:
            for i in range(4, len(word) - 3):  # the longest known head first
                head = word[i:]
                if head not in self.vocabulary:
                    continue
                left = word[:i]
                modifier = next((left[: len(left) - len(link)] for link in self.links
                                 if left.endswith(link) and len(left) - len(link) >= 3 and left[: len(left) - len(link)] in self.vocabulary), None)
                if modifier:
                    found = (modifier, head)
                    break
        self.cache[word] = found
        return found


def build(entries: list[Entry], lang: str) -> tuple[dict, dict[str, dict], list[dict]]:
    """(meta, term files by key, entry files): the whole index of one language, as JSON-ready data.

    An entry's weight for a term (1 to 120): up to 50 for the text, growing with how often the term occurs
    there (weighted by WEIGHTS) and less for longer texts, as in BM25; plus 45 to 70 when the term is in
    the title (half when the title is in another language), more for a short title: "Supervision" beats
    "Live supervision" for supervision.
    """
    norm = Normaliser(lang)
    entries = sorted(entries, key=lambda e: (KINDS.index(e.kind), e.url))
    texts: list[tuple[Counter, Counter, dict[str, float]]] = []  # per entry: body, English body, title words
    title_lengths = []  # per entry: the number of distinct words of its title (not of its other names)
    lengths = []
    vocabulary: set[str] = set()
    for entry in entries:
        body: Counter = Counter()
        english: Counter = Counter()
        title: dict[str, float] = {}
        title_words: set[str] = set()
        for block in entry.blocks:
            own = block.lang == lang or block.lang.startswith(lang + "-")
            is_english = lang != "en" and (block.lang == "en" or block.lang.startswith("en-"))
            for word in norm.folded_words(block.text):
                if block.kind in ("title", "alias"):
                    share = (1.0 if own else 0.5) if block.kind == "title" else ALIAS_WEIGHT
                    title[word] = max(title.get(word, 0.0), share)
                    if block.kind == "title":
                        title_words.add(word)
                    continue
                weight = WEIGHTS[block.kind][0 if own else 1]
                body[word] += weight
                if is_english:
                    english[word] += weight
        texts.append((body, english, title))
        title_lengths.append(len({norm.term(w) for w in title_words}))
        lengths.append(sum(body.values()))
        vocabulary.update(body)
        vocabulary.update(title)
    average = (sum(lengths) / len(lengths)) if lengths else 1.0
    compounds = _Compounds(lang, vocabulary) if lang in COMPOUNDING else None
    postings: dict[str, dict[int, int]] = defaultdict(dict)
    surfaces: dict[str, str] = {}
    splits: dict[str, tuple[int, int]] = {}  # a compound word -> where its modifier ends and its head starts

    def terms_of(word: str, english_too: bool) -> list[tuple[str, float]]:
        """A word's terms with their share: its own, its English one, and its compound parts."""
        term = norm.term(word)
        if term != word:
            surfaces[word] = term
        out = [(term, 1.0)]
        if english_too:
            other = norm.english_term(word)
            if other != term:
                out.append((other, 1.0))
        parts = compounds.split(word) if compounds is not None else None
        if parts:
            splits[word] = (len(parts[0]), len(word) - len(parts[1]))
        for part in parts or ():
            out.append((norm.term(part), PART_WEIGHT))
        return out

    for doc, (body, english, title) in enumerate(texts):
        raw: Counter = Counter()
        for word, weight in body.items():
            for term, share in terms_of(word, word in english):
                raw[term] += weight * share
        in_title: dict[str, float] = {}
        for word, weight in title.items():
            for term, share in terms_of(word, lang != "en" and weight < 1.0):
                in_title[term] = max(in_title.get(term, 0.0), weight * share)
        scale = 1.2 * (0.5 + 0.5 * (lengths[doc] or average) / (average or 1.0))
        # A short title counts more, whatever its language: an untranslated title of six words is no name of the word.
        title_bonus = 45 + 25 / max(1, title_lengths[doc])
        for term in set(raw) | set(in_title):
            value = raw.get(term, 0.0)
            weight = 50 * value / (value + scale) + in_title.get(term, 0.0) * title_bonus
            postings[term][doc] = max(1, round(weight))
    by_key: dict[str, dict] = defaultdict(lambda: {"t": {}, "s": {}})
    for term in sorted(postings):
        flat, previous = [], 0
        for doc in sorted(postings[term]):
            flat.extend((doc - previous, postings[term][doc]))
            previous = doc
        by_key[_key(term)]["t"][term] = flat
    for word in sorted(surfaces):
        by_key[_key(word)]["s"][word] = surfaces[word]
    for word in sorted(splits):
        by_key[_key(word)].setdefault("c", {})[word] = list(splits[word])
    documents = []
    for entry in entries:
        snippets, size = [], 0
        for block in entry.blocks:
            if block.snippet and size < SNIPPET_CHARS:
                text = block.text[: SNIPPET_CHARS - size]
                size += len(text)
                snippets.append([text] if block.lang == lang else [text, block.lang])
        doc = {"u": entry.url, "t": entry.title, "b": snippets}
        if entry.title_lang != lang:
            doc["l"] = entry.title_lang
        aliases = [[b.text, b.lang] for b in entry.blocks if b.kind == "alias"]
        if aliases:  # a glossary term's names in other languages: a query that names the term is its title
            doc["a"] = aliases
        documents.append(doc)
    kinds = sorted({e.kind for e in entries}, key=KINDS.index)
    countries = sorted({e.country for e in entries if e.country})
    outcomes = sorted({e.outcome for e in entries if e.outcome})
    meta = {
        "format": FORMAT,
        "lang": lang,
        "count": len(entries),
        "stop": sorted(norm.stop),
        # how this language joins the parts of a compound (Supervision|s|stunden): search.js splits a
        # compound the reader types that the site does not use into two words it does
        "links": list(LINKS[lang]) if lang in COMPOUNDING else [],
        "keys": sorted(_file_key(k) for k in by_key),
        "kinds": kinds,
        "countries": countries,
        "outcomes": outcomes,
        # per entry: [type, country, outcome] as positions in the lists above (-1: none)
        "entries": [[kinds.index(e.kind), countries.index(e.country) if e.country else -1,
                     outcomes.index(e.outcome) if e.outcome else -1] for e in entries],
    }
    return meta, {_file_key(k): v for k, v in by_key.items()}, documents


def dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False)


def write(folder: Path, meta: dict, terms: dict[str, dict], documents: list[dict], country_names: dict[str, str]) -> int:
    """Writes one language's index under folder (<language root>/search/); returns the bytes written."""
    term_files = {key: dumps(value).encode("utf-8") for key, value in terms.items()}
    doc_files = [dumps(doc).encode("utf-8") for doc in documents]
    digest = hashlib.sha256()
    for key in sorted(term_files):
        digest.update(key.encode() + b"\0" + term_files[key])
    for data in doc_files:
        digest.update(data)
    version = digest.hexdigest()[:12]
    meta = {**meta, "version": version, "country_names": [country_names.get(code, code) for code in meta["countries"]]}
    if folder.exists():
        for old in folder.iterdir():
            if old.is_dir() and re.fullmatch(r"[0-9a-f]{12}", old.name) and old.name != version:
                shutil.rmtree(old)
    base = folder / version
    (base / "t").mkdir(parents=True, exist_ok=True)
    (base / "d").mkdir(parents=True, exist_ok=True)
    total = 0
    for key, data in term_files.items():
        (base / "t" / f"{key}.json").write_bytes(data)
        total += len(data)
    for n, data in enumerate(doc_files):
        (base / "d" / f"{n}.json").write_bytes(data)
        total += len(data)
    data = dumps(meta).encode("utf-8")
    (folder / META_FILE).write_bytes(data)
    return total + len(data)

