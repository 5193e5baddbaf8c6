// Long tables a person can work with: sorted by a column both ways, searched by an address
// prefix, paged to the very last row (the count shown is what paging reaches), the key column kept
// in view when the table scrolls sideways, and cards on a phone. The expectations are worked out
// here from the generated reports, not read from the CLI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { useApp, openApp, waitLoaded, screenshot, screenshots, fmt } from './harness.mjs';

const app = useApp();

const REPORTS = 12;
const DOMAINS = ['example.com', 'example.net', 'example.org'];

/** 640 sources in three documentation networks, each in one record of one of twelve reports. */
function sources() {
  const out = [];
  const nets = [['192.0.2', 256], ['198.51.100', 256], ['203.0.113', 128]];
  let i = 0;
  for (const [net, n] of nets) {
    for (let host = 0; host < n; host++, i++) {
      const count = 1 + ((i * 7919) % 997);
      // One source in three passes DMARC through DKIM; the rest fail both.
      const pass = i % 3 === 0;
      out.push({ ip: `${net}.${host}`, count, fail: pass ? 0 : count, report: i % REPORTS });
    }
  }
  return out;
}

const ipNumber = (ip) => ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);

/** The order the table sorts messages in: by count, ties by address, ascending. */
const byMessages = (a, b) => a.count - b.count || ipNumber(a.ip) - ipNumber(b.ip);

function writeReports() {
  const dir = mkdtempSync(path.join(tmpdir(), 'dmarc-lens-tables-'));
  const all = sources();
  const paths = [];
  for (let r = 0; r < REPORTS; r++) {
    const domain = DOMAINS[r % DOMAINS.length];
    const records = all.filter((s) => s.report === r).map((s) =>
      `<record><row><source_ip>${s.ip}</source_ip><count>${s.count}</count>` +
      `<policy_evaluated><disposition>none</disposition><dkim>${s.fail ? 'fail' : 'pass'}</dkim><spf>fail</spf></policy_evaluated></row>` +
      `<identifiers><header_from>${domain}</header_from></identifiers>` +
      `<auth_results><dkim><domain>${domain}</domain><result>${s.fail ? 'fail' : 'pass'}</result></dkim><spf><domain>${domain}</domain><result>fail</result></spf></auth_results></record>`,
    ).join('');
    const begin = 1735689600 + r * 86400;
    const file = path.join(dir, `report-${String(r).padStart(2, '0')}.xml`);
    writeFileSync(file, `<feedback><report_metadata><org_name>reporter-${String(r).padStart(2, '0')}.test</org_name><email>a@b</email>` +
      `<report_id>tables-${r}</report_id><date_range><begin>${begin}</begin><end>${begin + 86399}</end></date_range></report_metadata>` +
      `<policy_published><domain>${domain}</domain><p>none</p></policy_published>${records}</feedback>`);
    paths.push(file);
  }
  return { all, paths };
}

const suspects = '[data-table="suspects"]';

/** The whole page, and the screen's worth from the top of `selector` (a long page's whole is too
 * small to read). */
async function shot(page, name, selector) {
  await screenshot(page, name);
  await page.$eval(selector, (el) => el.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: path.join(screenshots, `${name}-view.png`) });
}

/** The first suspect row's address, messages and DMARC failures as the cells show them. */
async function firstRow(page) {
  return page.$eval(`${suspects} [data-testid="suspect-row"]`, (row) => {
    const cell = (label) => row.querySelector(`td[data-label="${label}"]`).textContent.trim();
    return { ip: row.dataset.ip, messages: cell('Messages'), fail: cell('DMARC fail') };
  });
}

async function waitFirst(page, ip) {
  await page.waitForFunction(([sel, ip]) => document.querySelector(`${sel} [data-testid="suspect-row"]`)?.dataset.ip === ip, [suspects, ip]);
}

async function range(page) {
  return (await page.textContent(`${suspects} [data-testid="table-range"]`)).trim();
}

async function loadInto(page, paths, all) {
  await page.setInputFiles('[data-testid="file-input"]', paths);
  await waitLoaded(page, paths.length);
  const messages = all.reduce((n, s) => n + s.count, 0);
  await page.waitForFunction((n) => document.querySelector('[data-testid="total-messages"]')?.textContent === n, fmt(messages));
}

test('the possible-spoofing table sorts, searches and pages to its last row', async () => {
  const { all, paths } = writeReports();
  assert.equal(all.length, 640);
  const { context, page, seen } = await openApp(app.browser, app.server);
  await loadInto(page, paths, all);
  await page.click('[data-testid="tab-spoofing"]');
  await page.waitForSelector(`${suspects} [data-testid="suspect-row"]`);
  // Every source is reachable: the count is the sources', not the first 500 the page holds.
  assert.equal(await range(page), 'Showing 1–100 of 640');
  assert.equal(await page.locator(`${suspects} [data-testid="suspect-row"]`).count(), 100);

  // Most messages first, then fewest, each worked out from the generated records.
  const ascending = [...all].sort(byMessages);
  const most = [...all].sort((a, b) => b.count - a.count || ipNumber(a.ip) - ipNumber(b.ip))[0];
  await page.click(`${suspects} [data-testid="table-sort-messages"]`);
  await waitFirst(page, most.ip);
  assert.deepEqual(await firstRow(page), { ip: most.ip, messages: fmt(most.count), fail: fmt(most.fail) });
  assert.equal(await page.getAttribute(`${suspects} th:has([data-testid="table-sort-messages"])`, 'aria-sort'), 'descending');
  await page.click(`${suspects} [data-testid="table-sort-messages"]`);
  await waitFirst(page, ascending[0].ip);
  assert.deepEqual(await firstRow(page), { ip: ascending[0].ip, messages: fmt(ascending[0].count), fail: fmt(ascending[0].fail) });
  assert.equal(await page.getAttribute(`${suspects} th:has([data-testid="table-sort-messages"])`, 'aria-sort'), 'ascending');

  // Paged to the end, the last row is the one with most messages, the highest address on a tie.
  const last = ascending[ascending.length - 1];
  while (await page.isEnabled(`${suspects} [data-testid="table-next"]`)) {
    const before = await range(page);
    await page.click(`${suspects} [data-testid="table-next"]`);
    await page.waitForFunction(([sel, before]) => document.querySelector(`${sel} [data-testid="table-range"]`)?.textContent.trim() !== before, [suspects, before]);
  }
  assert.equal(await range(page), 'Showing 601–640 of 640');
  const ips = await page.$$eval(`${suspects} [data-testid="suspect-row"]`, (rows) => rows.map((r) => r.dataset.ip));
  assert.equal(ips.length, 40);
  assert.equal(ips[ips.length - 1], last.ip);
  assert.deepEqual(ips, ascending.slice(600).map((s) => s.ip));
  await page.click(`${suspects} [data-testid="table-prev"]`);
  await page.waitForFunction((sel) => document.querySelector(`${sel} [data-testid="table-range"]`)?.textContent.trim() === 'Showing 501–600 of 640', suspects);

  // An address prefix: 256 sources in 198.51.100.0/24; the sort stays and paging starts again.
  await page.fill(`${suspects} [data-testid="table-search"]`, '198.51.100.');
  await page.waitForFunction((sel) => document.querySelector(`${sel} [data-testid="table-range"]`)?.textContent.trim() === 'Showing 1–100 of 256 matching', suspects);
  const inNet = ascending.filter((s) => s.ip.startsWith('198.51.100.'));
  await waitFirst(page, inNet[0].ip);
  const shown = await page.$$eval(`${suspects} [data-testid="suspect-row"]`, (rows) => rows.map((r) => r.dataset.ip));
  assert.ok(shown.every((ip) => ip.startsWith('198.51.100.')), shown.join(' '));
  await page.fill(`${suspects} [data-testid="table-search"]`, '198.51.100.77');
  await page.waitForFunction((sel) => document.querySelector(`${sel} [data-testid="table-range"]`)?.textContent.trim() === 'Showing 1–1 of 1 matching', suspects);
  await page.fill(`${suspects} [data-testid="table-search"]`, 'no-such-source');
  await page.waitForFunction((sel) => document.querySelector(`${sel} [data-testid="table-range"]`)?.textContent.trim() === 'No row matches the search.', suspects);
  assert.equal(await page.locator(`${suspects} [data-testid="suspect-row"]`).count(), 0);
  await page.fill(`${suspects} [data-testid="table-search"]`, '');
  await waitFirst(page, ascending[0].ip);

  // Scrolled sideways at 1280 px, the address stays at the table's left edge.
  const wrap = `${suspects} .table-wrap`;
  const scrolled = await page.$eval(wrap, (el) => {
    el.scrollLeft = el.scrollWidth;
    const td = el.querySelector('[data-testid="suspect-row"] td');
    return { scrolls: el.scrollWidth > el.clientWidth, left: Math.round(td.getBoundingClientRect().left - el.getBoundingClientRect().left) };
  });
  assert.ok(scrolled.scrolls, 'the possible-spoofing table is wider than 1280 px');
  assert.ok(Math.abs(scrolled.left) <= 1, JSON.stringify(scrolled));
  await page.$eval(suspects, (el) => el.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: path.join(screenshots, 'tables-spoofing-scrolled-en-1280-view.png') });
  assert.deepEqual(seen.errors, []);
  await context.close();
});

test('the reporters and domains tables sort and fit; at phone width rows are cards', async () => {
  const { all, paths } = writeReports();
  const { context, page } = await openApp(app.browser, app.server);
  await loadInto(page, paths, all);

  // Reporters by messages, fewest first: worked out per report.
  const perReporter = Array.from({ length: REPORTS }, (_, r) => ({
    name: `reporter-${String(r).padStart(2, '0')}.test`,
    messages: all.filter((s) => s.report === r).reduce((n, s) => n + s.count, 0),
  })).sort((a, b) => a.messages - b.messages || a.name.localeCompare(b.name));
  const reporters = '[data-table="reporters"]';
  await page.click(`${reporters} [data-testid="table-sort-messages"]`);
  await page.click(`${reporters} [data-testid="table-sort-messages"]`);
  const names = await page.$$eval(`${reporters} [data-testid="reporter-row"]`, (rows) => rows.map((r) => [r.dataset.reporter, +r.dataset.messages]));
  assert.deepEqual(names, perReporter.map((r) => [r.name, r.messages]));
  await page.fill(`${reporters} [data-testid="table-search"]`, 'REPORTER-1');
  await page.waitForFunction((sel) => document.querySelector(`${sel} [data-testid="table-range"]`)?.textContent.trim() === 'Showing 1–2 of 2 matching', reporters);
  await page.fill(`${reporters} [data-testid="table-search"]`, '');

  // At 1280 px the domains table shows its last column whole.
  const domains = '[data-table="domains"]';
  const fits = await page.$eval(domains, (el) => {
    const wrap = el.querySelector('.table-wrap');
    const th = el.querySelector('thead th:last-child');
    return { scroll: wrap.scrollWidth - wrap.clientWidth, right: th.getBoundingClientRect().right - wrap.getBoundingClientRect().right };
  });
  assert.ok(fits.scroll <= 0 && fits.right <= 0.5, JSON.stringify(fits));
  await shot(page, 'tables-overview-en-1280', '[data-table="reporters"]');

  await page.setViewportSize({ width: 390, height: 844 });
  await page.click('[data-testid="tab-spoofing"]');
  await page.waitForSelector(`${suspects} [data-testid="suspect-row"]`);
  // Each row is a card whose figures that matter are in view, labelled; the rest is left out.
  const card = await page.$eval(`${suspects} [data-testid="suspect-row"]`, (row) => {
    const visible = (td) => getComputedStyle(td).display !== 'none' && td.getBoundingClientRect().width > 0;
    const shown = [...row.querySelectorAll('td')].filter(visible);
    return {
      display: getComputedStyle(row).display,
      labels: shown.map((td) => td.dataset.label ?? ''),
      within: shown.every((td) => td.getBoundingClientRect().right <= window.innerWidth),
      tagThis: !!row.querySelector('[data-testid="tag-this"]') && visible(row.querySelector('[data-testid="tag-this"]').closest('td')),
    };
  });
  assert.equal(card.display, 'block');
  assert.deepEqual(card.labels, ['Source IP', 'Sender', 'What it is', 'Messages', 'DMARC fail', 'Most failures', 'From domain', '']);
  assert.ok(card.within && card.tagThis, JSON.stringify(card));
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true);
  await shot(page, 'tables-spoofing-en-390', suspects);
  // The pattern table's counts are on screen too.
  await page.click('[data-testid="tab-patterns"]');
  const counts = await page.$$eval('[data-testid="pattern-row"] td.num', (tds) => tds.map((td) => td.getBoundingClientRect().right <= window.innerWidth && td.getBoundingClientRect().width > 0));
  assert.ok(counts.length === 12 && counts.every(Boolean), JSON.stringify(counts));
  await shot(page, 'tables-patterns-en-390', 'table.patterns');
  await page.click('[data-testid="tab-overview"]');
  await shot(page, 'tables-overview-en-390', '[data-table="reporters"]');

  // Japanese, both widths.
  await page.click('[data-testid="lang-toggle"]');
  await shot(page, 'tables-overview-ja-390', '[data-table="reporters"]');
  await page.click('[data-testid="tab-spoofing"]');
  await shot(page, 'tables-spoofing-ja-390', suspects);
  await page.setViewportSize({ width: 1280, height: 900 });
  await shot(page, 'tables-spoofing-ja-1280', suspects);
  await page.click('[data-testid="tab-overview"]');
  await shot(page, 'tables-overview-ja-1280', '[data-table="reporters"]');
  await page.click('[data-testid="lang-toggle"]');
  await page.click('[data-testid="tab-spoofing"]');
  await shot(page, 'tables-spoofing-en-1280', suspects);
  await context.close();
});
