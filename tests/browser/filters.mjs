// Checks the plan and course filters in real headless Chromium, as a reader uses them.
//
//   node tests/browser/filters.mjs <site-dir> <plan-path> <catalogue-path>
//
// Without JavaScript: the filter forms stay hidden and every item / course card of the page
// is listed, with links to the catalogue's other pages. With JavaScript: the forms show;
// the plan filter hides exactly the items that don't match; the course filter shows exactly
// the courses of the whole catalogue (kurs.json, every page) that match, the live region
// says how many, and "reset" brings the page back.
// Prints one line per check and `N passed, M failed`; exits 1 on any failure.
import { Tally, args, launch } from './harness.mjs';
import { serveStatic } from './serve-static.mjs';

const [siteDir, planPath, cataloguePath] = args(3, 'node tests/browser/filters.mjs <site-dir> <plan-path> <catalogue-path>');
const tally = new Tally();
const check = (ok, what) => tally.check(ok, what);

const server = await serveStatic(siteDir);
const browser = await launch();

try {
  // Without JavaScript.
  const noJs = await browser.newContext({ javaScriptEnabled: false });
  const p0 = await noJs.newPage();
  await p0.goto(server.url + planPath);
  check(!(await p0.isVisible('#plan-filter')), 'plan: without JavaScript the filter form is hidden');
  const items = await p0.locator('article.plan li.item').count();
  const visibleNoJs = await p0.locator('article.plan li.item:visible').count();
  check(items > 0 && visibleNoJs === items, `plan: without JavaScript all ${items} items are listed (${visibleNoJs} visible)`);
  await p0.goto(server.url + cataloguePath);
  const cards = await p0.locator('li[data-course]').count();
  check(cards > 0 && (await p0.locator('li[data-course]:visible').count()) === cards, `catalogue: without JavaScript all ${cards} courses of the page are listed`);
  const catalogue = await (await fetch(server.url + cataloguePath + 'kurs.json')).json();
  const total = catalogue.courses.length;
  const pagerLinks = await p0.locator('nav.pager a').count();
  check(total === cards || pagerLinks > 0, `catalogue: ${total} courses in all; the other pages are linked (${pagerLinks} links)`);
  check((await p0.locator('a[href*="/tema/"]').count()) > 0, 'catalogue: without JavaScript static filter links are offered');
  await noJs.close();

  // With JavaScript: the plan filter.
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(server.url + planPath);
  check(await page.isVisible('#plan-filter'), 'plan: with JavaScript the filter form shows');
  const statuses = await page.locator('#filter-status option').evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
  check(statuses.length > 0, `plan: statuses to filter by: ${statuses.join(', ')}`);
  const status = statuses[0];
  await page.selectOption('#filter-status', status);
  const shown = await page.locator('article.plan li.item:visible').evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));
  const expected = await page.locator(`article.plan li.item[data-status="${status}"]`).count();
  check(shown.length === expected && shown.every((s) => s === status), `plan: status ${status} shows exactly its ${expected} items (${shown.length} shown)`);
  const live = (await page.textContent('#plan-filter .filter-count')) || '';
  check(live.includes(String(expected)) && live.includes(String(items)), `plan: the live region says "${live.trim()}"`);
  await page.click('#plan-filter button[type="reset"]');
  await page.waitForTimeout(50);
  check((await page.locator('article.plan li.item:visible').count()) === items, 'plan: reset shows every item again');

  // With JavaScript: the course filter, by district.
  await page.goto(server.url + cataloguePath);
  const form = page.locator('form[data-course-filter]');
  check(await form.isVisible(), 'catalogue: with JavaScript the filter form shows');
  const districts = await page.locator('form[data-course-filter] select[name="bydel"] option').evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
  const district = districts[0];
  await page.selectOption('form[data-course-filter] select[name="bydel"]', district);
  await page.waitForSelector('[data-filter-results]:not([hidden])');
  const visible = await page.locator('li[data-course]:visible').evaluateAll((els) => els.map((e) => (e.getAttribute('data-bydel') || '').split(' ')));
  const allMatch = visible.every((vs) => vs.includes(district) || vs.includes('all'));
  const matching = catalogue.courses.filter((c) => {
    const vs = (c.data.bydel || '').split(' ');
    return vs.includes(district) || vs.includes('all');
  }).length;
  check(allMatch && visible.length === matching && matching < total, `catalogue: district ${district} shows its ${matching} of ${total} courses from every page (${visible.length} shown)`);
  const said = (await page.textContent('form[data-course-filter] [data-filter-count]')) || '';
  check(said.includes(String(matching)) && said.includes(String(total)), `catalogue: the live region says "${said.trim()}"`);
  await page.click('form[data-course-filter] button[type="reset"]');
  await page.waitForTimeout(50);
  check((await page.locator('li[data-course]:visible').count()) === cards, `catalogue: reset shows the page's own ${cards} courses again`);
  check(errors.length === 0, `no script errors ${errors.join('; ')}`);
  await ctx.close();
} catch (e) {
  check(false, `the check itself failed: ${e}`);
} finally {
  await browser.close();
  await server.close();
}
tally.done();
