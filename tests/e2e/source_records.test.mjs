// From a source, its records: the possible-spoofing table and a sender's addresses open what one
// source sent, grouped by the engine into combinations, and the panel's figures equal the CLI's
// `analyze --source IP`. Every figure below is worked out by hand from the two reports written here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { useApp, openApp, waitLoaded, waitTotal, cli, screenshot, screenshots } from './harness.mjs';

const app = useApp();

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's serious and critical findings in the open panel. */
async function axePanel(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const result = await window.axe.run('[data-testid="source-detail"]', { resultTypes: ['violations'] });
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.help} at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  });
}

/** The panel is fixed over the page: a screenshot of what the screen shows, not the whole page. */
async function shot(page, name) {
  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: path.join(screenshots, `${name}.png`) });
}

/** A record: dkim [[domain, selector, result]], spf [[domain, scope, result]]. */
function record({ ip, count, envelope = '', dkim, spf, disposition = 'none', reason = '' }) {
  const sigs = dkim.map(([d, s, r]) => `<dkim><domain>${d}</domain><selector>${s}</selector><result>${r}</result></dkim>`).join('');
  const checks = spf.map(([d, s, r]) => `<spf><domain>${d}</domain><scope>${s}</scope><result>${r}</result></spf>`).join('');
  const why = reason ? `<reason><type>${reason}</type></reason>` : '';
  const env = envelope ? `<envelope_from>${envelope}</envelope_from>` : '';
  return `<record><row><source_ip>${ip}</source_ip><count>${count}</count><policy_evaluated><disposition>${disposition}</disposition>` +
    `<dkim>fail</dkim><spf>fail</spf>${why}</policy_evaluated></row><identifiers><header_from>example.jp</header_from>${env}</identifiers>` +
    `<auth_results>${sigs}${checks}</auth_results></record>`;
}

function report(org, id, begin, records) {
  return `<?xml version="1.0"?><feedback><report_metadata><org_name>${org}</org_name><email>r@${org}</email>` +
    `<report_id>${id}</report_id><date_range><begin>${begin}</begin><end>${begin + 86_399}</end></date_range></report_metadata>` +
    `<policy_published><domain>example.jp</domain><p>none</p></policy_published>${records.join('')}</feedback>`;
}

const DEC1 = 1764547200; // 2025-12-01
const DEC2 = DEC1 + 86_400;
// Combination A: a mailer's own DKIM passes and the user's fails, its SPF passes unaligned:
// pattern 1.
const A = { envelope: 'bounce.mailer.example', dkim: [['mailer.example', 's1', 'pass'], ['example.jp', 'sel2', 'fail']], spf: [['bounce.mailer.example', 'mfrom', 'pass']] };
/** google.com, 2025-12-01: 203.0.113.9 sends A 20 times, and 5 more written as IPv4-mapped IPv6;
 * B 3 times (nothing passes, rejected, the receiver says forwarded: pattern 4); SendGrid's
 * 167.89.0.1 8 messages signed s2048 for sendgrid.net; another source 50. */
const G1 = report('google.com', 'g1', DEC1, [
  record({ ip: '203.0.113.9', count: 20, ...A }),
  record({ ip: '::ffff:203.0.113.9', count: 5, ...A }),
  record({ ip: '203.0.113.9', count: 3, dkim: [['example.jp', 'sel2', 'fail']], spf: [['example.jp', 'helo', 'softfail']], disposition: 'reject', reason: 'forwarded' }),
  record({ ip: '167.89.0.1', count: 8, envelope: 'em1.sendgrid.net', dkim: [['sendgrid.net', 's2048', 'pass']], spf: [['em1.sendgrid.net', 'mfrom', 'pass']] }),
  record({ ip: '198.51.100.7', count: 50, ...A }),
]);
/** Yahoo, 2025-12-02: A again, 10, its two signatures listed the other way round. */
const Y1 = report('Yahoo', 'y1', DEC2, [
  record({ ip: '203.0.113.9', count: 10, ...A, dkim: [...A.dkim].reverse() }),
]);
const TOTAL = 20 + 5 + 3 + 8 + 50 + 10;

/** The panel's rows, from their data (the words are checked apart). */
async function combos(page) {
  await page.waitForSelector('[data-testid="source-detail"] [data-testid="source-combo"]');
  return page.$$eval('[data-testid="source-combo"]', (rows) => rows.map((r) => ({
    messages: +r.dataset.messages,
    records: +r.dataset.records,
    header_from: r.dataset.headerFrom,
    envelope_from: r.dataset.envelopeFrom,
    disposition: r.dataset.disposition,
    pattern: r.dataset.pattern,
    reporters: r.dataset.reporters,
    first: r.dataset.first,
    last: r.dataset.last,
    days: +r.dataset.days,
    dkim: [...r.querySelectorAll('[data-testid="combo-dkim"]')].map((d) => [d.dataset.domain, d.dataset.selector, d.dataset.result]),
    spf: [...r.querySelectorAll('[data-testid="combo-spf"]')].map((s) => [s.dataset.domain, s.dataset.scope, s.dataset.result]),
    reasons: [...r.querySelectorAll('[data-testid="combo-reason"]')].map((s) => s.dataset.type),
  })));
}

/** The same rows from the CLI's JSON. */
function fromCli(json) {
  return json.combinations.map((c) => ({
    messages: c.messages,
    records: c.records,
    header_from: c.header_from,
    envelope_from: c.envelope_from,
    disposition: c.disposition,
    pattern: c.pattern === null ? 'pass' : String(c.pattern),
    reporters: c.reporters.join(', '),
    first: c.first_day ?? '',
    last: c.last_day ?? '',
    days: c.days_seen,
    dkim: c.dkim.map((d) => [d.domain, d.selector, d.result]),
    spf: c.spf.map((s) => [s.domain, s.scope ?? '', s.result]),
    reasons: c.reasons.map((r) => r.type),
  }));
}

const EXPECTED_A = {
  messages: 35, records: 3, header_from: 'example.jp', envelope_from: 'bounce.mailer.example', disposition: 'none',
  pattern: '1', reporters: 'google.com, Yahoo', first: '2025-12-01', last: '2025-12-02', days: 2,
  // Sorted by domain: example.jp before mailer.example.
  dkim: [['example.jp', 'sel2', 'fail'], ['mailer.example', 's1', 'pass']], spf: [['bounce.mailer.example', 'mfrom', 'pass']], reasons: [],
};
const EXPECTED_B = {
  messages: 3, records: 1, header_from: 'example.jp', envelope_from: '', disposition: 'reject', pattern: '4',
  reporters: 'google.com', first: '2025-12-01', last: '2025-12-01', days: 1,
  dkim: [['example.jp', 'sel2', 'fail']], spf: [['example.jp', 'helo', 'softfail']], reasons: ['forwarded'],
};

const openButton = (ip) => `[data-testid="suspect-row"][data-ip="${ip}"] [data-testid="source-records-open"]`;

test('a source opens its records, grouped as the CLI groups them, in both languages and on a phone', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'dmarc-lens-source-'));
  const files = [path.join(dir, 'g1.xml'), path.join(dir, 'y1.xml')];
  writeFileSync(files[0], G1);
  writeFileSync(files[1], Y1);
  const cliSource = (ip, extra = []) =>
    JSON.parse(execFileSync(cli, ['analyze', '--source', ip, ...extra, ...files]).toString());

  const { context, page, seen, violations } = await openApp(app.browser, app.server);
  await page.setInputFiles('[data-testid="file-input"]', files);
  await waitLoaded(page, 2);
  await page.click('[data-testid="tab-overview"]');
  await waitTotal(page, TOTAL);
  await page.click('[data-testid="tab-spoofing"]');
  await page.waitForSelector(openButton('203.0.113.9'));
  await screenshot(page, 'source-records-table-en-1280');
  // "Records" sits above "Tag this": the address table is no wider for it than the few pixels
  // one word is wider than the other.
  const widths = await page.evaluate(() => {
    const wrap = document.querySelector('[data-table="suspects"] .table-wrap');
    const over = () => wrap.scrollWidth - wrap.clientWidth;
    const buttons = [...wrap.querySelectorAll('[data-testid="source-records-open"]')];
    const shown = over();
    buttons.forEach((b) => { b.style.display = 'none'; });
    const hidden = over();
    buttons.forEach((b) => { b.style.display = ''; });
    return [shown, hidden];
  });
  assert.ok(widths[0] - widths[1] <= 8, `the address table is ${widths[0] - widths[1]} px wider`);

  // Opened from the address table: the mapped address is the same source, A ranked before B.
  await page.focus(openButton('203.0.113.9'));
  const scrolled = await page.evaluate(() => window.scrollY);
  await page.keyboard.press('Enter');
  const rows = await combos(page);
  assert.deepEqual(rows, [EXPECTED_A, EXPECTED_B]);
  assert.equal(await page.textContent('[data-testid="source-detail"] h2'), 'What 203.0.113.9 sent');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'source-detail-title');
  const summary = await page.$eval('[data-testid="source-detail-summary"]', (p) => [p.textContent, +p.dataset.messages, +p.dataset.records, +p.dataset.distinct]);
  assert.deepEqual(summary, ['38 messages in 4 records: 2 combinations', 38, 4, 2]);
  assert.equal(await page.$('[data-testid="source-detail-cut"]'), null);
  // The panel's figures are the CLI's, for the address written either way.
  const json = cliSource('::ffff:203.0.113.9');
  assert.equal(json.source_ip, '203.0.113.9');
  assert.deepEqual(rows, fromCli(json));
  assert.deepEqual([json.messages, json.records, json.distinct], [38, 4, 2]);
  // Results in words and colour.
  const words = await page.$$eval('[data-testid="source-combo"]:first-child [data-testid="combo-dkim"] .result', (s) => s.map((e) => [e.textContent, e.className]));
  assert.deepEqual(words, [['fail', 'result bad'], ['pass', 'result ok']]);
  const b = await page.$eval('[data-testid="source-combo"]:nth-child(2)', (r) => r.innerText);
  assert.match(b, /soft fail/);
  assert.match(b, /forwarded/);
  assert.match(b, /Pattern 4 · neither passes/);
  await shot(page, 'source-records-en-1280');
  assert.deepEqual(await axePanel(page), []);

  // The page behind cannot be reached; Escape closes and gives the focus back where it was.
  assert.equal(await page.evaluate(() => document.querySelector('body > main').inert), true);
  await page.keyboard.press('Escape');
  await page.waitForSelector('[data-testid="source-detail"]', { state: 'detached' });
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.ip), '203.0.113.9');
  assert.equal(await page.evaluate(() => window.scrollY), scrolled);
  assert.equal(await page.evaluate(() => document.querySelector('body > main').inert), false);

  // Under a filter: from 2025-12-02 only Yahoo's report, A's 10 messages.
  await page.fill('[data-testid="filter-from"]', '2025-12-02');
  await page.press('[data-testid="filter-from"]', 'Enter');
  await page.click('[data-testid="tab-overview"]');
  await waitTotal(page, 10);
  await page.click('[data-testid="tab-spoofing"]');
  await page.click(openButton('203.0.113.9'));
  await page.waitForFunction(() => document.querySelector('[data-testid="source-detail-summary"]')?.dataset.messages === '10');
  const filtered = await combos(page);
  assert.deepEqual(filtered, [{ ...EXPECTED_A, messages: 10, records: 1, reporters: 'Yahoo', first: '2025-12-02', days: 1 }]);
  assert.deepEqual(filtered, fromCli(cliSource('203.0.113.9', ['--from', '2025-12-02'])));
  await page.click('[data-testid="source-detail-close"]');
  await page.waitForSelector('[data-testid="source-detail"]', { state: 'detached' });
  await page.fill('[data-testid="filter-from"]', '');
  await page.press('[data-testid="filter-from"]', 'Enter');
  await page.click('[data-testid="tab-overview"]');
  await waitTotal(page, TOTAL);

  // From a sender's addresses: SendGrid's, the heading names the sender.
  await page.click('[data-testid="tab-spoofing"]');
  const link = '[data-testid="sender-row"][data-sender*="SendGrid"] [data-testid="source-records-open"][data-ip="167.89.0.1"]';
  await page.click(link);
  const sendgrid = await combos(page);
  assert.deepEqual(sendgrid, fromCli(cliSource('167.89.0.1')));
  assert.deepEqual(sendgrid.map((c) => [c.messages, c.dkim, c.spf]), [[8, [['sendgrid.net', 's2048', 'pass']], [['em1.sendgrid.net', 'mfrom', 'pass']]]]);
  assert.match(await page.textContent('[data-testid="source-detail"] h2'), /^What 167\.89\.0\.1 \(.*SendGrid.*\) sent$/);
  await page.click('[data-testid="source-detail-close"]');
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.ip), '167.89.0.1');

  // Japanese: the columns and the results in words.
  await page.click('[data-testid="lang-toggle"]');
  await page.click(openButton('203.0.113.9'));
  await combos(page);
  const heads = await page.$$eval('[data-testid="source-detail"] th', (ths) => ths.map((t) => t.textContent));
  assert.deepEqual(heads, ['メール数', 'Fromドメイン・エンベロープFrom', 'DKIM(ドメイン・セレクタ・結果)',
    'SPF(ドメイン・スコープ・結果)', 'DMARC結果', '受信側の処理と理由', 'レポート送信元', '日付(UTC)']);
  assert.equal(await page.textContent('[data-testid="source-detail"] h2'), '203.0.113.9 の送信内容');
  const jaWords = await page.$$eval('[data-testid="source-combo"]:first-child [data-testid="combo-dkim"] .result', (s) => s.map((e) => e.textContent));
  assert.deepEqual(jaWords, ['失敗', '成功']);
  assert.match(await page.textContent('[data-testid="source-combo"]:first-child'), /2025\/12\/01 –\s*2025\/12\/02/);
  await shot(page, 'source-records-ja-1280');

  // A phone: each combination a card, nothing wider than the screen.
  await page.setViewportSize({ width: 390, height: 844 });
  const phone = await page.evaluate(() => {
    const panel = document.querySelector('[data-testid="source-detail"]');
    const row = panel.querySelector('[data-testid="source-combo"]');
    return { display: getComputedStyle(row).display, wide: panel.scrollWidth - panel.clientWidth, right: row.getBoundingClientRect().right };
  });
  assert.equal(phone.display, 'block');
  assert.ok(phone.wide <= 0, `the panel scrolls sideways by ${phone.wide} px`);
  assert.ok(phone.right <= 390, `a card ends at ${phone.right} px`);
  await shot(page, 'source-records-ja-390');
  assert.deepEqual(await axePanel(page), []);
  // The language toggle is behind the panel: closed, switched, opened again.
  await page.keyboard.press('Escape');
  await page.click('[data-testid="lang-toggle"]');
  await page.click(openButton('203.0.113.9'));
  await page.waitForFunction(() => document.querySelector('[data-testid="source-detail"] h2')?.textContent === 'What 203.0.113.9 sent');
  await combos(page);
  await shot(page, 'source-records-en-390');

  assert.deepEqual(await violations(), []);
  assert.deepEqual(seen.errors, []);
  await context.close();
  rmSync(dir, { recursive: true, force: true });
});
