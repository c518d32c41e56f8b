// Live reload and the error overlay of `planverk serve` in headless Chromium.
//
//   node tests/browser/livereload.mjs <page-url> <content-file>
//
// Opens <page-url> (served by `planverk serve`), then edits <content-file> on disk:
//   1. a new text: the page reloads by itself and shows it;
//   2. a broken front matter: the error overlay appears (role="alert", the file name,
//      a focused close button) and passes axe-core; the page under it is the last good one;
//   3. a fix: the page reloads by itself and the overlay is gone.
// Prints one line per check and a final "N passed, M failed" line; exits 1 on any failure.
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import { Tally, args, launch } from './harness.mjs';

const [url, file] = args(2, 'node tests/browser/livereload.mjs <page-url> <content-file>');
const WAIT = 15000;
const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const page = (title, body) => `---\ntitle: ${title}\n---\n${body}\n`;
const bodyHas = (text) => document.body.innerText.includes(text);

const tally = new Tally();
const check = (name, fn) => tally.step(name, fn);

const browser = await launch();
try {
  const tab = await browser.newPage();
  const errors = [];
  tab.on('pageerror', (err) => errors.push(err.message));
  await tab.goto(url, { waitUntil: 'load' });
  // Marks this document: a reload replaces it, and the mark is gone.
  const mark = () => tab.evaluate(() => { window.__planverkMark = true; });
  const reloaded = () => tab.waitForFunction(() => !window.__planverkMark, null, { timeout: WAIT });

  await check('an edit reloads the page with the new text', async () => {
    await mark();
    await fs.writeFile(file, page('Om oss', 'Endret mens siden var åpen.'));
    await reloaded();
    await tab.waitForFunction(bodyHas, 'Endret mens siden var åpen', { timeout: WAIT });
  });

  await check('a broken edit shows the error overlay with the file name', async () => {
    await mark();
    await fs.writeFile(file, '---\ntitle: Om oss\ntittel: feil\n---\nØdelagt\n');
    // `writeFile` truncates and then writes: a slow machine may build the empty file
    // first (no front matter), and the next build replaces that overlay with this one.
    const overlay = await tab.waitForSelector('#planverk-overlay[role="alert"]', { timeout: WAIT });
    try {
      await tab.waitForFunction(() => /content\/om\.md:3/.test(document.getElementById('planverk-overlay')?.innerText ?? ''),
        null, { timeout: WAIT });
    } catch {
      throw new Error(`overlay text lacks content/om.md:3: ${await overlay.innerText().catch(() => '(gone)')}`);
    }
    const focused = await tab.evaluate(() => document.activeElement?.matches('#planverk-overlay button') ?? false);
    if (!focused) throw new Error('the close button is not focused');
    if (!(await tab.evaluate(() => window.__planverkMark))) throw new Error('the page reloaded on a failed build');
    if (!(await tab.evaluate(bodyHas, 'Endret mens siden var åpen'))) throw new Error('the last good page is not shown under the overlay');
  });

  await check('the overlay passes axe-core (WCAG 2.1 A/AA)', async () => {
    await tab.addScriptTag({ path: AXE_PATH });
    const result = await tab.evaluate(() => window.axe.run('#planverk-overlay',
      { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }));
    const found = result.violations.map((v) => `${v.id}: ${v.help}`);
    if (found.length) throw new Error(found.join('; '));
  });

  await check('a fix reloads the page and the overlay is gone', async () => {
    await fs.writeFile(file, page('Om oss', 'Rettet igjen.'));
    await reloaded();
    await tab.waitForFunction(bodyHas, 'Rettet igjen', { timeout: WAIT });
    if (await tab.$('#planverk-overlay')) throw new Error('the overlay is still there');
  });

  if (errors.length) {
    tally.fail(`uncaught exceptions: ${errors.join('; ')}`);
  }
} finally {
  await browser.close();
}
tally.done();
