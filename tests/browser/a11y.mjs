// Accessibility and layout check of a built site in headless Chromium.
//
//   node tests/browser/a11y.mjs <site-dir> <screenshot-dir> <url-path>...
//
// Serves <site-dir> on 127.0.0.1 and, for each url path at widths 375 and 1280
// (height 900): loads the page, runs axe-core (WCAG 2.0/2.1 A and AA), saves a
// full-page screenshot <screenshot-dir>/<slug>-<width>.png, and fails the check
// on any axe violation, a non-200 response, a console error or uncaught
// exception, or horizontal overflow at 375 px. Prints one line per problem and
// a final "N passed, M failed" line (one check = one page at one width);
// exits 1 if any check failed.
import fs from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { launch } from './harness.mjs';
import { serveStatic } from './serve-static.mjs';

const WIDTHS = [375, 1280];
const HEIGHT = 900;
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

// "/" -> "index", "/blog/my post/" -> "blog-my-post"
export function slugify(urlPath) {
  const s = urlPath.replace(/[?#].*$/, '').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '');
  return s === '' ? 'index' : s;
}

// Loads one page at one width; returns a list of problem lines (empty = pass).
async function checkPage(browser, baseUrl, urlPath, width, shotDir) {
  const where = `${urlPath} @${width}px`;
  const problems = [];
  const context = await browser.newContext({ viewport: { width, height: HEIGHT } });
  const page = await context.newPage();
  const consoleErrors = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') consoleErrors.push({ text: msg.text(), url: msg.location().url ?? '' });
  });
  page.on('pageerror', (err) => problems.push(`uncaught exception: ${err.message} — ${where}`));
  try {
    const response = await page.goto(new URL(urlPath, baseUrl).href, { waitUntil: 'load' });
    const status = response ? response.status() : 0;
    if (status !== 200) problems.push(`HTTP ${status} — ${where}`);

    await page.addScriptTag({ path: AXE_PATH });
    const result = await page.evaluate(
      (values) => window.axe.run(document, { runOnly: { type: 'tag', values } }),
      AXE_TAGS,
    );
    for (const v of result.violations) {
      const targets = v.nodes.slice(0, 3)
        .map((n) => [].concat(n.target).map((t) => [].concat(t).join(' ')).join(' >>> '));
      const more = v.nodes.length > 3 ? ` (+${v.nodes.length - 3} more)` : '';
      problems.push(`axe ${v.id} [${v.impact}] ${v.help} — ${targets.join(', ')}${more} — ${where}`);
    }

    if (width === 375) {
      const { scrollWidth, clientWidth } = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        clientWidth: document.documentElement.clientWidth,
      }));
      if (scrollWidth > clientWidth) {
        problems.push(`horizontal overflow: scrollWidth ${scrollWidth} > clientWidth ${clientWidth} — ${where}`);
      }
    }

    await page.screenshot({ path: path.join(shotDir, `${slugify(urlPath)}-${width}.png`), fullPage: true });

    // Chromium asks for /favicon.ico by itself when a page declares no icon; that 404 is not the page's.
    const declaresIcon = await page.evaluate(() => !!document.querySelector('link[rel~="icon" i]'));
    for (const { text, url } of consoleErrors) {
      if (!declaresIcon && new URL(url || 'x:', baseUrl).pathname === '/favicon.ico') continue;
      problems.push(`console error: ${text}${url && !text.includes(url) ? ` (${url})` : ''} — ${where}`);
    }
  } catch (err) {
    problems.push(`error: ${err.message.split('\n')[0]} — ${where}`);
  } finally {
    await context.close();
  }
  return problems;
}

async function main() {
  const [siteDir, shotDir, ...urlPaths] = process.argv.slice(2);
  if (!siteDir || !shotDir || urlPaths.length === 0) {
    console.error('usage: node tests/browser/a11y.mjs <site-dir> <screenshot-dir> <url-path>...');
    process.exit(2);
  }
  await fs.mkdir(shotDir, { recursive: true });
  const server = await serveStatic(siteDir);
  const browser = await launch();
  let passed = 0;
  let failed = 0;
  try {
    for (const urlPath of urlPaths) {
      for (const width of WIDTHS) {
        const problems = await checkPage(browser, server.url, urlPath, width, shotDir);
        problems.forEach((line) => console.log(line));
        if (problems.length) failed++;
        else passed++;
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
