// Targeted live reload of `planverk serve` in headless Chromium: two tabs on two pages.
//
//   node tests/browser/tabs.mjs <url-a> <url-b> <content-file-a> <stylesheet-file>
//
//   1. editing page A reloads tab A (with the new text) and leaves tab B alone;
//   2. tab A keeps its scroll position across the reload (the browser's own restoring is
//      switched off, so the live-reload script has to do it);
//   3. a stylesheet edit restyles both tabs without reloading either.
// Prints one line per check and a final "N passed, M failed" line; exits 1 on any failure.
import fs from 'node:fs/promises';
import { Tally, args, launch } from './harness.mjs';

const [urlA, urlB, fileA, css] = args(4, 'node tests/browser/tabs.mjs <url-a> <url-b> <content-file-a> <stylesheet-file>');
const WAIT = 15000;
const long = (first) => [first, ...Array.from({ length: 80 }, (_, i) => `Avsnitt ${i + 1} med nok tekst til at siden blir lang.`)].join('\n\n');
const page = (title, body) => `---\ntitle: ${title}\n---\n${body}\n`;
const bodyHas = (text) => document.body.innerText.includes(text);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const tally = new Tally();
const check = (name, fn) => tally.step(name, fn);

const browser = await launch();
try {
  const context = await browser.newContext({ viewport: { width: 800, height: 600 } });
  const [a, b] = [await context.newPage(), await context.newPage()];
  const errors = [];
  for (const tab of [a, b]) tab.on('pageerror', (err) => errors.push(err.message));
  const pending = new Set();
  a.on('request', (r) => pending.add(r.url()));
  a.on('requestfinished', (r) => pending.delete(r.url()));
  a.on('requestfailed', (r) => pending.delete(r.url()));
  // Headless Chromium now and then never gets one of the dev server's responses when two
  // tabs open at once (the server has answered it); what is tested here starts after the
  // pages are open, so opening one is tried again.
  const open = async (tab, url) => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await tab.goto(url, { waitUntil: 'domcontentloaded', timeout: 8000 });
      } catch (err) {
        if (attempt === 3) throw err;
      }
    }
  };
  await open(a, urlA);
  await open(b, urlB);
  // Both event streams are open before the first edit.
  await sleep(1500);
  const mark = (tab) => tab.evaluate(() => { window.__planverkMark = true; });
  const marked = (tab) => tab.evaluate(() => window.__planverkMark === true);
  await mark(a);
  await mark(b);

  await check('editing page A reloads tab A only', async () => {
    await a.evaluate(() => { history.scrollRestoration = 'manual'; window.scrollTo(0, 700); });
    await fs.writeFile(fileA, page('Side A', long('Endret i fane A.')));
    await a.waitForFunction(() => !window.__planverkMark, null, { timeout: WAIT });
    await a.waitForFunction(bodyHas, 'Endret i fane A', { timeout: WAIT });
    await sleep(800);
    if (!(await marked(b))) throw new Error('tab B reloaded although its page did not change');
  });

  await check('tab A keeps its scroll position across the reload', async () => {
    try {
      await a.waitForFunction(() => Math.abs(window.scrollY - 700) < 2, null, { timeout: WAIT });
    } catch (err) {
      const seen = await a.evaluate(() => `scrollY ${window.scrollY} of ${document.documentElement.scrollHeight}, ${document.readyState}, restoration ${history.scrollRestoration}, saved ${JSON.stringify(sessionStorage)}`);
      throw new Error(`${err.message} (${seen}; pending ${[...pending].join(' ')})`);
    }
  });

  await check('a stylesheet edit restyles both tabs without a reload', async () => {
    await mark(a);
    await fs.writeFile(css, 'body { background-color: rgb(1, 2, 3); }\n');
    for (const tab of [a, b]) {
      await tab.waitForFunction(() => getComputedStyle(document.body).backgroundColor === 'rgb(1, 2, 3)', null, { timeout: WAIT });
    }
    if (!(await marked(a)) || !(await marked(b))) throw new Error('a tab reloaded for a stylesheet change');
  });

  if (errors.length) {
    tally.fail(`uncaught exceptions: ${errors.join('; ')}`);
  }
} finally {
  await browser.close();
}
tally.done();
