// Pictures as a reader gets them, in headless Chromium, on a phone (375 px) and a desktop
// (1280 px):
//
//   node tests/browser/images.mjs <site-dir> <url-path>...
//
// Serves <site-dir> on 127.0.0.1 and, for each page at each width: loads it, scrolls to the
// end so that lazy pictures load, and checks that every request succeeded (no 404 for a
// variant), that every <img> decoded (naturalWidth > 0) and has width and height (no layout
// shift), that the browser picked a WebP variant no wider than the screen needs
// (currentSrc), that the first picture is not lazy and later ones are, that the page does not
// scroll sideways at 375 px, and that axe-core finds nothing (WCAG 2.1 A/AA, 1.1.1 among
// them). One line per check, then "N passed, M failed".
import { createRequire } from 'node:module';
import { args, launch, Tally } from './harness.mjs';
import { serveStatic } from './serve-static.mjs';

const [siteDir, ...paths] = args(2, 'node tests/browser/images.mjs <site-dir> <url-path>...');
const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
// The widest variant a screen of this width needs at device pixel ratio 1 with the theme's
// `sizes` ("(max-width: 48rem) 100vw, 48rem"): the smallest variant of at least that width.
const NEEDS = { 375: 480, 1280: 960 };

const tally = new Tally();
const server = await serveStatic(siteDir);
const browser = await launch();

// What the page's pictures are once all have loaded.
function pictures() {
  return [...document.images].map((img) => ({
    src: img.getAttribute('src'),
    currentSrc: new URL(img.currentSrc, location.href).pathname,
    complete: img.complete,
    naturalWidth: img.naturalWidth,
    width: img.getAttribute('width'),
    height: img.getAttribute('height'),
    ratio: img.getBoundingClientRect().width / Math.max(1, img.getBoundingClientRect().height),
    loading: img.getAttribute('loading'),
    alt: img.getAttribute('alt'),
    inPicture: img.parentElement.tagName === 'PICTURE',
  }));
}

async function checkPage(path, width) {
  const where = `${path} @${width}`;
  const context = await browser.newContext({ viewport: { width, height: 800 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const failed = [];
  page.on('response', (r) => { if (r.status() >= 400) failed.push(`${r.status()} ${new URL(r.url()).pathname}`); });
  page.on('requestfailed', (r) => failed.push(`failed ${new URL(r.url()).pathname}`));
  try {
    await page.goto(server.url + path, { waitUntil: 'load' });
    // Scroll through the page so that every lazy picture is asked for, then wait for them.
    await page.evaluate(async () => {
      for (let y = 0; y < document.body.scrollHeight; y += 400) {
        window.scrollTo(0, y);
        await new Promise((r) => setTimeout(r, 30));
      }
    });
    await page.waitForFunction(() => [...document.images].every((i) => i.complete), null, { timeout: 10000 });
    const imgs = await page.evaluate(pictures);
    tally.check(imgs.length > 0, `${where}: ${imgs.length} pictures`);
    tally.check(failed.length === 0, `${where}: every request succeeded${failed.length ? `: ${failed.join(', ')}` : ''}`);
    for (const [n, img] of imgs.entries()) {
      const name = `${where}: ${img.src}`;
      tally.check(img.complete && img.naturalWidth > 0, `${name} decoded (naturalWidth ${img.naturalWidth})`);
      const sized = img.width && img.height;
      tally.check(!!sized, `${name} has width and height (${img.width} × ${img.height})`);
      if (sized && img.ratio > 0) {
        const want = Number(img.width) / Number(img.height);
        tally.check(Math.abs(img.ratio - want) / want < 0.02, `${name} keeps its aspect ratio (${img.ratio.toFixed(2)} of ${want.toFixed(2)})`);
      }
      tally.check(n === 0 ? img.loading !== 'lazy' : img.loading === 'lazy', `${name} loading=${img.loading}`);
      if (img.inPicture) {
        const m = img.currentSrc.match(/\.(\d+)\.webp$/);
        tally.check(m !== null, `${name} shown as WebP: ${img.currentSrc}`);
        if (m) {
          const chosen = Number(m[1]);
          tally.check(chosen <= NEEDS[width], `${name} at ${width} px gets the ${chosen} px variant (needs ≤ ${NEEDS[width]})`);
        }
      }
    }
    if (width === 375) {
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      tally.check(overflow <= 0, `${where}: no sideways scrolling (${overflow} px)`);
    }
    await page.addScriptTag({ path: AXE_PATH });
    const result = await page.evaluate((values) => window.axe.run(document, { runOnly: { type: 'tag', values } }), AXE_TAGS);
    const violations = result.violations.map((v) => `${v.id}: ${v.nodes.map((x) => x.target.join(' ')).slice(0, 3).join(', ')}`);
    tally.check(violations.length === 0, `${where}: axe ${violations.length ? violations.join('; ') : 'no violations'}`);
  } catch (err) {
    tally.fail(`${where}: ${err.message.split('\n')[0]}`);
  } finally {
    await context.close();
  }
}

try {
  for (const path of paths) {
    for (const width of Object.keys(NEEDS).map(Number)) await checkPage(path, width);
  }
} finally {
  await browser.close();
  await server.close();
}
tally.done();
