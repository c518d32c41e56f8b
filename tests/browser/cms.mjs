// The editor at /admin/ in headless Chromium with the npm `decap-cms` bundle, served by
// `planverk serve` from node_modules (`[cms] script`), no network.
//
//   node tests/browser/cms.mjs <site-url> <site-root>
//
// 1. /admin/ loads Decap, which finds serve's local backend; log in;
// 2. open a course, change its title, publish: the file on disk and the course page in
//    another tab show the new title;
// 3. the shell around Decap passes axe-core.
// Prints one line per check and a final "N passed, M failed" line; exits 1 on any failure.
import fs from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';
import { Tally, args, launch } from './harness.mjs';

const [base, root] = args(2, 'node tests/browser/cms.mjs <site-url> <site-root>');
const WAIT = 60000;
const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const tally = new Tally();
const check = (name, fn) => tally.step(name, fn);
const NEW_TITLE = 'Kjentmannskurs endret i editoren';
const COURSE = path.join(root, 'content/kurs/kjentmann-2027.md');

const browser = await launch();
try {
  const tab = await browser.newPage();
  const errors = [];
  tab.on('pageerror', (err) => errors.push(err.message));
  tab.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  tab.on('response', (r) => { if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`); });

  await check('the shell around Decap passes axe-core', async () => {
    await tab.goto(`${base}/admin/`, { waitUntil: 'domcontentloaded' });
    await tab.addScriptTag({ path: AXE_PATH });
    const result = await tab.evaluate(async () => {
      const r = await window.axe.run({ exclude: [['#nc-root']] }, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
      return r.violations.map((v) => `${v.id}: ${v.nodes.length}`);
    });
    if (result.length) throw new Error(result.join(', '));
  });

  await check('Decap finds the local backend and logs in', async () => {
    const login = tab.getByRole('button', { name: /logg inn|login/i });
    await login.first().click({ timeout: WAIT });
    await tab.waitForSelector('a[href*="#/collections/"]', { timeout: WAIT });
  });

  await check('a course opened, retitled and published is written and shown', async () => {
    await tab.evaluate(() => { window.location.hash = '#/collections/kurs/entries/kjentmann-2027'; });
    const title = tab.locator('[id^="title-field"]').first();
    await title.waitFor({ timeout: WAIT });
    await title.fill(NEW_TITLE);
    await tab.getByRole('button', { name: /^Publiser$/ }).first().click({ timeout: WAIT });
    await tab.getByText(/Publiser nå/).first().click({ timeout: WAIT });
    const started = Date.now();
    for (;;) {
      const text = await fs.readFile(COURSE, 'utf8');
      if (text.includes(NEW_TITLE)) break;
      if (Date.now() - started > WAIT) throw new Error(`the file was not written: ${text.slice(0, 200)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const second = await launch();
    const other = await second.newPage();
    const started2 = Date.now();
    for (;;) {
      await other.goto(`${base}/kurs/kjentmann-2027/`, { waitUntil: 'domcontentloaded' });
      if ((await other.title()).includes(NEW_TITLE)) break;
      if (Date.now() - started2 > WAIT) throw new Error(`the page does not show the new title: ${await other.title()}`);
      await new Promise((r) => setTimeout(r, 300));
    }
    const catalogue = await second.newPage();
    await catalogue.goto(`${base}/kurs/`, { waitUntil: 'domcontentloaded' });
    const listed = await catalogue.evaluate((t) => document.body.innerText.includes(t), NEW_TITLE);
    await second.close();
    if (!listed) throw new Error('the catalogue lacks the new title');
  });

  // Chromium asks for /favicon.ico on its own (a console line without the URL); responses
  // of 400 and more are recorded with their URL above.
  const ownErrors = errors.filter((e) => !/^Failed to load resource/.test(e));
  tally.check(ownErrors.length === 0, `no script errors (${ownErrors.join(' | ')})`);
} finally {
  await browser.close();
}
tally.done();
