// Search in a language version, in real headless Chromium.
//
//   node tests/browser/search-lang.mjs <site-dir> <lang> <query> <expected-first-url> [<strings.toml>]
//
// Types <query> in the header box of /<lang>/ and opens /<lang>/sok/?q=<query>: both must give
// <expected-first-url> first (found with that language's index and analyzer), the page must
// mark a matched word, and its live status must say how many in the page's language (the
// `search_count` string of <lang>, built in or from <strings.toml>). Prints one line per check and `N passed, M failed`.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Tally, args, launch } from './harness.mjs';
import { serveStatic } from './serve-static.mjs';

const [siteDir, lang, query, expected, own] = args(4, 'node tests/browser/search-lang.mjs <site-dir> <lang> <query> <expected-first-url> [<strings.toml>]');
const here = path.dirname(fileURLToPath(import.meta.url));
const strings = readFileSync(own || path.join(here, `../../themes/default/i18n/${lang}.toml`), 'utf8');
// "{n} treff for «{q}»." → the words around {n}: what the status says in this language.
const count = /^search_count = "(.*)"$/m.exec(strings)[1].replace('{q}', query).split('{n}')[1];
const tally = new Tally();
const check = (ok, what) => tally.check(ok, what);

async function firstResult(page, scope) {
  await page.waitForFunction(
    ([scope, q]) => (document.querySelector(scope + ' [data-search-status]')?.textContent ?? '').includes(q) && document.querySelector(scope + ' .search-results li a'),
    [scope, query],
    { timeout: 10000 },
  );
  return page.locator(scope + ' .search-results li a').first().getAttribute('href');
}

const server = await serveStatic(siteDir);
const browser = await launch();
try {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${server.url}/${lang}/`);
  await page.click('#site-search-q');
  await page.keyboard.type(query, { delay: 20 });
  const header = await firstResult(page, '.site-search');
  check(header === expected, `header box of /${lang}/: "${query}" gives ${header} first (expected ${expected})`);
  await page.goto(`${server.url}/${lang}/sok/?q=${encodeURIComponent(query)}`);
  const first = await firstResult(page, '[data-search-page]');
  check(first === expected, `/${lang}/sok/: ${first} first`);
  check((await page.locator('[data-search-page] .search-results mark').count()) > 0, `/${lang}/sok/: a matched word is marked`);
  const status = (await page.locator('[data-search-page] [data-search-status]').textContent()) ?? '';
  check(status.includes(count), `/${lang}/sok/: the status is in the page's language (${JSON.stringify(status)} holds ${JSON.stringify(count)})`);
  check((await page.getAttribute('html', 'lang')) === lang, `/${lang}/sok/ has lang="${lang}"`);
  check(errors.length === 0, `no script errors ${errors.join('; ')}`);
} finally {
  await browser.close();
  await server.close();
}
tally.done();
