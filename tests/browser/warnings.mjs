// The warnings panel of `planverk serve` in headless Chromium.
//
//   node tests/browser/warnings.mjs <page-url> <content-file> <code> <fixed-text> <behind-text>
//
// Opens <page-url> while the site builds with a warning <code> about <content-file>, then:
//   1. the panel is there (role="status", the code and the file), takes no focus and
//      passes axe-core (WCAG 2.1 A/AA);
//   2. writing <fixed-text> into the file takes the panel away, <behind-text> brings it back;
//   3. its close button closes it, and it stays closed when the page is loaded again.
// Prints one line per check and a final "N passed, M failed" line; exits 1 on any failure.
import fs from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';
import { Tally, args, launch } from './harness.mjs';

const [url, file, code, fixed, behind] = args(5, 'node tests/browser/warnings.mjs <page-url> <content-file> <code> <fixed-text> <behind-text>');
const WAIT = 15000;
const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const PANEL = '#planverk-warnings[role="status"]';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const tally = new Tally();
const check = (name, fn) => tally.step(name, fn);

const browser = await launch();
try {
  const tab = await browser.newPage();
  const errors = [];
  tab.on('pageerror', (err) => errors.push(err.message));
  await tab.goto(url, { waitUntil: 'load' });

  await check('the panel names the warning and its file', async () => {
    const panel = await tab.waitForSelector(PANEL, { timeout: WAIT });
    const text = await panel.innerText();
    const name = path.basename(file);
    if (!text.includes(code) || !text.includes(name)) throw new Error(`the panel lacks ${code} or ${name}: ${text}`);
  });

  await check('the panel takes no focus and passes axe-core', async () => {
    const focus = await tab.evaluate(() => document.activeElement?.tagName);
    if (focus !== 'BODY') throw new Error(`focus moved to ${focus}`);
    await tab.addScriptTag({ path: AXE_PATH });
    const result = await tab.evaluate(() => window.axe.run('#planverk-warnings',
      { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }));
    if (result.violations.length) throw new Error(result.violations.map((v) => `${v.id}: ${v.help}`).join('; '));
  });

  await check('a fix takes the panel away and a new warning brings it back', async () => {
    await fs.writeFile(file, fixed);
    await tab.waitForSelector('#planverk-warnings', { state: 'detached', timeout: WAIT });
    await fs.writeFile(file, behind);
    await tab.waitForSelector(PANEL, { timeout: WAIT });
  });

  await check('closed, the panel stays closed on the next load', async () => {
    await tab.click('#planverk-warnings [data-planverk-close]');
    await tab.waitForSelector('#planverk-warnings', { state: 'detached', timeout: WAIT });
    await tab.reload({ waitUntil: 'load' });
    await sleep(1500);
    if (await tab.$('#planverk-warnings')) throw new Error('the closed panel came back');
  });

  tally.check(errors.length === 0, `no uncaught errors ${errors.join('; ')}`);
} finally {
  await browser.close();
}
tally.done();
