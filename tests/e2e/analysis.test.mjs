// The analysis screens against the CLI: the same files give the same totals and pattern table,
// a filter changes the numbers as the CLI's flags do, the URL keeps the filters, and the JSON
// export is byte for byte what `dmarc-lens analyze` prints.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { useApp, openApp, waitLoaded, screenshot, folderFiles, cliIn, fmt, waitTotal, readPatterns, root } from './harness.mjs';

const app = useApp();

/** Loads files and waits for the analysis of all of them (an earlier one may show meanwhile). */
async function loadAll(page, paths, expected) {
  await page.setInputFiles('[data-testid="file-input"]', paths);
  await waitLoaded(page, paths.length);
  await page.waitForSelector('[data-testid="total-messages"]');
  if (expected) {
    await waitTotal(page, expected.totals.messages);
  }
}

test('totals and the pattern table equal the CLI for the same files', async () => {
  const { dir, names, paths } = folderFiles();
  const expected = JSON.parse(cliIn(dir, names));
  const { context, page } = await openApp(app.browser, app.server);
  await loadAll(page, paths, expected);
  assert.equal(await page.textContent('[data-testid="total-messages"]'), fmt(expected.totals.messages));
  assert.equal(await page.textContent('[data-testid="total-reports"]'), fmt(expected.totals.reports));
  assert.equal(await page.textContent('[data-testid="total-fail"]'), fmt(expected.totals.dmarc_fail));
  await screenshot(page, 'overview-en');
  const patterns = await readPatterns(page);
  assert.deepEqual(patterns, expected.patterns.map(({ pattern, messages, tagged, untagged }) => ({ pattern, messages, tagged, untagged })));
  await screenshot(page, 'patterns-en');
  await page.click('[data-testid="tab-spoofing"]');
  // Rows come a hundred at a time, a page each; paging reaches every source, in the CLI's order.
  const suspects = [];
  for (;;) {
    await page.waitForSelector('[data-testid="suspect-row"]');
    const rows = await page.$$eval('[data-testid="suspect-row"]', (rows) => rows.map((r) => [r.dataset.ip, +r.dataset.messages]));
    suspects.push(...rows);
    const next = '[data-table="suspects"] [data-testid="table-next"]';
    if (!(await page.locator(next).count()) || !(await page.isEnabled(next))) break;
    const first = rows[0][0];
    await page.click(next);
    await page.waitForFunction((ip) => document.querySelector('[data-testid="suspect-row"]')?.dataset.ip !== ip, first);
  }
  assert.deepEqual(suspects, expected.spoof_suspects.map((s) => [s.source_ip, s.messages]));
  await context.close();
});

test('a filter changes the numbers as the CLI flags do, and the URL keeps it', async () => {
  const { dir, names, paths } = folderFiles();
  const all = JSON.parse(cliIn(dir, names));
  // The busiest domain, and a period that keeps only part of the reports.
  const domain = all.domains[0].domain;
  const byDomain = JSON.parse(cliIn(dir, names, ['--domain', domain]));
  const days = all.days.map((d) => d.date);
  const from = days[Math.floor(days.length / 2)];
  const byPeriod = JSON.parse(cliIn(dir, names, ['--from', from, '--policy', 'reject']));
  assert.notEqual(byDomain.totals.messages, all.totals.messages);

  const { context, page } = await openApp(app.browser, app.server);
  await loadAll(page, paths, all);
  await page.fill('[data-testid="filter-domain"]', domain);
  await page.press('[data-testid="filter-domain"]', 'Enter');
  await page.waitForFunction((n) => document.querySelector('[data-testid="total-messages"]')?.textContent === n, fmt(byDomain.totals.messages));
  assert.deepEqual(await readPatterns(page), byDomain.patterns.map(({ pattern, messages, tagged, untagged }) => ({ pattern, messages, tagged, untagged })));
  assert.match(page.url(), new RegExp(`domain=${domain.replace(/\./g, '\\.')}`));

  await page.fill('[data-testid="filter-domain"]', '');
  await page.press('[data-testid="filter-domain"]', 'Enter');
  await page.fill('[data-testid="filter-from"]', from);
  await page.selectOption('[data-testid="filter-policy"]', 'reject');
  await page.click('[data-testid="tab-overview"]');
  await page.waitForFunction((n) => document.querySelector('[data-testid="total-messages"]')?.textContent === n, fmt(byPeriod.totals.messages));
  const url = new URL(page.url());
  assert.equal(url.searchParams.get('from'), from);
  assert.equal(url.searchParams.get('policy'), 'reject');
  // A reload (or a bookmark) restores the filters, and the reports kept in the browser come back
  // by themselves: the same analysis, without loading anything again.
  await page.reload();
  await page.waitForSelector('[data-testid="filter-from"]');
  assert.equal(await page.inputValue('[data-testid="filter-from"]'), from);
  assert.equal(await page.inputValue('[data-testid="filter-policy"]'), 'reject');
  await waitLoaded(page, paths.length);
  await page.waitForFunction((n) => document.querySelector('[data-testid="total-messages"]')?.textContent === n, fmt(byPeriod.totals.messages));
  await context.close();
});

test('the exported JSON is exactly what the CLI prints', async () => {
  const { dir, names, paths } = folderFiles();
  const { context, page } = await openApp(app.browser, app.server);
  await loadAll(page, paths, JSON.parse(cliIn(dir, names)));
  for (const [flags, set] of [
    [[], async () => {}],
    [['--policy', 'none'], async () => {
      await page.selectOption('[data-testid="filter-policy"]', 'none');
      await page.waitForFunction(() => new URL(location.href).searchParams.get('policy') === 'none');
    }],
  ]) {
    await set();
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-analysis-json"]')]);
    const exported = readFileSync(await download.path(), 'utf8');
    assert.equal(exported, cliIn(dir, names, flags), `export with ${flags.join(' ') || 'no filters'}`);
  }
  await context.close();
});

// In the worker: the first analysis asked for once `self.holdAnalysis` is set waits until an
// export is asked for, then both run, the analysis first: the order a slow last analysis and a
// quick click on Export make, every time.
const holdAnalysisForExport = `
self.addEventListener('message', (event) => {
  const data = event.data;
  if (event.released || !data) return;
  if (data.analyze && self.holdAnalysis) {
    self.holdAnalysis = false;
    self.held = data;
    event.stopImmediatePropagation();
  } else if (data.export && self.held) {
    event.stopImmediatePropagation();
    for (const message of [self.held, data]) {
      const again = new MessageEvent('message', { data: message });
      again.released = true;
      self.dispatchEvent(again);
    }
    self.held = null;
  }
});`;

test('an export asked for during the last analysis leaves that analysis on screen', async () => {
  const xml = readFileSync(path.join(root, 'tests/data/synthetic-example.com.xml'), 'utf8');
  const scratch = mkdtempSync(path.join(tmpdir(), 'dmarc-lens-seq-'));
  const first = path.join(scratch, 'first.xml');
  const second = path.join(scratch, 'second.xml');
  writeFileSync(first, xml);
  writeFileSync(second, xml.replace('synthetic-0001', 'synthetic-0002').replace('<count>12</count>', '<count>100</count>'));
  const { context, page, seen } = await openApp(app.browser, app.server, { worker: holdAnalysisForExport });
  await page.setInputFiles('[data-testid="file-input"]', first);
  await waitTotal(page, 20);
  await page.workers()[0].evaluate(() => { self.holdAnalysis = true; });
  await page.setInputFiles('[data-testid="file-input"]', second);
  await waitLoaded(page, 2);
  assert.equal(await page.textContent('[data-testid="total-messages"]'), fmt(20), 'the last analysis is held');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-analysis-json"]')]);
  assert.equal(JSON.parse(readFileSync(await download.path(), 'utf8')).totals.messages, 128);
  // The analysis answered just before the export is the newest analysis: it shows.
  await waitTotal(page, 128, 10_000);
  assert.deepEqual(seen.errors, []);
  await context.close();
});

test('every analysis screen speaks Japanese', async () => {
  const { paths } = folderFiles();
  const { context, page } = await openApp(app.browser, app.server, { locale: 'ja-JP' });
  await loadAll(page, paths);
  assert.match(await page.textContent('[data-testid="tab-patterns"]'), /エラーパターン分析/);
  await screenshot(page, 'overview-ja');
  await readPatterns(page);
  assert.match(await page.textContent('[data-testid="pattern-advice"]'), /[ぁ-んァ-ン]/);
  await screenshot(page, 'patterns-ja');
  await page.click('[data-testid="tab-spoofing"]');
  assert.match(await page.textContent('[data-testid="by-sender"] h3'), /送信者別/);
  assert.match(await page.textContent('.panel:has([data-table="suspects"]) h3'), /なりすまし可能性分析/);
  await screenshot(page, 'spoofing-ja');
  await context.close();
});

test('the possible-spoofing CSV has every source, not only those on screen', async () => {
  // 600 untagged sources, more than the screen shows.
  const records = Array.from({ length: 600 }, (_, i) =>
    `<record><row><source_ip>198.51.${Math.floor(i / 250)}.${i % 250 + 1}</source_ip><count>${1 + (i % 7)}</count>` +
    '<policy_evaluated><disposition>none</disposition><dkim>fail</dkim><spf>fail</spf></policy_evaluated></row>' +
    '<identifiers><header_from>example.com</header_from></identifiers><auth_results><spf><domain>example.com</domain><result>fail</result></spf></auth_results></record>',
  ).join('');
  const dir = mkdtempSync(path.join(tmpdir(), 'dmarc-lens-csv-'));
  writeFileSync(path.join(dir, 'many.xml'), '<feedback><report_metadata><org_name>google.com</org_name><email>a@b</email><report_id>many</report_id>' +
    '<date_range><begin>1735689600</begin><end>1735775999</end></date_range></report_metadata><policy_published><domain>example.com</domain><p>none</p></policy_published>' +
    `${records}</feedback>`);
  const expected = JSON.parse(cliIn(dir, ['many.xml']));
  assert.equal(expected.spoof_suspects.length, 600);
  const { context, page } = await openApp(app.browser, app.server);
  await loadAll(page, [path.join(dir, 'many.xml')], expected);
  await page.click('[data-testid="tab-spoofing"]');
  await page.waitForSelector('[data-testid="suspect-row"]');
  assert.ok((await page.locator('[data-testid="suspect-row"]').count()) < 600);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-csv-dmarc-possible-spoofing"]')]);
  const lines = readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/);
  assert.equal(lines.length, 601);
  const ips = lines.slice(1).map((l) => l.split(',')[0]);
  assert.deepEqual(ips, expected.spoof_suspects.map((s) => s.source_ip));
  await context.close();
});
