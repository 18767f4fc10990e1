/* STEP knowledge base: search worker. It wraps Material's own search worker (named in the `material`
   query parameter) and makes words match across their forms, the same way in the index and in the query:

     word -> lower case -> the language's stemmer (lunr's Snowball stemmers; a light suffix stemmer for
     Polish, which lunr lacks) -> accents folded (Jyväskylä = jyvaskyla, θεραπεία = θεραπεια; Greek is
     stemmed after folding, as lunr's Greek stemmer needs)
     -> cut to its first 10 letters, so compounds and derived forms meet
        (Familientherapeuten and Familientherapie both become "familienth").

   The language comes from the index's config (stepkb_lang), written by hooks/stepkb/search_index.py.
   No network request is made beyond this site's own files. */
/* global lunr, importScripts */
"use strict";

var STEPKB = { lang: "en", limit: 10 };

// Runs before Material's handler (registered first): learn the language from the setup message.
self.addEventListener("message", function (ev) {
  var data = ev.data && ev.data.data;
  if (data && data.config && data.config.stepkb_lang) STEPKB.lang = data.config.stepkb_lang;
});

importScripts(new URL(self.location.href).searchParams.get("material") || "search.2c215733.min.js");

(function () {
  var POLISH_SUFFIXES = ["owania", "owanie", "ach", "ami", "ego", "emu", "ich", "ych", "imi", "ymi", "iej",
    "owi", "ów", "om", "em", "ie", "ią", "ę", "ą", "y", "i", "a", "e", "o", "u"];

  function polishStem(word) {
    for (var i = 0; i < POLISH_SUFFIXES.length; i++) {
      var suffix = POLISH_SUFFIXES[i];
      if (word.length - suffix.length >= 4 && word.slice(-suffix.length) === suffix) return word.slice(0, -suffix.length);
    }
    return word;
  }

  function fold(word) {
    return word.toLowerCase()
      .replace(/ς/g, "σ").replace(/ł/g, "l").replace(/ß/g, "ss").replace(/ø/g, "o").replace(/æ/g, "ae")
      .normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function trim(word) {
    return word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");
  }

  // The index side: appended to the language's pipeline, after its stemmer.
  function normalise(token) {
    return token.update(function (word) {
      var w = trim(word);
      if (STEPKB.lang === "pl") w = polishStem(w.toLowerCase());
      w = fold(w);
      // lunr's Greek stemmer only works on upper-case text without accents; lunr hands it lower case,
      // so on its own it changes nothing. Here it gets what it needs.
      if (STEPKB.lang === "el" && lunr.el && lunr.el.stemmer && w) {
        w = fold(lunr.el.stemmer(new lunr.Token(w.toUpperCase(), {})).toString());
      }
      return w.length > STEPKB.limit ? w.slice(0, STEPKB.limit) : w;
    });
  }
  lunr.Pipeline.registerFunction(normalise, "stepkbNormalise");

  var add = lunr.Builder.prototype.add;
  lunr.Builder.prototype.add = function (doc, attributes) {
    if (!this.stepkbReady) {
      this.pipeline.add(normalise);
      this.stepkbReady = true;
    }
    return add.call(this, doc, attributes);
  };

  // The query side: Material appends "*" to every term, and lunr skips its pipeline for such terms,
  // so each term is normalised here before lunr parses the query.
  function stem(word) {
    var lang = STEPKB.lang;
    var ns = lang === "en" ? lunr : lunr[lang];
    var token = new lunr.Token(word.toLowerCase(), {});
    if (ns && ns.trimmer) token = ns.trimmer(token) || token;
    if (ns && ns.stemmer && lang !== "pl") token = ns.stemmer(token) || token;
    return normalise(token).toString();
  }

  function normaliseQuery(query) {
    return query.split(/\s+/).map(function (part) {
      var m = /^([+-]?)((?:title:|text:|tags:|keywords:)?)(.*?)([*]?(?:[~^]\d+)?[*]?)$/.exec(part);
      if (!m || !m[3]) return part;
      var core = m[3].replace(/^\*/, "");
      var lead = m[3].charAt(0) === "*" ? "*" : "";
      var stemmed = stem(core);
      return stemmed ? m[1] + m[2] + lead + stemmed + m[4] : "";
    }).filter(Boolean).join(" ");
  }

  var search = lunr.Index.prototype.search;
  lunr.Index.prototype.search = function (query) {
    return search.call(this, normaliseQuery(query));
  };
})();
