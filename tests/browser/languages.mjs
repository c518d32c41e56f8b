// Language versions in headless Chromium: the switcher and a page in another language.
//
//   node tests/browser/languages.mjs <site-dir> <lang> <url-path>...
//
// Serves <site-dir> on 127.0.0.1 and, for each url path: loads it, checks that
// `<html lang>` is <lang> for every path under /<lang>/, runs axe-core (WCAG 2.0/2.1 A
// and AA), checks that every link of the language switcher has `lang` and `hreflang`
// (the same code) and that Tab reaches each of them, in the page's order. Prints one line
// per check and a final "N passed, M failed" line; exits 1 on any failure.
import { createRequire } from 'node:module';
import { Tally, args, launch } from './harness.mjs';
import { serveStatic } from './serve-static.mjs';

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
// Enough presses to pass the skip link, the header and the search box to the switcher.
const MAX_TABS = 40;

const [siteDir, lang, ...paths] = args(3, 'node tests/browser/languages.mjs <site-dir> <lang> <url-path>...');
const tally = new Tally();

// The switcher's links as the page has them: href, lang, hreflang and text.
const switcherLinks = () => [...document.querySelectorAll('nav.language-switcher a')].map((a) => ({
  href: a.getAttribute('href'), lang: a.getAttribute('lang'), hreflang: a.getAttribute('hreflang'), text: a.textContent.trim(),
}));

// Presses Tab until every switcher link had focus (or MAX_TABS presses); returns the
// hrefs of the switcher links that got focus, in order.
async function tabThroughSwitcher(page, count) {
  const reached = [];
  for (let i = 0; i < MAX_TABS && reached.length < count; i += 1) {
    await page.keyboard.press('Tab');
    const href = await page.evaluate(() => {
      const el = document.activeElement;
      return el && el.closest('nav.language-switcher') && el.tagName === 'A' ? el.getAttribute('href') : null;
    });
    if (href && !reached.includes(href)) reached.push(href);
  }
  return reached;
}

async function checkPage(browser, base, path) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(err.message));
  try {
    const response = await page.goto(new URL(path, base).href, { waitUntil: 'load' });
    tally.check(response?.status() === 200, `${path}: HTTP ${response?.status()}`);
    const htmlLang = await page.evaluate(() => document.documentElement.getAttribute('lang'));
    if (path.startsWith(`/${lang}/`)) tally.check(htmlLang === lang, `${path}: <html lang="${htmlLang}">, want ${lang}`);
    await page.addScriptTag({ path: AXE_PATH });
    const result = await page.evaluate((values) => window.axe.run(document, { runOnly: { type: 'tag', values } }), AXE_TAGS);
    for (const v of result.violations) {
      const targets = v.nodes.slice(0, 3).map((n) => [].concat(n.target).join(' ')).join(', ');
      console.log(`  axe ${v.id} [${v.impact}] ${v.help} — ${targets}`);
    }
    tally.check(result.violations.length === 0, `${path}: ${result.violations.length} axe violations`);
    const links = await page.evaluate(switcherLinks);
    tally.check(links.length >= 2, `${path}: the switcher has ${links.length} links`);
    for (const l of links) {
      tally.check(!!l.lang && l.lang === l.hreflang, `${path}: switcher link ${l.href} "${l.text}" lang=${l.lang} hreflang=${l.hreflang}`);
    }
    const reached = await tabThroughSwitcher(page, links.length);
    const want = links.map((l) => l.href);
    tally.check(JSON.stringify(reached) === JSON.stringify(want), `${path}: Tab reaches ${JSON.stringify(reached)} of ${JSON.stringify(want)}`);
    tally.check(errors.length === 0, `${path}: no uncaught errors ${errors.join('; ')}`);
  } catch (err) {
    tally.fail(`${path}: ${err.message.split('\n')[0]}`);
  } finally {
    await context.close();
  }
}

const server = await serveStatic(siteDir);
const browser = await launch();
try {
  for (const path of paths) await checkPage(browser, server.url, path);
} finally {
  await browser.close();
  await server.close();
}
tally.done();
