// Prints pages of a built site to PDF in headless Chromium, as a reader's "Print" would:
// print media, the page size the print stylesheet asks for (@page), no header or footer.
//
//   node tests/browser/print.mjs <site-dir> <out-dir> <url-path>...
//
// Writes <out-dir>/<slug>.pdf for each path and prints one line "<slug>.pdf <path>" per
// file; exits 1 on a non-200 response or any error. Count the pages with `pdfinfo`.
import fs from 'node:fs/promises';
import path from 'node:path';
import { launch } from './harness.mjs';
import { serveStatic } from './serve-static.mjs';
import { slugify } from './a11y.mjs';


const [siteDir, outDir, ...paths] = process.argv.slice(2);
if (!siteDir || !outDir || paths.length === 0) {
  console.error('usage: node tests/browser/print.mjs <site-dir> <out-dir> <url-path>...');
  process.exit(2);
}
await fs.mkdir(outDir, { recursive: true });
const server = await serveStatic(siteDir);
const browser = await launch();
let failed = 0;
try {
  for (const urlPath of paths) {
    const page = await browser.newPage();
    const response = await page.goto(new URL(urlPath, server.url).href, { waitUntil: 'load' });
    if (!response || response.status() !== 200) {
      console.log(`HTTP ${response ? response.status() : 0} — ${urlPath}`);
      failed += 1;
      continue;
    }
    await page.emulateMedia({ media: 'print' });
    const file = path.join(outDir, `${slugify(urlPath)}.pdf`);
    await page.pdf({ path: file, preferCSSPageSize: true, printBackground: true, displayHeaderFooter: false });
    console.log(`${path.basename(file)} ${urlPath}`);
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
process.exit(failed ? 1 : 0);
