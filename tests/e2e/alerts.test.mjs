// Alert thresholds edited in the page act as the CLI's --rules and survive a reload; alerts that
// are new since the previous visit are marked after an import.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { useApp, openApp, waitLoaded, screenshot, folderFiles, cliIn, waitTotal } from './harness.mjs';

const app = useApp();

async function exportJson(page) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-analysis-json"]')]);
  return readFileSync(await download.path(), 'utf8');
}

test('thresholds edited in the page act as the CLI --rules and survive a reload', async () => {
  const { dir, names, paths } = folderFiles();
  const rules = { untagged_source_messages: 1000, spoofing_share_percent: 50.5, reporter_silent_days: 30 };
  const rulesFile = path.join(mkdtempSync(path.join(tmpdir(), 'dmarc-lens-rules-')), 'rules.json');
  writeFileSync(rulesFile, JSON.stringify(rules));
  const expected = cliIn(dir, names, ['--rules', rulesFile]);
  const defaults = JSON.parse(cliIn(dir, names));
  assert.notDeepEqual(JSON.parse(expected).alerts.map((a) => a.id), defaults.alerts.map((a) => a.id), 'the rules must change the alerts');

  const { context, page } = await openApp(app.browser, app.server);
  await page.setInputFiles('[data-testid="file-input"]', paths);
  await waitLoaded(page, paths.length);
  await waitTotal(page, defaults.totals.messages);
  await page.click('[data-testid="alert-rules-open"]');
  for (const [field, value] of Object.entries(rules)) {
    await page.fill(`[data-testid="alert-rule-${field}"]`, String(value));
    await page.dispatchEvent(`[data-testid="alert-rule-${field}"]`, 'change');
  }
  // A value the field cannot take is refused and changes nothing.
  await page.fill('[data-testid="alert-rule-pattern_messages"]', '-3');
  await page.dispatchEvent('[data-testid="alert-rule-pattern_messages"]', 'change');
  await page.waitForSelector('label.invalid [data-testid="alert-rule-pattern_messages"]');
  await screenshot(page, 'alert-rules-en');
  await page.click('[data-testid="tab-overview"]');
  const wanted = JSON.parse(expected).alerts.length;
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="alert"]').length === n, wanted);
  assert.equal(await exportJson(page), expected);

  await page.reload();
  await waitLoaded(page, paths.length);
  await waitTotal(page, defaults.totals.messages);
  await page.click('[data-testid="tab-senders"]');
  assert.equal(await page.inputValue('[data-testid="alert-rule-untagged_source_messages"]'), '1000');
  assert.equal(await exportJson(page), expected);
  await context.close();
});

test('alerts new since the previous visit are marked after an import', async () => {
  const { dir, names, paths } = folderFiles();
  // The first visit loads the first half; the next one adds the rest.
  const half = Math.ceil(names.length / 2);
  const before = JSON.parse(cliIn(dir, names.slice(0, half)));
  const after = JSON.parse(cliIn(dir, names));
  const seen = new Set(before.alerts.map((a) => a.id));
  const fresh = after.alerts.map((a) => a.id).filter((id) => !seen.has(id)).sort();
  assert.ok(fresh.length > 0, 'the second half must bring a new alert');

  const { context, page } = await openApp(app.browser, app.server);
  await page.setInputFiles('[data-testid="file-input"]', paths.slice(0, half));
  await waitLoaded(page, half);
  await waitTotal(page, before.totals.messages);
  assert.equal(await page.locator('[data-testid="alert-new"]').count(), 0, 'a first visit has nothing to compare with');
  // Wait for the alerts seen to be kept.
  await page.waitForFunction(async () => {
    const db = await new Promise((resolve) => { const r = indexedDB.open('dmarc-lens'); r.onsuccess = () => resolve(r.result); });
    const value = await new Promise((resolve) => {
      const r = db.transaction('kv').objectStore('kv').get('seen-alerts.json');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => resolve(undefined);
    });
    db.close();
    return typeof value === 'string';
  });

  await page.reload();
  await waitLoaded(page, half);
  await waitTotal(page, before.totals.messages);
  assert.equal(await page.locator('[data-testid="alert-new"]').count(), 0, 'the same reports again bring nothing new');
  await page.setInputFiles('[data-testid="file-input"]', paths.slice(half));
  await waitLoaded(page, names.length);
  await waitTotal(page, after.totals.messages);
  await page.waitForSelector('[data-testid="alert-new"]');
  const marked = await page.$$eval('[data-testid="alert"][data-new="true"]', (items) => items.map((i) => i.dataset.id).sort());
  assert.deepEqual(marked, fresh);
  assert.match(await page.textContent('[data-testid="alerts-new-count"]'), new RegExp(`^${fresh.length} new since your previous visit`));
  await screenshot(page, 'alerts-new-en');
  await context.close();
});
