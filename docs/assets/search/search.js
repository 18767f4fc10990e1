// STEP knowledge base: search in the reader's language, in the header's search box
// (hooks/theme/partials/search.html). The index (hooks/stepkb/search_index.py explains its files) is
// fetched in small parts as the reader types: the first query costs a few kilobytes, whatever the size of
// the site. Words match in tiers, each weighing less than the one before:
//   exact: the same term once normalised (normalise.js: stemming, accents, ...): 1
//   near: terms that differ only in their last letters (an inflection the stemmer left apart): 0.7
//   prefix: a word being typed, which starts a longer word: 0.5
//   head: the last part of a compound word of the site (Supervision for Gruppensupervision): 0.5
//   typo: one letter added, missing, changed or two swapped, for words of five letters or more: 0.35
// Entries that match more of the query's words come first; then the score (tier x rarity x weight).
import { fold, greekToLatin, hasGreek, normaliser, words } from "./normalise.js";

const TIER = { exact: 1, near: 0.7, prefix: 0.5, head: 0.5, typo: 0.35 };
// How much a title counts towards "a title that is all the query's words" (firstResults): one in the page's
// language fully, another name of a glossary term less, an untranslated title least, as in the index.
const TITLE_SHARE = { own: 1, alias: 0.75, other: 0.5 };
const SHOWN = 10; // results shown at first, and added by each press of the "more" button
const SNIPPET = 180; // characters of text around the first match

/** The index of one language: its small first file, then term and entry files as they are needed. */
export class Index {
  static async load(root, lang) {
    const response = await fetch(`${root}search/stepkb.json`, { cache: "no-cache" });
    if (!response.ok) throw new Error(`search index: ${response.status}`);
    const meta = await response.json();
    return new Index(root, meta, await normaliser(lang, meta.stop));
  }

  constructor(root, meta, norm) {
    this.meta = meta;
    this.norm = norm;
    this.base = `${root}search/${meta.version}/`;
    this.keys = new Set(meta.keys);
    this.shards = new Map();
    this.documents = new Map();
  }

  static fileKey(key) {
    return Array.from(key.slice(0, 2)).map((c) => c.codePointAt(0).toString(16)).join("-");
  }

  /** The term file for the term's first two letters (null when the site has no such term). */
  shard(term) {
    const key = Index.fileKey(Array.from(term).slice(0, 2).join(""));
    if (!this.keys.has(key)) return Promise.resolve(null);
    if (!this.shards.has(key)) {
      this.shards.set(key, fetch(`${this.base}t/${key}.json`).then((r) => r.json()).then((data) => {
        data.terms = Object.keys(data.t).sort();
        data.surfaces = Object.keys(data.s).sort();
        return data;
      }, (error) => {
        this.shards.delete(key); // try again with the next key press
        throw error;
      }));
    }
    return this.shards.get(key);
  }

  document(n) {
    if (!this.documents.has(n)) {
      this.documents.set(n, fetch(`${this.base}d/${n}.json`).then((r) => r.json(), (error) => {
        this.documents.delete(n);
        throw error;
      }));
    }
    return this.documents.get(n);
  }
}

function commonPrefix(a, b) {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/** Whether two words are one edit apart: a letter added, missing or changed, or two neighbours swapped. */
function oneEdit(a, b) {
  if (a === b || Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/** Sorted strings starting with a prefix. */
function range(sorted, prefix) {
  let lo = 0, hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < prefix) lo = mid + 1; else hi = mid;
  }
  const out = [];
  for (let i = lo; i < sorted.length && sorted[i].startsWith(prefix); i++) out.push(sorted[i]);
  return out;
}

/** The query's words: as typed (folded) and the terms they may stand for (the site's language, English, Latin script). */
function parseQuery(index, query) {
  const norm = index.norm;
  return norm.foldedWords(query).map(({ folded }) => {
    const spellings = [folded];
    if (hasGreek(folded)) {
      // Greek has no h: Ελσίνκι is Helsinki.
      const latin = greekToLatin(folded);
      spellings.push(latin);
      if (/^[aeiouy]/.test(latin)) spellings.push("h" + latin);
    }
    const terms = new Set();
    for (const s of spellings) {
      terms.add(norm.term(s));
      terms.add(norm.englishTerm(s));
    }
    return { folded, spellings, terms: [...terms] };
  });
}

/** term -> tier weight, for one query word. */
async function candidates(index, word) {
  const found = new Map();
  const add = (term, weight) => {
    if ((found.get(term) || 0) < weight) found.set(term, weight);
  };
  for (const term of word.terms) {
    const shard = await index.shard(term);
    if (!shard) continue;
    if (Object.hasOwn(shard.t, term)) add(term, TIER.exact);
    for (const other of range(shard.terms, term.slice(0, Math.min(4, term.length)))) {
      if (other === term) continue;
      const common = commonPrefix(term, other);
      const shorter = Math.min(term.length, other.length);
      if (common >= 4 && common >= shorter - (common >= 6 ? 2 : 1) && Math.abs(term.length - other.length) <= 3) {
        add(other, TIER.near);
      } else if (other.startsWith(term) && term.length >= 3 && word.spellings.some((s) => other.startsWith(s))) {
        // A word being typed: what was typed starts the longer word, not only its stem ("fees" is not feedback).
        add(other, TIER.prefix);
      }
    }
  }
  for (const spelling of word.spellings) {
    const shard = await index.shard(spelling);
    if (!shard) continue;
    // Words as written: one being typed (prefix), or a longer inflected form of a word on the site.
    for (const surface of range(shard.surfaces, spelling.slice(0, Math.min(3, spelling.length)))) {
      if (surface.startsWith(spelling) && spelling.length >= 3) add(shard.s[surface], surface === spelling ? TIER.exact : TIER.prefix);
      else if (spelling.startsWith(surface) && surface.length >= 4 && spelling.length - surface.length <= 5) add(shard.s[surface], TIER.near);
    }
    // A compound word of the site is also a kind of its last part: Gruppensupervision, a Supervision.
    const split = shard.c && Object.hasOwn(shard.c, spelling) ? shard.c[spelling] : null;
    if (split) {
      const head = index.norm.term(spelling.slice(split[1]));
      const headShard = await index.shard(head);
      if (headShard && Object.hasOwn(headShard.t, head)) add(head, TIER.head);
    }
  }
  const best = Math.max(0, ...found.values());
  if (best < TIER.exact && word.folded.length >= 5) {
    const close = new Set(); // terms one letter away from the word as typed
    for (const spelling of word.spellings) {
      const shard = await index.shard(spelling);
      if (!shard) continue;
      for (const term of shard.terms) if (oneEdit(spelling, term)) close.add(term);
      for (const surface of shard.surfaces) if (oneEdit(spelling, surface)) close.add(shard.s[surface]);
    }
    if (best < TIER.near) {
      for (const term of close) add(term, TIER.typo);
    } else if ([...close].some((term) => found.get(term) !== TIER.near)) {
      // A word one letter away is what was meant, rather than a longer one that only shares the beginning:
      // "Schwiez" is Schweiz, not schwierig; "Norwey" is Norway, not Norwegian.
      for (const [term, weight] of found) if (weight === TIER.near && !close.has(term)) found.set(term, TIER.typo);
      for (const term of close) add(term, TIER.near);
    }
  }
  return found;
}

/** Whether the site uses a word: as its term, or as written. */
async function onSite(index, word) {
  const term = index.norm.term(word);
  const shard = await index.shard(term);
  if (shard && Object.hasOwn(shard.t, term)) return true;
  const written = await index.shard(word);
  return Boolean(written && Object.hasOwn(written.s, word));
}

/** [modifier, head]: the two words of the site a compound is made of (the longest head first), or null. */
async function compoundParts(index, word) {
  const links = index.meta.links || [];
  if (!links.length || word.length < 8) return null;
  // A head of 4 letters or more and a modifier of 3, as the index splits the site's own compounds
  // (search_index._Compounds).
  for (let i = 4; i <= word.length - 4; i++) {
    const head = word.slice(i);
    if (!(await onSite(index, head))) continue;
    const left = word.slice(0, i);
    for (const link of links) {
      const modifier = left.slice(0, left.length - link.length);
      if (left.endsWith(link) && modifier.length >= 3 && (await onSite(index, modifier))) return [modifier, head];
    }
  }
  return null;
}

/** The term of a word of the site that two typed words make together, joined as this language joins the
 * parts of a compound, the first word without its ending if need be (soziale + arbeit: sozialarbeit); or null. */
async function joinedWord(index, first, second) {
  const links = index.meta.links || [];
  if (!links.length || second.length < 4) return null;
  for (let cut = 0; cut <= 2 && first.length - cut >= 3; cut++) {
    for (const link of links) {
      const word = first.slice(0, first.length - cut) + link + second;
      if (word.length < 8) continue;
      const written = await index.shard(word); // the site's compounds are listed as written
      if (!written || !written.c || !Object.hasOwn(written.c, word)) continue;
      const term = index.norm.term(word);
      const shard = await index.shard(term);
      if (shard && Object.hasOwn(shard.t, term)) return term;
    }
  }
  return null;
}

export async function search(index, query) {
  const words = parseQuery(index, query);
  const count = index.meta.count;
  const scores = new Map(); // entry -> [words matched, score]
  const matchedTerms = new Set();
  // Every file the query's words need, fetched together rather than one after another.
  await Promise.all(words.flatMap((w) => [...w.terms, ...w.spellings]).map((t) => index.shard(t)));
  const found = await Promise.all(words.map((word) => candidates(index, word)));
  // A compound the site does not use, in a language that makes them, is searched as its two parts that it
  // does: Supervisionsstunden as Supervision and Stunden, gezinstherapieopleiding as gezinstherapie and opleiding.
  for (let i = words.length - 1; i >= 0; i--) {
    if (found[i].size) continue;
    const parts = await compoundParts(index, words[i].folded);
    if (!parts) continue;
    const parsed = parts.flatMap((part) => parseQuery(index, part));
    words.splice(i, 1, ...parsed);
    found.splice(i, 1, ...(await Promise.all(parsed.map((word) => candidates(index, word)))));
  }
  // Two words typed apart that the site writes as one stand for that word as well, as fully as if it had
  // been typed: Soziale Arbeit for Sozialarbeit, gezins therapie for gezinstherapie.
  for (let i = 0; i + 1 < words.length; i++) {
    const joined = await joinedWord(index, words[i].folded, words[i + 1].folded);
    if (!joined) continue;
    for (const f of [found[i], found[i + 1]]) if ((f.get(joined) || 0) < TIER.exact) f.set(joined, TIER.exact);
  }
  await Promise.all(found.flatMap((f) => [...f.keys()]).map((t) => index.shard(t)));
  for (const [i, word] of words.entries()) {
    const best = new Map();
    for (const [term, tier] of found[i]) {
      const shard = await index.shard(term);
      const postings = shard && shard.t[term];
      if (!postings) continue;
      matchedTerms.add(term);
      for (let j = 0, doc = 0; j < postings.length; j += 2) {
        doc += postings[j];
        const value = tier * postings[j + 1];
        if ((best.get(doc) || 0) < value) best.set(doc, value);
      }
    }
    // How rare the word is: among the entries it matches in any of its forms, not per form. A rare form
    // (a foreign title's "familj" for family) would otherwise outweigh the word itself and undo the tiers.
    const df = best.size;
    const rarity = Math.log(1 + (count - df + 0.5) / (df + 0.5));
    for (const [doc, value] of best) {
      const s = scores.get(doc) || [0, 0];
      s[0] += 1;
      s[1] += rarity * value;
      scores.set(doc, s);
    }
  }
  const most = Math.max(0, ...[...scores.values()].map((s) => s[0]));
  const results = [...scores].filter(([, s]) => s[0] === most)
    .sort((a, b) => b[1][1] - a[1][1] || a[0] - b[0]).map(([doc, s]) => ({ doc, score: s[1] }));
  return { query, words, results, matchedTerms };
}

/**
 * The first results with their entries, a title that is all query words first: "Supervision" before
 * "Direktsupervision" for supervision, where the index weighs both alike.
 */
export async function firstResults(index, found, keep = () => true, count = SHOWN, from = 0) {
  const results = found.results.filter((r) => keep(r.doc)).slice(from, from + count);
  const entries = await Promise.all(results.map((r) => index.document(r.doc)));
  const lang = index.meta.lang;
  const ranked = results.map((r, i) => {
    const entry = entries[i];
    const names = [[entry.t, entry.l || lang, entry.l && entry.l !== lang ? TITLE_SHARE.other : TITLE_SHARE.own],
      ...(entry.a || []).map(([text, l]) => [text, l, TITLE_SHARE.alias])];
    let covered = 0;
    for (const [text, l, share] of names) {
      const count = index.norm.foldedWords(text).length;
      if (count) covered = Math.max(covered, share * Math.min(1, matches(index, text, l, found).length / count));
    }
    return { ...r, entry, rank: r.score * (1 + 0.25 * covered) };
  });
  return ranked.sort((a, b) => b.rank - a.rank || a.doc - b.doc);
}

/** Where the query's words are in a text: [start, end] pairs. */
function matches(index, text, lang, query) {
  const norm = index.norm;
  const english = lang === "en" || lang.startsWith("en-");
  const out = [];
  for (const w of norm.foldedWords(text)) {
    const hit = query.matchedTerms.has(norm.term(w.folded)) || (english && query.matchedTerms.has(norm.englishTerm(w.folded)))
      || query.words.some((q) => q.folded.length >= 3 && w.folded.startsWith(q.folded));
    if (hit) out.push([w.index, w.index + w.word.length]);
  }
  return out;
}

/** Text with its matches marked, as DOM nodes (record text is data: it never becomes markup). */
function marked(text, spans) {
  const fragment = document.createDocumentFragment();
  let at = 0;
  for (const [start, end] of spans) {
    if (start < at) continue;
    fragment.append(text.slice(at, start));
    const mark = document.createElement("mark");
    mark.textContent = text.slice(start, end);
    fragment.append(mark);
    at = end;
  }
  fragment.append(text.slice(at));
  return fragment;
}

/** The passage of an entry's text that holds most of the query's words, cut around the first one. */
function snippet(index, entry, query, pageLang) {
  let best = null;
  for (const [raw, lang = pageLang] of entry.b) {
    const text = raw.normalize("NFC");
    const spans = matches(index, text, lang, query);
    const score = new Set(spans.map(([s, e]) => fold(text.slice(s, e)))).size;
    if (!best || score > best.score) best = { text, lang, spans, score };
    if (score >= query.words.length) break;
  }
  if (!best) return null;
  let { text, spans } = best;
  if (text.length > SNIPPET) {
    const first = spans.length ? spans[0][0] : 0;
    let start = Math.max(0, first - SNIPPET / 3);
    if (start > 0) start = text.indexOf(" ", start) + 1 || start;
    let end = Math.min(text.length, start + SNIPPET);
    if (end < text.length) end = text.lastIndexOf(" ", end) > start ? text.lastIndexOf(" ", end) : end;
    spans = spans.filter(([s, e]) => s >= start && e <= end).map(([s, e]) => [s - start, e - start]);
    text = (start > 0 ? "… " : "") + text.slice(start, end) + (end < text.length ? " …" : "");
    if (start > 0) spans = spans.map(([s, e]) => [s + 2, e + 2]);
  }
  return { text, spans, lang: best.lang };
}

function init(root) {
  const lang = root.dataset.stepkbLang;
  const toggle = document.getElementById("__search"); // the theme's switch that shows the search panel
  const form = root.querySelector("form");
  const input = root.querySelector("input[name=query]");
  const status = root.querySelector(".stepkb-search__status");
  const list = root.querySelector(".stepkb-search__results");
  const more = root.querySelector(".stepkb-search__more");
  const filters = {
    type: root.querySelector("select[name=search-type]"),
    country: root.querySelector("select[name=search-country]"),
    outcome: root.querySelector("select[name=search-outcome]"),
  };
  const labels = JSON.parse(root.querySelector(".stepkb-search__labels").textContent);
  const typeNames = Object.fromEntries([...filters.type.options].map((o) => [o.value, o.textContent]));
  const outcomeNames = Object.fromEntries([...filters.outcome.options].map((o) => [o.value, o.textContent]));
  let loading = null;
  let shown = 0; // the latest query's number; an older query's results are dropped
  let last = null;

  const say = (text) => {
    if (status.textContent !== text) status.textContent = text;
  };

  function load() {
    if (!loading) {
      loading = Index.load(root.dataset.stepkbSearch, lang).then((index) => {
        fillFilters(index);
        return index;
      });
      loading.catch(() => {
        say(labels.status.error);
        loading = null; // the next key press tries again
      });
    }
    return loading;
  }

  function fillFilters(index) {
    const meta = index.meta;
    const names = meta.countries.map((code, i) => [code, meta.country_names[i]])
      .sort((a, b) => a[1].localeCompare(b[1], lang));
    for (const [code, name] of names) filters.country.add(new Option(name, code));
    for (const option of [...filters.type.options]) {
      if (option.value && !meta.kinds.includes(option.value)) option.remove();
    }
    for (const option of [...filters.outcome.options]) {
      if (option.value && !meta.outcomes.includes(option.value)) option.remove();
    }
    filters.outcome.closest("label").hidden = meta.outcomes.length === 0;
  }

  function open() {
    if (toggle && !toggle.checked) toggle.checked = true;
  }

  function close() {
    if (toggle) toggle.checked = false;
    input.blur();
  }

  function passes(index, doc) {
    const [kind, country, outcome] = index.meta.entries[doc];
    const m = index.meta;
    return (!filters.type.value || m.kinds[kind] === filters.type.value)
      && (!filters.country.value || m.countries[country] === filters.country.value)
      && (!filters.outcome.value || m.outcomes[outcome] === filters.outcome.value);
  }

  async function run() {
    const number = ++shown;
    const query = input.value;
    if (input.value && toggle && !toggle.checked) open();
    const hasWord = words(query).length > 0;
    if (!hasWord) {
      list.replaceChildren();
      more.hidden = true;
      say(labels.status.start);
      root.dataset.stepkbShown = query;
      return;
    }
    let index;
    try {
      if (!loading) say(labels.status.loading);
      index = await load();
    } catch {
      return;
    }
    try {
      const found = await search(index, query);
      if (number !== shown) return;
      last = found;
      await render(index, found, number);
    } catch {
      if (number === shown) say(labels.status.error);
    }
  }

  async function render(index, found, number) {
    const results = found.results.filter((r) => passes(index, r.doc));
    const first = await firstResults(index, found, (doc) => passes(index, doc));
    if (number !== shown) return;
    list.replaceChildren(...first.map((r) => item(index, r.entry, r.doc, found)));
    more.hidden = results.length <= SHOWN;
    if (found.words.length === 0) say(labels.status.start);
    else if (results.length === 0) say(labels.status.none);
    else if (results.length === 1) say(labels.status.one);
    else say(labels.status.many.replace("{count}", results.length.toLocaleString(lang)));
    // Which query the list shows (tests wait for it; a reader's assistive technology hears the status).
    root.dataset.stepkbShown = found.query;
  }

  function item(index, entry, doc, found) {
    const meta = index.meta;
    const [kind, country, outcome] = meta.entries[doc];
    const li = document.createElement("li");
    li.className = "stepkb-result";
    const link = document.createElement("a");
    link.href = new URL(entry.u, new URL(root.dataset.stepkbSearch, document.baseURI)).href;
    link.className = "stepkb-result__title";
    if (entry.l) link.lang = entry.l;
    link.append(marked(entry.t, matches(index, entry.t, entry.l || lang, found)));
    const about = document.createElement("p");
    about.className = "stepkb-result__about";
    const parts = [typeNames[meta.kinds[kind]]];
    if (country >= 0) parts.push(meta.country_names[country]);
    if (outcome >= 0 && outcomeNames[meta.outcomes[outcome]]) parts.push(outcomeNames[meta.outcomes[outcome]]);
    about.textContent = parts.filter(Boolean).join(" · ");
    li.append(about, link);
    const passage = snippet(index, entry, found, lang);
    if (passage) {
      const p = document.createElement("p");
      p.className = "stepkb-result__text";
      if (passage.lang !== lang) p.lang = passage.lang;
      p.append(marked(passage.text, passage.spans));
      li.append(p);
    }
    return li;
  }

  input.addEventListener("focus", () => {
    open();
    load();
  });
  // Every change of the text, typed, pasted, dictated or composed with an input method.
  input.addEventListener("input", run);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const first = list.querySelector("a");
    if (first) first.click();
  });
  form.addEventListener("reset", () => setTimeout(() => {
    run();
    input.focus();
  }));
  for (const select of Object.values(filters)) {
    select.addEventListener("change", async () => {
      if (last) await render(await load(), last, shown);
    });
  }
  if (toggle) {
    toggle.addEventListener("change", () => {
      if (toggle.checked) {
        input.focus();
        load();
      }
    });
  }
  more.addEventListener("click", async () => {
    const index = await load();
    const number = shown;
    const next = await firstResults(index, last, (doc) => passes(index, doc), SHOWN, list.children.length);
    if (number !== shown || !next.length) return;
    const items = next.map((r) => item(index, r.entry, r.doc, last));
    list.append(...items);
    items[0].querySelector("a").focus();
    more.hidden = list.children.length >= last.results.filter((r) => passes(index, r.doc)).length;
  });
  list.addEventListener("click", (event) => {
    if (event.target.closest("a")) close();
  });
  root.addEventListener("keydown", (event) => {
    const links = [...list.querySelectorAll("a")];
    const at = links.indexOf(document.activeElement);
    if (event.key === "Escape") {
      event.preventDefault();
      close();
    } else if (event.key === "ArrowDown" && links.length && (event.target === input || at >= 0)) {
      event.preventDefault();
      links[Math.min(at + 1, links.length - 1)].focus();
    } else if (event.key === "ArrowUp" && at >= 0) {
      event.preventDefault();
      (at === 0 ? input : links[at - 1]).focus();
    }
  });
  document.addEventListener("keydown", (event) => {
    const target = event.target;
    const editing = target.isContentEditable || /^(input|textarea|select)$/i.test(target.tagName);
    if (editing || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "/" || event.key === "s" || event.key === "f") {
      event.preventDefault();
      open();
      input.focus();
    }
  });
  // A search's address: ?q=words opens the search with its results (links can share a search).
  const q = new URLSearchParams(location.search).get("q");
  if (q) {
    input.value = q;
    open();
    run();
  }
}

const root = document.querySelector("[data-stepkb-search]");
if (root) init(root);
