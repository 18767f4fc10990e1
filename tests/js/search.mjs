// The browser's search (docs/assets/search/search.js and normalise.js, as they are in the source tree) run
// in Node over a built index, for the tests: fetch() reads the index's files from disk.
//   node --experimental-default-type=module tests/js/search.mjs <assets/search folder> <language root folder> <lang> <query>...
// prints {query: [the first results' addresses, in order]} as JSON.
//   node ... tests/js/search.mjs <assets/search folder> --normalise <lang> <word>...
// prints {word: [folded, term, english term, Latin spelling]} as JSON.
import { readFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";

const [assets, root, lang, ...rest] = process.argv.slice(2);
const norm = await import(pathToFileURL(`${assets}/normalise.js`).href);

if (root === "--normalise") {
  const n = await norm.normaliser(lang, []);
  const out = {};
  for (const word of rest) {
    const folded = norm.fold(word);
    out[word] = [folded, n.term(folded), n.englishTerm(folded), norm.greekToLatin(folded)];
  }
  console.log(JSON.stringify(out));
} else {
  globalThis.fetch = async (url) => {
    try {
      const text = await readFile(url.split("?")[0], "utf-8");
      return { ok: true, status: 200, json: async () => JSON.parse(text) };
    } catch {
      return { ok: false, status: 404, json: async () => { throw new Error(`no file ${url}`); } };
    }
  };
  globalThis.document = { querySelector: () => null }; // the module wires up the header box only where there is one
  const { Index, search, firstResults } = await import(pathToFileURL(`${assets}/search.js`).href);
  const index = await Index.load(root.endsWith("/") ? root : root + "/", lang);
  const out = {};
  for (const query of rest) {
    const found = await search(index, query);
    out[query] = (await firstResults(index, found)).map((r) => r.entry.u);
  }
  console.log(JSON.stringify(out));
}
