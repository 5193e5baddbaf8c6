// Known senders: rules imported from CSV are kept in IndexedDB across a reload, split the mail
// into tagged and untagged exactly as the CLI does with the same CSV, and a bad line is named.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { useApp, openApp, waitLoaded, cli, root, screenshot, chromiumArgs, fmt } from './harness.mjs';

const app = useApp();

const data = path.join(root, 'tests/data');
const tagsCsv = path.join(data, 'senders.csv');
const report = path.join(data, 'synthetic-example.com.xml');

test('imported rules survive a reload and tag mail as the CLI does', async () => {
  const expected = JSON.parse(execFileSync(cli, ['analyze', '--tags', tagsCsv, report]).toString());
  assert.ok(expected.totals.tagged > 0 && expected.totals.untagged > 0, 'the fixture must have both');
  const { context, page, violations } = await openApp(app.browser, app.server);
  await page.click('[data-testid="tab-senders"]');
  await page.setInputFiles('[data-testid="tags-import"]', tagsCsv);
  await page.waitForSelector('[data-testid="tag-rule"]');
  assert.equal(await page.$$eval('[data-testid="tag-rule"]', (r) => r.length), 2);
  assert.match(await page.textContent('[data-testid="tags-import-errors"]'), /line 4/);
  await screenshot(page, 'senders-en');

  await page.reload();
  await page.click('[data-testid="tab-senders"]');
  await page.waitForSelector('[data-testid="tag-rule"]');
  const cidrs = await page.$$eval('[data-testid="tag-rule"]', (rows) => rows.map((r) => r.dataset.cidr));
  assert.deepEqual(cidrs, ['192.0.2.0/28', '2001:db8::/32']);

  await page.setInputFiles('[data-testid="file-input"]', report);
  await waitLoaded(page, 1);
  await page.click('[data-testid="tab-overview"]');
  await page.waitForFunction((n) => document.querySelector('[data-testid="total-tagged"]')?.textContent === n, fmt(expected.totals.tagged));
  // Possible spoofing: failing mail of the unknown class (unregistered, not forwarded, no named
  // service); below it, all mail from unregistered senders.
  const spoofing = expected.totals.fail_classes.unknown;
  assert.equal(await page.textContent('[data-testid="total-untagged"]'), fmt(spoofing));
  assert.match(await page.textContent('[data-testid="total-unregistered"]'), new RegExp(fmt(expected.totals.untagged)));
  await page.click('[data-testid="tab-tags"]');
  const tags = await page.$$eval('[data-testid="tag-row"]', (rows) => rows.map((r) => [r.dataset.tag, +r.dataset.messages]));
  assert.deepEqual(tags, expected.tags.map((t) => [t.tag, t.messages]));
  // Each rule's count of matching records follows the files loaded after the rules.
  await page.click('[data-testid="tab-senders"]');
  await page.waitForFunction(() => /(^|\D)1 record matched/.test(document.querySelector('[data-testid="tag-rule"][data-cidr="192.0.2.0/28"]')?.textContent ?? ''));
  assert.deepEqual(await violations(), []);
  await context.close();
});

test('the rule form explains CIDR, and "Tag this" starts a rule from a suspect', async () => {
  const { context, page } = await openApp(app.browser, app.server, { locale: 'ja-JP' });
  await page.setInputFiles('[data-testid="file-input"]', report);
  await waitLoaded(page, 1);
  await page.click('[data-testid="tab-spoofing"]');
  await page.click('[data-testid="suspect-row"][data-ip="203.0.113.7"] [data-testid="tag-this"]');
  assert.equal(await page.inputValue('[data-testid="tag-cidr"]'), '203.0.113.0/24');
  assert.match(await page.textContent('[data-testid="tag-help"]'), /203\.0\.113\.0 – 203\.0\.113\.255, 256/);
  await page.fill('[data-testid="tag-cidr"]', '198.51.100.10 - 198.51.100.20');
  assert.match(await page.textContent('[data-testid="tag-help"]'), /198\.51\.100\.10\/31/);
  await page.fill('[data-testid="tag-name"]', 'Newsletter');
  await page.click('[data-testid="tag-add"]');
  assert.equal(await page.$$eval('[data-testid="tag-rule"]', (r) => r.length), 4);
  // Edit a rule in place: a bad network is refused and named, a good one replaces the rule.
  await page.click('[data-testid="tag-rule"][data-cidr="198.51.100.10/31"] [data-testid="tag-edit"]');
  await page.fill('[data-testid="tag-edit-cidr"]', '198.51.100.300');
  await page.click('[data-testid="tag-save"]');
  await page.waitForSelector('[data-testid="tag-rule-editing"] .error');
  await page.fill('[data-testid="tag-edit-cidr"]', '198.51.100.0/28');
  await page.fill('[data-testid="tag-edit-name"]', 'Mail relay');
  await page.click('[data-testid="tag-save"]');
  await page.waitForSelector('[data-testid="tag-rule"][data-cidr="198.51.100.0/28"][data-tag="Mail relay"]');
  assert.deepEqual(
    await page.$$eval('[data-testid="tag-rule"]', (rows) => rows.map((r) => `${r.dataset.cidr} ${r.dataset.tag}`)),
    ['198.51.100.0/28 Mail relay', '198.51.100.12/30 Newsletter', '198.51.100.16/30 Newsletter', '198.51.100.20/32 Newsletter'],
  );
  await screenshot(page, 'senders-ja');
  await context.close();
});

test('"forget everything" leaves nothing in IndexedDB', async () => {
  const { context, page } = await openApp(app.browser, app.server);
  await page.click('[data-testid="tab-senders"]');
  await page.setInputFiles('[data-testid="tags-import"]', tagsCsv);
  await page.waitForSelector('[data-testid="tag-rule"]');
  await page.waitForFunction(async () => (await indexedDB.databases()).some((d) => d.name === 'dmarc-lens'));
  page.once('dialog', (dialog) => dialog.accept());
  await Promise.all([page.waitForEvent('load'), page.click('[data-testid="forget-everything"]')]);
  await page.waitForSelector('[data-testid="tab-senders"]');
  assert.deepEqual((await page.evaluate(async () => indexedDB.databases())).map((d) => d.name).filter((n) => n === 'dmarc-lens'), []);
  await page.click('[data-testid="tab-senders"]');
  assert.equal(await page.$$eval('[data-testid="tag-rule"]', (r) => r.length), 0);
  await context.close();
});

test('a second tab sees the first tab\'s changes and never writes back an older copy', async () => {
  const context = await app.browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
  const open = async () => {
    const page = await context.newPage();
    await page.goto(app.server.url);
    await page.waitForSelector('[data-testid="file-input"]', { state: 'attached' });
    await page.click('[data-testid="tab-senders"]');
    return page;
  };
  const rulesOf = (page) => page.$$eval('[data-testid="tag-rule"]', (rows) => rows.map((r) => r.dataset.cidr));
  const a = await open();
  const b = await open();
  await a.setInputFiles('[data-testid="tags-import"]', tagsCsv);
  await b.waitForFunction(() => document.querySelectorAll('[data-testid="tag-rule"]').length === 2);
  await b.fill('[data-testid="tag-cidr"]', '203.0.113.0/24');
  await b.fill('[data-testid="tag-name"]', 'Vendor');
  await b.click('[data-testid="tag-add"]');
  await a.waitForFunction(() => document.querySelectorAll('[data-testid="tag-rule"]').length === 3);
  const both = ['192.0.2.0/28', '2001:db8::/32', '203.0.113.0/24'];
  assert.deepEqual(await rulesOf(a), both);
  await a.reload();
  await a.click('[data-testid="tab-senders"]');
  await a.waitForSelector('[data-testid="tag-rule"]');
  assert.deepEqual(await rulesOf(a), both);
  // Reports loaded in one tab are announced in the other.
  await a.setInputFiles('[data-testid="file-input"]', report);
  await waitLoaded(a, 1);
  await b.waitForSelector('[data-testid="other-tab-files"]');
  // "Forget everything" in one tab empties the other too.
  a.once('dialog', (dialog) => dialog.accept());
  await Promise.all([b.waitForEvent('load'), a.click('[data-testid="forget-everything"]')]);
  await b.waitForSelector('[data-testid="tab-senders"]');
  await b.click('[data-testid="tab-senders"]');
  assert.deepEqual(await rulesOf(b), []);
  await context.close();
});

test('a full disk is said plainly, the analysis goes on, and what was kept stays', async () => {
  const expected = JSON.parse(execFileSync(cli, ['analyze', '--tags', tagsCsv, report]).toString());
  // A browser profile on disk, so a second browser run sees what the first one kept.
  const profile = mkdtempSync(path.join(tmpdir(), 'dmarc-lens-profile-'));
  const start = () => chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', args: chromiumArgs, locale: 'en-US' });
  let context = await start();
  let page = context.pages()[0] ?? (await context.newPage());
  await page.goto(app.server.url);
  await page.click('[data-testid="tab-senders"]');
  await page.setInputFiles('[data-testid="tags-import"]', tagsCsv);
  await page.waitForFunction(async () => {
    const db = await new Promise((resolve) => { const r = indexedDB.open('dmarc-lens'); r.onsuccess = () => resolve(r.result); });
    const value = await new Promise((resolve) => {
      const r = db.transaction('kv').objectStore('kv').get('tags.csv');
      r.onsuccess = () => resolve(r.result);
    });
    db.close();
    return typeof value === 'string' && value.includes('2001:db8::/32');
  });
  await context.close();
  // The disk is full by the next visit (Chromium applies a quota override to storage opened
  // after it is set).
  context = await start();
  page = context.pages()[0] ?? (await context.newPage());
  const cdp = await context.newCDPSession(page);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin: app.server.origin, quotaSize: 1 });
  await page.goto(app.server.url);
  await checkFull(page, expected);
  await context.close();
  rmSync(profile, { recursive: true, force: true });
});

async function checkFull(page, expected) {
  await page.click('[data-testid="tab-senders"]');
  await page.waitForSelector('[data-testid="tag-rule"]');
  await page.setInputFiles('[data-testid="file-input"]', report);
  await waitLoaded(page, 1);
  await page.waitForSelector('[data-testid="storage-error"][data-full="true"]');
  assert.match(await page.textContent('[data-testid="storage-error"]'), /storage for the page is full/);
  await page.click('[data-testid="tab-overview"]');
  await page.waitForFunction((n) => document.querySelector('[data-testid="total-tagged"]')?.textContent === n, fmt(expected.totals.tagged));
  // A rule added now cannot be kept either; the two kept before are untouched.
  await page.click('[data-testid="tab-senders"]');
  await page.fill('[data-testid="tag-cidr"]', '203.0.113.0/24');
  await page.fill('[data-testid="tag-name"]', 'Vendor');
  await page.click('[data-testid="tag-add"]');
  await screenshot(page, 'storage-full-en');
  await page.reload();
  await page.click('[data-testid="tab-senders"]');
  await page.waitForSelector('[data-testid="tag-rule"]');
  assert.deepEqual(await page.$$eval('[data-testid="tag-rule"]', (rows) => rows.map((r) => r.dataset.cidr)), ['192.0.2.0/28', '2001:db8::/32']);
}
