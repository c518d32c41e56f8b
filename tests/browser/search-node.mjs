// The browser's search client (themes/default/static/search.js) run under node against a
// built site's static index, compared with `planverk search` on the same site.
//
// usage: node search-node.mjs compare <site-root> <built-output> <planverk-binary> <epoch> <query>...
//        node search-node.mjs analyzer <analyzer.json>
//        node search-node.mjs bytes <built-output> <query>...
//        node search-node.mjs urls <built-output> <query>...
// `compare` prints one line per query and exits 1 when a top 3 differs; `analyzer` checks
// tokens and terms against what Rust wrote (with the analyzer it names, norwegian when none); `bytes` prints the
// bytes each query fetched (JSON); `urls` the URLs each query finds (JSON). <built-output> is
// the folder holding `sok/index/` (`public/en` for the English version).
import { readFileSync, statSync } from "node:fs";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
// search.js is a classic browser script: run it with a `module` to catch what it exports.
const mod = { exports: {} };
new Function("module", readFileSync(path.join(here, "../../themes/default/static/search.js"), "utf8"))(mod);
const client = mod.exports;

/** A searcher reading the index files of `out`, counting the bytes of every file it reads. */
function searcher(out) {
  const counter = { bytes: 0, files: 0 };
  const s = client.createSearcher(async (p) => {
    const file = path.join(out, "sok/index", p);
    counter.bytes += statSync(file).size;
    counter.files += 1;
    return JSON.parse(readFileSync(file, "utf8"));
  });
  return { s, counter };
}

async function compare([root, out, bin, epoch, ...queries]) {
  let failed = 0;
  for (const q of queries) {
    const cli = JSON.parse(execFileSync(bin, ["search", "--root", root, "--json", "--limit", "3", q], { env: { ...process.env, SOURCE_DATE_EPOCH: epoch } }));
    const { s } = searcher(out);
    const browser = await s.search(q, { limit: 3 });
    const a = cli.map((r) => r.url), b = browser.map((r) => r.url);
    const same = JSON.stringify(a) === JSON.stringify(b);
    if (!same) failed++;
    console.log(`${same ? "same" : "DIFF"}  ${JSON.stringify(q)}\n  cli:     ${a.join("  ")}\n  browser: ${b.join("  ")}`);
    if (!same) {
      console.log("  cli scores:     " + cli.map((r) => r.score.toFixed(5)).join("  "));
      console.log("  browser scores: " + browser.map((r) => r.score.toFixed(5)).join("  "));
    }
    if (a.length === 0) { console.log("  (no results: every query of the set must find something)"); failed++; }
  }
  console.log(`${queries.length - failed}/${queries.length} queries give the same top 3`);
  process.exit(failed ? 1 : 0);
}

function analyzer([file]) {
  const data = JSON.parse(readFileSync(file, "utf8"));
  let failed = 0;
  for (const t of data.texts) {
    const got = client.tokenize(t.text).map((w) => w.text);
    if (JSON.stringify(got) !== JSON.stringify(t.tokens)) {
      failed++;
      const i = got.findIndex((w, k) => w !== t.tokens[k]);
      console.log(`tokens differ in ${t.name} at ${i}: js ${JSON.stringify(got.slice(i, i + 3))} rust ${JSON.stringify(t.tokens.slice(i, i + 3))}`);
    }
  }
  let words = 0;
  for (const [w, terms] of Object.entries(data.words)) {
    words++;
    const got = client.queryWord(w, data.analyzer);
    if (got.exact !== terms.exact || JSON.stringify(got.folded) !== JSON.stringify(terms.folded)) {
      failed++;
      if (failed < 30) console.log(`${w}: js ${JSON.stringify(got)} rust ${JSON.stringify(terms)}`);
    }
    const shard = client.shardOf(w, 4096);
    if (shard !== terms.shard) { failed++; console.log(`${w}: shard js ${shard} rust ${terms.shard}`); }
  }
  console.log(`${data.texts.length} texts, ${words} words, ${failed} differences`);
  process.exit(failed ? 1 : 0);
}

async function bytes([out, ...queries]) {
  const rows = [];
  for (const q of queries) {
    const { s, counter } = searcher(out);
    const results = await s.search(q, { limit: 10 });
    rows.push({ query: q, bytes: counter.bytes, files: counter.files, results: results.length });
  }
  console.log(JSON.stringify(rows));
}

async function urls([out, ...queries]) {
  const rows = [];
  for (const q of queries) rows.push({ query: q, urls: (await searcher(out).s.search(q, { limit: 10 })).map((r) => r.url) });
  console.log(JSON.stringify(rows));
}

const [mode, ...args] = process.argv.slice(2);
if (mode === "compare") await compare(args);
else if (mode === "analyzer") analyzer(args);
else if (mode === "bytes") await bytes(args);
else if (mode === "urls") await urls(args);
else { console.error("usage: search-node.mjs compare|analyzer|bytes|urls ..."); process.exit(2); }
