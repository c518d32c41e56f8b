// Search in real headless Chromium, as a reader uses it.
//
//   node tests/browser/search.mjs <site-dir> <query> <expected-first-url>
//
// Types <query> in the header box of the home page and expects <expected-first-url> (what
// `planverk search` answers) first; does the same with the keyboard only (Tab to the box,
// type, ArrowDown, Enter) and expects to land on that page; opens /sok/?q=<query>: results
// with <mark>ed words, a live status, axe-core without violations; without JavaScript /sok/
// says that search needs it. Prints one line per check and `N passed, M failed`.
import { createRequire } from 'node:module';
import { Tally, args, launch } from './harness.mjs';
import { serveStatic } from './serve-static.mjs';

const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const [siteDir, query, expected] = args(3, 'node tests/browser/search.mjs <site-dir> <query> <expected-first-url>');
const tally = new Tally();
const check = (ok, what) => tally.check(ok, what);

// Waits until the results under `scope` are those for the whole query: the box searches as
// the reader types, so the first results to appear may be for a part of it.
async function resultsFor(page, scope, q) {
  await page.waitForFunction(
    ([scope, q]) => {
      const status = document.querySelector(scope + ' [data-search-status]')?.textContent ?? '';
      return status.includes(q) && /\d/.test(status) && document.querySelector(scope + ' .search-results li a');
    },
    [scope, q],
    { timeout: 10000 },
  );
}

const server = await serveStatic(siteDir);
const browser = await launch();

try {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));

  // Typing in the header box of the home page.
  await page.goto(server.url + '/');
  await page.click('#site-search-q');
  await page.keyboard.type(query, { delay: 20 });
  await resultsFor(page, '.site-search', query);
  const href = await page.locator('.search-popup .search-results li a').first().getAttribute('href');
  check(href === expected, `header box: "${query}" gives ${href} first (expected ${expected})`);
  const status = await page.locator('#site-search-status').textContent();
  check(/\d/.test(status ?? ''), `header box: the live status says how many (${JSON.stringify(status)})`);
  check((await page.getAttribute('#site-search-status', 'aria-live')) === 'polite', 'header box: the status is a polite live region');

  // Keyboard only: Tab to the box, type, ArrowDown to the first result, Enter.
  const kb = await ctx.newPage();
  kb.on('pageerror', (e) => errors.push(String(e)));
  await kb.goto(server.url + '/');
  let reached = false;
  for (let i = 0; i < 15 && !reached; i++) {
    await kb.keyboard.press('Tab');
    reached = await kb.evaluate(() => document.activeElement && document.activeElement.id === 'site-search-q');
  }
  check(reached, 'keyboard: Tab reaches the search box');
  await kb.keyboard.type(query, { delay: 20 });
  await resultsFor(kb, '.site-search', query);
  await kb.keyboard.press('ArrowDown');
  const focused = await kb.evaluate(() => document.activeElement && document.activeElement.getAttribute('href'));
  check(focused === expected, `keyboard: ArrowDown focuses the first result (${focused})`);
  await Promise.all([kb.waitForURL((u) => u.pathname + u.hash === expected, { timeout: 10000 }).catch(() => {}), kb.keyboard.press('Enter')]);
  const landed = new URL(kb.url());
  check(landed.pathname + landed.hash === expected, `keyboard: Enter opens ${landed.pathname}${landed.hash}`);
  await kb.goto(server.url + '/');
  await kb.focus('#site-search-q');
  await kb.keyboard.type(query, { delay: 10 });
  await kb.locator('.search-popup .search-results li a').first().waitFor({ timeout: 10000 });
  await kb.keyboard.press('Escape');
  check(await kb.isHidden('.search-popup'), 'keyboard: Escape closes the results');

  // The search page.
  await page.goto(server.url + '/sok/?q=' + encodeURIComponent(query));
  await resultsFor(page, '[data-search-page]', query);
  check((await page.inputValue('#search-q')) === query, 'search page: the query from the address is in the box');
  const pageFirst = await page.locator('[data-search-page] .search-results li a').first().getAttribute('href');
  check(pageFirst === expected, `search page: ${pageFirst} first`);
  check((await page.locator('[data-search-page] .search-results mark').count()) > 0, 'search page: matched words are marked');
  check((await page.locator('[data-search-page] .search-result-meta').first().textContent()).trim().length > 0, 'search page: each result shows its kind');
  const kind = await page.locator('select[name="kind"] option').nth(1).getAttribute('value');
  await page.selectOption('select[name="kind"]', kind);
  await page.waitForTimeout(300);
  const metas = await page.locator('[data-search-page] .search-result-meta').allTextContents();
  check(metas.length === 0 || new Set(metas.map((m) => m.split(' · ')[0])).size === 1, `search page: the kind filter (${kind}) leaves one kind (${metas.length} results)`);
  await page.selectOption('select[name="kind"]', '');
  await page.waitForTimeout(300);
  await page.addScriptTag({ path: AXE_PATH });
  const axe = await page.evaluate(() => window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }));
  check(axe.violations.length === 0, `search page: axe finds no violations ${axe.violations.map((v) => v.id).join(' ')}`);
  check(errors.length === 0, `no script errors ${errors.join('; ')}`);

  // Without JavaScript.
  const noJs = await browser.newContext({ javaScriptEnabled: false });
  const p0 = await noJs.newPage();
  await p0.goto(server.url + '/sok/');
  const text = await p0.locator('main').innerText();
  check(/JavaScript/.test(text), 'without JavaScript: the search page says search needs JavaScript');
  await noJs.close();
} finally {
  await browser.close();
  await server.close();
}
tally.done();
