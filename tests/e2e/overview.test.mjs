// The overview as a new user meets it: alerts grouped by rule, each leading to its row; a blank
// state instead of a dashboard of zeros; From after To said at the filters; cards coloured by
// the pass rate; last seen on the last day a report covers; a daily chart with years and gaps.
// The reports are generated here, and every figure below is worked out by hand from them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { useApp, openApp, waitLoaded, waitTotal, screenshot, screenshots } from './harness.mjs';

const app = useApp();

const DAY = 86400;
/** Epoch seconds of a UTC date. */
const at = (date) => Date.parse(`${date}T00:00:00Z`) / 1000;

function record(ip, count, pass) {
  const result = pass ? 'pass' : 'fail';
  return `<record><row><source_ip>${ip}</source_ip><count>${count}</count>` +
    `<policy_evaluated><disposition>none</disposition><dkim>${result}</dkim><spf>fail</spf></policy_evaluated></row>` +
    `<identifiers><header_from>example.com</header_from></identifiers>` +
    `<auth_results><dkim><domain>example.com</domain><result>${result}</result></dkim>` +
    `<spf><domain>example.com</domain><result>fail</result></spf></auth_results></record>`;
}

function report(org, id, begin, end, records) {
  return `<feedback><report_metadata><org_name>${org}</org_name><email>dmarc@${org}</email>` +
    `<report_id>${id}</report_id><date_range><begin>${begin}</begin><end>${end}</end></date_range></report_metadata>` +
    `<policy_published><domain>example.com</domain><p>none</p></policy_published>${records.join('')}</feedback>`;
}

function write(files) {
  const dir = mkdtempSync(path.join(tmpdir(), 'dmarc-lens-overview-'));
  return files.map(([name, text]) => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return file;
  });
}

/**
 * A month as the new user had it:
 * - google.com, November 2026 as Google writes it (begin 11-01 00:00, end 12-01 00:00):
 *   25 unregistered sources 203.0.113.1-25 failing DMARC with 101-125 messages (2,825), one
 *   more, 203.0.113.100, with 3: 2,828 failing in all, every one pattern 4; passing, 52
 *   sources with 100 messages each (198.51.100.1-50, .52, .53) and one with 50: 5,250;
 * - Yahoo, 2026-10-01 and 2026-10-02 (each ending at the next midnight), 1 passing message
 *   each from 198.51.100.200.
 * No passing source sends more than 100. Messages: 2,828 + 5,252 = 8,080; pass rate
 * 5,252 / 8,080 = 65.0 %.
 */
function month() {
  const failing = [];
  for (let i = 1; i <= 25; i++) failing.push(record(`203.0.113.${i}`, 100 + i, false));
  failing.push(record('203.0.113.100', 3, false));
  const passing = [];
  for (let i = 1; i <= 50; i++) passing.push(record(`198.51.100.${i}`, 100, true));
  passing.push(record('198.51.100.51', 50, true));
  passing.push(record('198.51.100.52', 100, true));
  passing.push(record('198.51.100.53', 100, true));
  const yahoo = (day) => report('Yahoo', `y-${day}`, at(day), at(day) + DAY, [record('198.51.100.200', 1, true)]);
  return write([
    ['google-2026-11.xml', report('google.com', 'g-2026-11', at('2026-11-01'), at('2026-12-01'), [...failing, ...passing])],
    ['yahoo-2026-10-01.xml', yahoo('2026-10-01')],
    ['yahoo-2026-10-02.xml', yahoo('2026-10-02')],
  ]);
}

/**
 * The alerts of that month under the default thresholds, in the engine's order:
 * critical: the possible-spoofing share, 2,828 of 8,080 = 35.0 %;
 * warning: 20 named unregistered sources (203.0.113.25 down to .6), one for the 5 more
 * (.1-.5: 101 + ... + 105 = 515), pattern 4 with 2,828;
 * info: Yahoo silent (last 2026-10-02 23:59:59, Google's 2026-11-30 23:59:59: 59 days),
 * example.com at p=none. 25 alerts in 5 groups.
 */
const GROUPS = [['spoofing_share', 1], ['untagged_source', 21], ['pattern_volume', 1], ['reporter_silent', 1], ['policy_none', 1]];

async function groups(page) {
  return page.$$eval('[data-testid="alert-group"]', (gs) => gs.map((g) => [g.dataset.kind, g.querySelectorAll('[data-testid="alert"]').length]));
}

/** The alert whose id is `id`. */
const alert = (id) => `[data-testid="alert"][data-id="${id}"]`;

/** Waits until the focused element matches `selector`. */
async function waitFocus(page, selector) {
  await page.waitForFunction((sel) => document.activeElement?.matches(sel), selector, { timeout: 10_000 });
}

test('alerts are grouped by rule with counts, lead to their rows and say what the expander shows', async () => {
  const paths = month();
  const { context, page, seen } = await openApp(app.browser, app.server);
  await page.setInputFiles('[data-testid="file-input"]', paths);
  await waitLoaded(page, paths.length);
  await waitTotal(page, 8080);

  assert.deepEqual(await groups(page), GROUPS);
  assert.deepEqual(
    await page.$$eval('[data-testid="alert-group-count"]', (cs) => cs.map((c) => c.textContent)),
    ['1', '21', '1', '1', '1'],
  );
  // Numbers in sentences as the cards write them.
  assert.equal(await page.textContent(`${alert('pattern_volume:4')} .alert-text`), 'Failure pattern 4 counts 2,828 messages.');
  assert.match(await page.textContent(`${alert('spoofing_share')} .alert-text`), /^35\.0 % of all mail \(2,828 messages\)/);
  assert.match(await page.textContent(`${alert('untagged_sources_more')} .alert-text`), /^5 more unregistered sources .* \(515 in all\)/);
  assert.match(await page.textContent(`${alert('reporter_silent:Yahoo')} .alert-text`), /^Yahoo has sent no report for 59 days/);
  // Three of the 21 show; the expander says what it shows.
  const more = '[data-testid="alert-group"][data-kind="untagged_source"] [data-testid="alerts-more"]';
  assert.equal(await page.textContent(more), 'Show 18 more alerts');
  assert.equal(await page.isVisible(alert('untagged_source:203.0.113.25')), true);
  assert.equal(await page.isVisible(alert('untagged_source:203.0.113.6')), false);
  await page.click(more);
  assert.equal(await page.isVisible(alert('untagged_source:203.0.113.6')), true);
  await screenshot(page, 'overview-alerts-en');

  // Each alert leads to its row: the tab switches and the row is focused.
  await page.click(`${alert('untagged_source:203.0.113.25')} [data-testid="alert-go"]`);
  await waitFocus(page, '[data-testid="suspect-row"][data-ip="203.0.113.25"]');
  assert.equal(await page.getAttribute('[data-testid="tab-spoofing"]', 'aria-selected'), 'true');

  await page.click('[data-testid="tab-overview"]');
  await page.click(`${alert('pattern_volume:4')} [data-testid="alert-go"]`);
  await waitFocus(page, '[data-testid="pattern-row"][data-pattern="4"]');

  await page.click('[data-testid="tab-overview"]');
  assert.equal(await page.textContent(`${alert('reporter_silent:Yahoo')} [data-testid="alert-go"]`), 'See in Reporters');
  await page.click(`${alert('reporter_silent:Yahoo')} [data-testid="alert-go"]`);
  await waitFocus(page, '[data-testid="reporter-row"][data-reporter="Yahoo"]');

  await page.click(`${alert('policy_none:example.com')} [data-testid="alert-go"]`);
  await waitFocus(page, '[data-testid="domain-row"][data-domain="example.com"]');

  // The next step: "Tag this" opens the tag form with the source's /24; a rule's group opens
  // its threshold.
  await page.click(`${alert('untagged_source:203.0.113.25')} [data-testid="alert-tag-this"]`);
  await page.waitForSelector('[data-testid="tag-cidr"]');
  assert.equal(await page.inputValue('[data-testid="tag-cidr"]'), '203.0.113.0/24');
  await page.click('[data-testid="tab-overview"]');
  await page.click('[data-testid="alert-group"][data-kind="pattern_volume"] [data-testid="alert-group-rules"]');
  await waitFocus(page, '#alert-rules *');
  assert.equal(await page.locator('[data-testid="alert-group"][data-kind="policy_none"] [data-testid="alert-group-rules"]').count(), 0);

  // The same in Japanese.
  await page.click('[data-testid="tab-overview"]');
  await page.click('[data-testid="lang-toggle"]');
  await page.waitForFunction((sel) => document.querySelector(sel)?.textContent === '残り18件のアラートを表示', more);
  assert.equal(await page.textContent(`${alert('pattern_volume:4')} .alert-text`), 'エラーパターン4が2,828通あります。');
  assert.deepEqual(seen.errors, []);
  await context.close();
});

test('cards take their colour from the pass rate, and last seen is the last day a report covers', async () => {
  const paths = month();
  const { context, page } = await openApp(app.browser, app.server);
  await page.setInputFiles('[data-testid="file-input"]', paths);
  await waitLoaded(page, paths.length);
  await waitTotal(page, 8080);
  assert.equal(await page.textContent('[data-testid="pass-rate"]'), '65.0%');
  const card = (id) => page.$eval(`[data-testid="${id}"]`, (el) => el.parentElement.className);
  assert.match(await card('pass-rate'), /\bbad\b/);
  assert.doesNotMatch(await card('pass-rate'), /\bgood\b/);
  assert.match(await card('total-fail'), /\bbad\b/);
  // No sender is registered: all 8,080 messages are from unregistered senders, and possible
  // spoofing is the 2,828 of them that fail DMARC (5,252 pass: signed as the domain's own).
  assert.equal(await page.textContent('[data-testid="total-untagged"]'), '2,828');
  assert.match(await page.textContent('[data-testid="total-unregistered"]'), /\b8,080\b/);
  assert.match(await card('total-untagged'), /\bbad\b/);

  // November's report ends at 00:00 on December 1st: last seen is November 30th.
  const lastSeen = (reporter) =>
    page.$eval(`[data-testid="reporter-row"][data-reporter="${reporter}"]`, (row) => row.querySelector('td:last-child').textContent);
  assert.equal(await lastSeen('google.com'), '2026-11-30');
  assert.equal(await lastSeen('Yahoo'), '2026-10-02');
  await page.click('[data-testid="tab-spoofing"]');
  await page.waitForSelector('[data-testid="suspect-row"]');
  const suspectLast = await page.$eval('[data-testid="suspect-row"][data-ip="203.0.113.25"]', (row) =>
    [...row.querySelectorAll('td')].find((td) => td.dataset.label === 'Last seen (UTC)').textContent);
  assert.equal(suspectLast, '2026-11-30');
  await page.click('[data-testid="tab-overview"]');
  await page.click('[data-testid="lang-toggle"]');
  await page.waitForFunction(() => document.documentElement.lang === 'ja');
  assert.equal(await lastSeen('google.com'), '2026/11/30');
  await context.close();
});

// In the worker: counts the analyses asked for.
const countAnalyses = `
self.analyses = 0;
self.addEventListener('message', (event) => { if (event.data && event.data.analyze) self.analyses += 1; });`;

test('a filter matching nothing shows a blank state, and From after To is said and not analysed', async () => {
  const paths = month();
  const { context, page, seen } = await openApp(app.browser, app.server, { worker: countAnalyses });
  await page.setInputFiles('[data-testid="file-input"]', paths);
  await waitLoaded(page, paths.length);
  await waitTotal(page, 8080);

  await page.fill('[data-testid="filter-domain"]', 'nowhere.example');
  await page.press('[data-testid="filter-domain"]', 'Enter');
  await page.waitForSelector('[data-testid="blank-state"][data-reason="no-match"]');
  assert.equal(await page.locator('[data-testid="total-messages"]').count(), 0, 'no cards of zeros');
  assert.match(await page.textContent('[data-testid="blank-state"]'), /No mail matches these filters\./);
  for (const tab of ['patterns', 'tags', 'spoofing']) {
    await page.click(`[data-testid="tab-${tab}"]`);
    await page.waitForSelector('[data-testid="blank-state"][data-reason="no-match"]');
  }
  await page.click('[data-testid="tab-overview"]');
  await screenshot(page, 'overview-blank-en');
  await page.click('[data-testid="blank-clear-filters"]');
  await waitTotal(page, 8080);
  assert.equal(await page.inputValue('[data-testid="filter-domain"]'), '');

  // From November 1st: Google's report only (8,080 - Yahoo's 2).
  await page.fill('[data-testid="filter-from"]', '2026-11-01');
  await waitTotal(page, 8078);
  const worker = page.workers()[0];
  const before = await worker.evaluate(() => self.analyses);
  assert.equal(await page.isVisible('[data-testid="filter-period-error"]'), false);
  await page.fill('[data-testid="filter-to"]', '2026-10-01');
  await page.waitForSelector('[data-testid="filter-period-error"]', { state: 'visible' });
  assert.equal(await page.textContent('[data-testid="filter-period-error"]'), 'From is after To, so no report can match. Change one of the dates.');
  await page.waitForSelector('[data-testid="blank-state"][data-reason="period-reversed"]');
  assert.equal(await page.getAttribute('[data-testid="filter-to"]', 'aria-invalid'), 'true');
  await screenshot(page, 'overview-period-en');
  await page.waitForTimeout(500);
  assert.equal(await worker.evaluate(() => self.analyses), before, 'no analysis is asked for');
  await page.click('[data-testid="lang-toggle"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="filter-period-error"]')?.textContent.includes('開始日が終了日より後'));
  await page.click('[data-testid="lang-toggle"]');

  // Put right, the period is analysed again.
  await page.fill('[data-testid="filter-to"]', '2026-11-30');
  await waitTotal(page, 8078);
  assert.equal(await page.isVisible('[data-testid="filter-period-error"]'), false);
  for (let i = 0; i < 50 && (await worker.evaluate(() => self.analyses)) === before; i++) await page.waitForTimeout(100);
  assert.ok((await worker.evaluate(() => self.analyses)) > before, 'the period put right is analysed');
  assert.deepEqual(seen.errors, []);
  await context.close();
});

test('files without a report say there are no reports yet', async () => {
  const [file] = write([['notes.txt', 'not a report at all\n']]);
  const { context, page } = await openApp(app.browser, app.server);
  assert.equal(await page.locator('[data-testid="nothing-loaded"]').count(), 1);
  await page.setInputFiles('[data-testid="file-input"]', [file]);
  await waitLoaded(page, 1);
  await page.waitForSelector('[data-testid="blank-state"][data-reason="no-reports"]');
  assert.match(await page.textContent('[data-testid="blank-state"]'), /^No reports yet/);
  assert.equal(await page.locator('[data-testid="total-messages"]').count(), 0);
  await context.close();
});

/** A phone's screen from the top of the alerts and of the chart (a long page's whole is too
 * small to read). */
async function views(page, name) {
  for (const [part, selector] of [['alerts', '[data-testid="alert-group"]'], ['chart', '[data-testid="daily-chart"]']]) {
    await page.$eval(selector, (el) => el.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: path.join(screenshots, `${name}-${part}.png`) });
  }
}

test('the daily chart shows years across years, days without reports as gaps, and keeps its width on a phone', async () => {
  // Three days of 2026 (10-01, 10-02, 11-01): a calendar axis of 32 days, the gap between.
  const paths = month();
  const { context, page } = await openApp(app.browser, app.server);
  await page.setInputFiles('[data-testid="file-input"]', paths);
  await waitLoaded(page, paths.length);
  await waitTotal(page, 8080);
  const bars = await page.$$eval('[data-testid="daily-chart"] g.day', (gs) =>
    gs.map((g) => [g.dataset.date, +g.querySelector('rect').getAttribute('x')]));
  assert.deepEqual(bars.map(([d]) => d), ['2026-10-01', '2026-10-02', '2026-11-01']);
  const step = bars[1][1] - bars[0][1];
  assert.ok(Math.abs((bars[2][1] - bars[0][1]) / step - 31) < 0.01, `11-01 is 31 days after 10-01: ${JSON.stringify(bars)}`);
  const labels = () => page.$$eval('[data-testid="daily-chart"] text.axis', (t) => t.map((e) => e.textContent));
  // Within one year: month and day, every 4 days of the 32.
  assert.deepEqual((await labels()).slice(2), ['10-01', '10-05', '10-09', '10-13', '10-17', '10-21', '10-25', '10-29']);

  // On a phone the chart keeps a readable width (and scrolls).
  await page.setViewportSize({ width: 390, height: 844 });
  const width = await page.$eval('[data-testid="daily-chart"] svg', (svg) => svg.getBoundingClientRect().width);
  assert.ok(width >= 470, `chart ${width} px wide at 390 px`);
  // It opens on its latest days: the last bar is in view.
  const last = await page.$eval('[data-testid="daily-chart"] g.day:last-of-type rect', (r) => {
    const box = r.getBoundingClientRect();
    const view = r.closest('.chart-scroll').getBoundingClientRect();
    return box.left >= view.left && box.right <= view.right;
  });
  assert.ok(last, 'the latest day is in view on a phone');
  await screenshot(page, 'overview-en-390');
  await views(page, 'overview-en-390');
  await page.click('[data-testid="lang-toggle"]');
  await page.waitForFunction(() => document.documentElement.lang === 'ja');
  await screenshot(page, 'overview-ja-390');
  await views(page, 'overview-ja-390');
  await page.setViewportSize({ width: 1280, height: 900 });
  await screenshot(page, 'overview-ja-1280');
  await page.click('[data-testid="lang-toggle"]');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  await screenshot(page, 'overview-en-1280');

  // A report of 1970-01-02 with the rest: the axis spans 1970 to 2026 and is labelled in years,
  // every 7th (56 years over at most 8 labels) from 1971.
  const [old] = write([['old.xml', report('old.example', 'old-1970', at('1970-01-02'), at('1970-01-03'), [record('198.51.100.201', 5, true)])]]);
  await page.setInputFiles('[data-testid="file-input"]', [old]);
  await waitLoaded(page, paths.length + 1);
  await waitTotal(page, 8085);
  assert.deepEqual((await labels()).slice(2), ['1971', '1978', '1985', '1992', '1999', '2006', '2013', '2020']);
  await page.$eval('[data-testid="daily-chart"]', (el) => el.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: path.join(screenshots, 'overview-chart-years-en.png') });
  await context.close();
});
