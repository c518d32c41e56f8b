// Labels stay readable at a phone's and a desktop's width, in headless Chromium.
//
//   node tests/browser/labels.mjs <site-dir> <url-path>...
//
// Serves <site-dir> on 127.0.0.1 and loads each url path at widths 320 and 1280. One check
// per page and width fails when:
// - a word in a table header cell or a status pill is broken over two lines (a squeezed
//   table once cut "Gjennomført" in two);
// - a chart's text is cut short ("…"), runs outside its chart, or is drawn smaller than
//   11 CSS pixels once the chart is scaled to the screen;
// - a select is narrower than the text of its label.
// Prints one line per problem and a final "N passed, M failed" line; exits 1 on a failure.
import { args, launch, Tally } from './harness.mjs';
import { serveStatic } from './serve-static.mjs';

const WIDTHS = [320, 1280];
const MIN_CHART_TEXT_PX = 11;

// Runs in the page: every problem found, as text.
function findProblems(minChartText) {
  const problems = [];
  const describe = (el) => `<${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? ` class="${el.className}"` : ''}>`;
  const wordRects = (node, start, end) => {
    const range = document.createRange();
    range.setStart(node, start);
    range.setEnd(node, end);
    return [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
  };
  const lineCount = (rects) => new Set(rects.map((r) => Math.round(r.top))).size;
  for (const el of document.querySelectorAll('th, .badge, .status')) {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const m of node.data.matchAll(/\S+/g)) {
        const lines = lineCount(wordRects(node, m.index, m.index + m[0].length));
        if (lines > 1) problems.push(`"${m[0]}" is broken over ${lines} lines in ${describe(el)}`);
      }
    }
  }
  for (const svg of document.querySelectorAll('.status-chart svg')) {
    const box = svg.getBoundingClientRect();
    const scale = box.width / svg.viewBox.baseVal.width;
    for (const text of svg.querySelectorAll('text')) {
      const words = text.textContent.trim();
      if (words.includes('…')) problems.push(`chart text is cut short: "${words}"`);
      const r = text.getBoundingClientRect();
      if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1) {
        problems.push(`chart text runs outside the chart: "${words}"`);
      }
      const px = Number(text.getAttribute('font-size')) * scale;
      if (px < minChartText) problems.push(`chart text drawn at ${px.toFixed(1)} px: "${words}"`);
    }
  }
  for (const select of document.querySelectorAll('select')) {
    const label = select.closest('label') ?? (select.id && document.querySelector(`label[for="${select.id}"]`));
    if (!label) continue;
    let widest = 0;
    const walker = document.createTreeWalker(label, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentElement.closest('select') || !node.data.trim()) continue;
      for (const r of wordRects(node, 0, node.data.length)) widest = Math.max(widest, r.width);
    }
    const width = select.getBoundingClientRect().width;
    if (width + 0.5 < widest) problems.push(`select "${select.name}" is ${width.toFixed(0)} px wide, its label ${widest.toFixed(0)} px`);
  }
  return problems;
}

async function main() {
  const [siteDir, ...urlPaths] = args(2, 'node tests/browser/labels.mjs <site-dir> <url-path>...');
  const server = await serveStatic(siteDir);
  const browser = await launch();
  const tally = new Tally();
  try {
    for (const urlPath of urlPaths) {
      for (const width of WIDTHS) {
        const where = `${urlPath} @${width}px`;
        const context = await browser.newContext({ viewport: { width, height: 900 } });
        const page = await context.newPage();
        await tally.step(where, async () => {
          const response = await page.goto(new URL(urlPath, server.url).href, { waitUntil: 'load' });
          if (!response || response.status() !== 200) throw new Error(`HTTP ${response ? response.status() : 0}`);
          const problems = await page.evaluate(findProblems, MIN_CHART_TEXT_PX);
          if (problems.length) throw new Error(`\n  ${problems.join('\n  ')}`);
        });
        await context.close();
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
  tally.done();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
