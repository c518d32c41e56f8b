// A site published in a folder of its host, in real headless Chromium.
//
//   node tests/browser/subpath.mjs <site-dir> <prefix> <query> <expected-first-url>
//
// Serves <site-dir> under <prefix> (`/rusplan`; everything outside it is 404, as on a host
// where the folder is all the site has) and, from the home page, follows every link inside
// the site: each HTML page is loaded in Chromium, with every stylesheet, script, image and
// fetch it makes, and none may fail (HTTP 400 or more, or a refused request) or break a
// Subresource Integrity check; every other file a page links (feeds, calendars, data files,
// documents) is fetched and must answer 200. Every link into the host must stay under
// <prefix>. Then types <query> into the header box of the home page and expects
// <prefix><expected-first-url> first. Prints one line per failure and `N passed, M failed`.
import { Tally, args, launch } from './harness.mjs';
import { serveStatic } from './serve-static.mjs';

const [siteDir, rawPrefix, query, expected] = args(4, 'node tests/browser/subpath.mjs <site-dir> <prefix> <query> <expected-first-url>');
const prefix = rawPrefix.replace(/\/+$/, '');
const tally = new Tally();
const server = await serveStatic(siteDir, { prefix });
const origin = server.url;
const browser = await launch();

// Pages are followed; anything else is fetched once.
const isPage = (u) => u.pathname.endsWith('/') || u.pathname.endsWith('.html');
const seenPages = new Set();
const seenFiles = new Set();
const queue = [new URL(prefix + '/', origin).href];
const problems = [];

function consider(raw, from) {
  let u;
  try {
    u = new URL(raw, from);
  } catch {
    problems.push(`${from}: a link that is not a URL: ${raw}`);
    return;
  }
  if (u.origin !== origin) return; // other hosts, webcal:, mailto:, tel:
  u.hash = '';
  if (!u.pathname.startsWith(prefix + '/')) {
    problems.push(`${from}: a link outside ${prefix}/: ${raw}`);
    return;
  }
  if (isPage(u)) {
    u.search = '';
    if (!seenPages.has(u.href)) {
      seenPages.add(u.href);
      queue.push(u.href);
    }
  } else {
    seenFiles.add(u.href);
  }
}

try {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  let current = '';
  // The browser's own request for /favicon.ico is not the site's.
  const ours = (url) => url.startsWith(origin) && new URL(url).pathname !== '/favicon.ico';
  page.on('response', (r) => {
    if (r.status() >= 400 && ours(r.url())) problems.push(`${current}: ${r.request().resourceType()} ${r.url()} answered ${r.status()}`);
  });
  page.on('requestfailed', (req) => {
    if (ours(req.url())) problems.push(`${current}: ${req.resourceType()} ${req.url()} failed: ${req.failure()?.errorText}`);
  });
  page.on('console', (m) => {
    // A resource that failed is reported by its response (the browser's own /favicon.ico is not).
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(`${current}: console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`${current}: script error: ${e}`));
  seenPages.add(queue[0]);
  while (queue.length) {
    current = queue.shift();
    const res = await page.goto(current, { waitUntil: 'load' });
    if (!res || res.status() !== 200) {
      problems.push(`${current}: the page answered ${res ? res.status() : 'nothing'}`);
      continue;
    }
    const links = await page.evaluate(() =>
      [...document.querySelectorAll('a[href], link[href], script[src], img[src], source[srcset], img[srcset], form[action], [data-source]')].flatMap((e) => {
        const out = [];
        for (const attr of ['href', 'src', 'action', 'data-source']) if (e.hasAttribute(attr)) out.push(e.getAttribute(attr));
        for (const attr of ['srcset']) if (e.hasAttribute(attr)) out.push(...e.getAttribute(attr).split(',').map((s) => s.trim().split(/\s+/)[0]));
        return out;
      }),
    );
    const refresh = await page.evaluate(() => document.querySelector('meta[http-equiv="refresh"]')?.getAttribute('content') ?? '');
    if (refresh.includes('url=')) links.push(refresh.split('url=')[1].trim());
    links.forEach((l) => consider(l, current));
  }
  for (const file of seenFiles) {
    const r = await fetch(file);
    if (r.status !== 200) problems.push(`a linked file answered ${r.status}: ${file}`);
  }
  tally.check(seenPages.size > 1, `followed ${seenPages.size} pages and ${seenFiles.size} other files under ${prefix}/`);
  for (const p of problems.slice(0, 50)) tally.fail(p);
  if (problems.length > 50) tally.fail(`… and ${problems.length - 50} more`);
  tally.check(problems.length === 0, `no request failed, and no link left ${prefix}/`);

  // Search from the header box of the home page.
  await page.goto(new URL(prefix + '/', origin).href);
  await page.click('#site-search-q');
  await page.keyboard.type(query, { delay: 20 });
  await page.waitForFunction(
    (q) => {
      const status = document.querySelector('.site-search [data-search-status]')?.textContent ?? '';
      return status.includes(q) && /\d/.test(status) && document.querySelector('.site-search .search-results li a');
    },
    query,
    { timeout: 10000 },
  );
  const href = await page.locator('.search-popup .search-results li a').first().getAttribute('href');
  tally.check(href === prefix + expected, `header box: "${query}" gives ${href} first (expected ${prefix}${expected})`);
  const target = await (await fetch(new URL(href, origin))).status;
  tally.check(target === 200, `the first result's page answers ${target}`);
  await ctx.close();
} catch (e) {
  tally.fail(String(e));
} finally {
  await browser.close();
  await server.close();
}
tally.done();
