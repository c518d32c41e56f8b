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
import { chromium } from 'playwright-core';

const [urlA, urlB, fileA, css] = process.argv.slice(2);
if (!urlA || !urlB || !fileA || !css) {
  console.error('usage: node tests/browser/tabs.mjs <url-a> <url-b> <content-file-a> <stylesheet-file>');
  process.exit(2);
}
const WAIT = 15000;
const LAUNCH = {
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
};
const long = (first) => [first, ...Array.from({ length: 80 }, (_, i) => `Avsnitt ${i + 1} med nok tekst til at siden blir lang.`)].join('\n\n');
const page = (title, body) => `---\ntitle: ${title}\n---\n${body}\n`;
const bodyHas = (text) => document.body.innerText.includes(text);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let passed = 0;
let failed = 0;
async function check(name, fn) {
  try {
    await fn();
    passed += 1;
    console.log(`ok: ${name}`);
  } catch (err) {
    failed += 1;
    console.log(`FAILED: ${name}: ${err.message}`);
  }
}

const browser = await chromium.launch(LAUNCH);
try {
  const context = await browser.newContext({ viewport: { width: 800, height: 600 } });
  const [a, b] = [await context.newPage(), await context.newPage()];
  const errors = [];
  for (const tab of [a, b]) tab.on('pageerror', (err) => errors.push(err.message));
  await a.goto(urlA, { waitUntil: 'load' });
  await b.goto(urlB, { waitUntil: 'load' });
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
    await a.waitForFunction(() => Math.abs(window.scrollY - 700) < 2, null, { timeout: WAIT });
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
    failed += 1;
    console.log(`FAILED: uncaught exceptions: ${errors.join('; ')}`);
  }
} finally {
  await browser.close();
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
