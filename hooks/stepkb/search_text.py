"""Words to search terms, the same way for the index (here, at build time) and for the query (in the browser).

docs/assets/search/normalise.js is the same algorithm in JavaScript; a browser test runs both over every
word of the site and requires identical terms. Steps, for a word in a site's language:

1. Words are runs of letters and digits: hyphens, apostrophes and all other punctuation separate them,
   so "solution-focused" is two words and "l'approche" is "l" + "approche". Words of one character
   and stop words (the site language's and English, elided articles such as "dell" included) are dropped.
2. fold(): lower case, accents removed (Jyväskylä = jyvaskyla, θεραπεία = θεραπεια), a few letters
   spelt out (ß = ss, ø = o, æ = ae, ł = l, ς = σ). Folding before stemming makes a word typed without
   its accents stem exactly like the written one.
3. The language's Snowball stemmer (snowballstemmer, pinned; the browser runs the JavaScript that the
   same Snowball release generates, vendored in docs/assets/search/snowball/).
4. A few rules per language for what stemming leaves apart: Finnish consonant gradation
   (Itävalta/Itävallassa, Helsinki/Helsingissä), Polish consonant alternations (Niemcy/Niemczech,
   Polska/Polsce), and trailing vowels in Finnish, Polish and Greek stems.
"""
from __future__ import annotations

import re
import unicodedata
from functools import cache
from importlib import import_module
from pathlib import Path

STOPWORD_DIR = Path(__file__).parent / "data" / "stopwords"
SNOWBALL = {"en": "english", "de": "german", "fr": "french", "it": "italian", "nl": "dutch", "da": "danish",
            "sv": "swedish", "fi": "finnish", "es": "spanish", "pl": "polish", "el": "greek"}
SPELT_OUT = {"ß": "ss", "ł": "l", "ø": "o", "æ": "ae", "œ": "oe", "đ": "d", "ð": "d", "þ": "th", "ı": "i", "ς": "σ"}
_SPELT = re.compile("[" + "".join(SPELT_OUT) + "]")
_WORD = re.compile(r"[^\W_]+")
_MARK = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
MAX_WORD = 40
VOWELS = {"fi": "aeiouy", "pl": "aeiouy", "el": "αεηιουω"}
# Finnish consonant gradation: the strong and weak grades of a stem's last consonants, both written as
# the weak one (kk/k/-, pp/p/v, tt/t/d, lt/ll, nt/nn, rt/rr, mp/mm, nk/ng, ht/hd, lk/l, rk/r, hk/h,
# lp/lv, rp/rv), and -us/-uks- (koulutus/koulutuksen), -inen/-isen (suomalainen/suomalaisen).
FI_TAIL2 = {"kk": "", "pp": "v", "tt": "d", "lt": "ll", "nt": "nn", "rt": "rr", "mp": "mm", "nk": "ng", "ht": "hd",
            "lk": "l", "rk": "r", "hk": "h", "lp": "lv", "rp": "rv", "ks": "s", "in": "is"}
FI_TAIL1 = {"k": "", "p": "v", "t": "d"}
# Polish: genitive plural -ów; locative -ech after a softened consonant, then the softened consonant as the plain one
# (Niemczech/Niemcy, Włoszech/Włochy, Polsce/Polska, Kopenhadze/Kopenhaga, -rz-/-r-).
PL_TAIL2 = {"cz": "c", "sz": "ch", "dz": "g", "sc": "sk", "rz": "r"}


def fold(word: str) -> str:
    """Lower case, accents removed, a few letters spelt out: 'Jyväskylä' -> 'jyvaskyla'."""
    word = _SPELT.sub(lambda m: SPELT_OUT[m.group()], word.lower())
    return unicodedata.normalize("NFC", _MARK.sub("", unicodedata.normalize("NFD", word)))


def words(text: str) -> list[str]:
    """The words of a text, as written (not folded), in order."""
    return [w for w in _WORD.findall(unicodedata.normalize("NFC", text)) if 1 < len(w) <= MAX_WORD]


@cache
def stopwords(lang: str) -> frozenset[str]:
    """A language's stop words, folded (the list files: one word a line, '|' starts a comment)."""
    path = STOPWORD_DIR / f"{lang}.txt"
    if not path.exists():
        return frozenset()
    found = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        word = line.split("|", 1)[0].strip()
        if word:
            found.add(fold(word))
    return frozenset(found)


@cache
def site_stopwords(lang: str) -> frozenset[str]:
    """Dropped from index and query on a language's site: its own stop words and English ones."""
    return stopwords(lang) | stopwords("en")


@cache
def _stemmer(lang: str):
    # The generated module itself, not snowballstemmer.stemmer(): that one switches to PyStemmer (another
    # Snowball release) when it is installed, and the browser's stemmer must be the same release.
    name = SNOWBALL[lang]
    module = import_module(f"snowballstemmer.{name}_stemmer")
    return getattr(module, "".join(part.capitalize() for part in name.split("_")) + "Stemmer")()


def _strip_vowels(stem: str, vowels: str) -> str:
    end = len(stem)
    while end > 3 and stem[end - 1] in vowels:
        end -= 1
    return stem[:end]


def _finnish(stem: str) -> str:
    stem = _strip_vowels(stem, VOWELS["fi"])
    if len(stem) > 4 and stem[-2:] in FI_TAIL2:
        return stem[:-2] + FI_TAIL2[stem[-2:]]
    if len(stem) > 3 and stem[-1] in FI_TAIL1 and stem[-2] in VOWELS["fi"] + "lrhn":
        return stem[:-1] + FI_TAIL1[stem[-1]]
    return stem


def _polish(stem: str) -> str:
    if len(stem) > 6 and stem.endswith("ech"):
        stem = stem[:-3]
    elif len(stem) > 6 and stem.endswith("ow"):  # genitive plural -ów, which the stemmer leaves
        stem = stem[:-2]
    stem = _strip_vowels(stem, VOWELS["pl"])
    if len(stem) > 4 and stem[-2:] in PL_TAIL2:
        stem = stem[:-2] + PL_TAIL2[stem[-2:]]
    return stem


def stem(folded: str, lang: str) -> str:
    """A folded word's term in a language (steps 3 and 4 above)."""
    if folded.isascii() and folded.isdigit():
        return folded
    result = _stemmer(lang).stemWord(folded) or folded  # Snowball's Greek stems "ιδια" to nothing
    if lang == "fi":
        result = _finnish(result)
    elif lang == "pl":
        result = _polish(result)
    elif lang == "el":
        result = _strip_vowels(result, VOWELS["el"])
    return result


class Normaliser:
    """Terms for one site language, with a cache: a site has far fewer distinct words than words."""

    def __init__(self, lang: str):
        self.lang = lang
        self.stop = site_stopwords(lang)
        self._terms: dict[str, str] = {}
        self._english: dict[str, str] = {}
        self._folded: dict[str, str | None] = {}  # a word as written -> folded, None for a stop word

    def term(self, folded: str) -> str:
        found = self._terms.get(folded)
        if found is None:
            found = self._terms[folded] = stem(folded, self.lang)
        return found

    def english_term(self, folded: str) -> str:
        """The English term of a word: English passages on another language's site are found both ways."""
        if self.lang == "en":
            return self.term(folded)
        found = self._english.get(folded)
        if found is None:
            found = self._english[folded] = stem(folded, "en")
        return found

    def folded_words(self, text: str) -> list[str]:
        """A text's words, folded, without stop words."""
        out = []
        cache = self._folded
        for word in words(text):
            try:
                folded = cache[word]
            except KeyError:
                folded = fold(word)
                folded = cache[word] = folded if len(folded) > 1 and folded not in self.stop else None
            if folded is not None:
                out.append(folded)
        return out


# Greek letters as Latin ones (ELOT 743, simplified), so that a name written in Greek finds the page that
# has it only in Latin script (Θεσσαλονίκη -> thessaloniki). Applied to folded words.
GREEK_DIGRAPHS = {"ου": "ou", "αυ": "av", "ευ": "ev", "μπ": "b", "ντ": "nt", "γγ": "ng", "γκ": "gk"}
GREEK_LETTERS = dict(zip("αβγδεζηθικλμνξοπρστυφχψω",
                         ["a", "v", "g", "d", "e", "z", "i", "th", "i", "k", "l", "m", "n", "x", "o", "p", "r", "s", "t",
                          "y", "f", "ch", "ps", "o"]))


def greek_to_latin(folded: str) -> str:
    out, i = [], 0
    while i < len(folded):
        pair = folded[i:i + 2]
        if pair in GREEK_DIGRAPHS and not (pair == "μπ" and i > 0):
            out.append(GREEK_DIGRAPHS[pair])
            i += 2
            continue
        out.append(GREEK_LETTERS.get(folded[i], folded[i]))
        i += 1
    return "".join(out)
