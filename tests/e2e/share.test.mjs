// Share links as a person uses them: make a link from loaded reports, open it in a fresh browser
// context (no reports, nothing saved) and see the same figures, read-only; masking hides full
// addresses; a passphrase-sealed link refuses a wrong passphrase and opens with the right one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { deflateRawSync, inflateRawSync } from 'node:zlib';

import { useApp, openApp, waitLoaded, cli, screenshot, folderFiles, cliIn, fmt, waitTotal, readPatterns } from './harness.mjs';

const app = useApp();

const cliJson = (dir, names, flags = []) => JSON.parse(cliIn(dir, names, flags));

async function loadAll(page, paths, messages) {
  await page.setInputFiles('[data-testid="file-input"]', paths);
  await waitLoaded(page, paths.length);
  await waitTotal(page, messages);
}

async function makeLink(page, { mask = false, passphrase = '' } = {}) {
  await page.click('[data-testid="share-open-panel"]');
  if (mask) await page.check('[data-testid="share-mask"]');
  if (passphrase) await page.fill('[data-testid="share-passphrase"]', passphrase);
  await page.click('[data-testid="share-link"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="share-url"]')?.value, null, { timeout: 30_000 });
  const url = await page.inputValue('[data-testid="share-url"]');
  assert.equal(await page.getAttribute('[data-testid="share-url"]', 'readonly'), '');
  return url;
}

/** Opens `url` in a fresh context, as a colleague who has nothing loaded would. */
async function openFresh(url) {
  const context = await app.browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const requests = [];
  context.on('request', (r) => requests.push(r.url()));
  await page.goto(url);
  await page.waitForSelector('[data-testid="shared-banner"]');
  return { context, page, requests };
}

const cliPatterns = (json) =>
  json.patterns.map((p) => ({ pattern: p.pattern, messages: p.messages, tagged: p.tagged, untagged: p.untagged }));

test('a share link opened in a fresh context shows the same figures, read-only, with its filters', async () => {
  const { dir, names, paths } = folderFiles();
  const all = cliJson(dir, names);
  const domain = all.domains[0].domain;
  const expected = cliJson(dir, names, ['--domain', domain]);
  assert.ok(expected.totals.messages < all.totals.messages, 'the filter must change the figures');

  const { context, page } = await openApp(app.browser, app.server);
  await loadAll(page, paths, all.totals.messages);
  await page.fill('[data-testid="filter-domain"]', domain);
  await page.dispatchEvent('[data-testid="filter-domain"]', 'change');
  await page.waitForFunction((n) => document.querySelector('[data-testid="total-messages"]')?.textContent === n, fmt(expected.totals.messages));
  const url = await makeLink(page);
  assert.ok(url.startsWith(`${app.server.url}#share=1.`), url);
  await screenshot(page, 'share-panel-en');
  await context.close();

  const fresh = await openFresh(url);
  const shared = fresh.page;
  await shared.waitForFunction((n) => document.querySelector('[data-testid="total-messages"]')?.textContent === n, fmt(expected.totals.messages));
  assert.match(await shared.textContent('[data-testid="shared-facts"]'), new RegExp(domain.replace(/\./g, '\\.')));
  assert.deepEqual(await readPatterns(shared), cliPatterns(expected));
  // Read-only: nothing to drop files on, no tag manager, no "Tag this", and nothing kept.
  assert.equal(await shared.locator('[data-testid="file-input"]').count(), 0);
  assert.equal(await shared.locator('[data-testid="tab-senders"]').count(), 0);
  await shared.click('[data-testid="tab-spoofing"]');
  if (expected.spoof_suspects.length > 0) await shared.waitForSelector('[data-testid="suspect-row"]');
  assert.equal(await shared.locator('[data-testid="tag-this"]').count(), 0);
  const databases = await shared.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
  assert.deepEqual(databases, []);
  assert.deepEqual(fresh.requests.filter((r) => !r.startsWith(app.server.origin)), []);
  await shared.click('[data-testid="tab-overview"]');
  await screenshot(shared, 'shared-view-en');
  await shared.click('[data-testid="lang-toggle"]');
  await shared.waitForSelector('text=共有された分析結果');
  await screenshot(shared, 'shared-view-ja');
  await fresh.context.close();

  // A link the CLI makes for the same files and filter opens to the same figures.
  const cliLink = execFileSync(cli, ['share', '--base', app.server.url, '--domain', domain, ...names], { cwd: dir }).toString().trim();
  const viaCli = await openFresh(cliLink);
  await viaCli.page.waitForFunction((n) => document.querySelector('[data-testid="total-messages"]')?.textContent === n, fmt(expected.totals.messages));
  assert.deepEqual(await readPatterns(viaCli.page), cliPatterns(expected));
  await viaCli.context.close();
});

test('a masked link shows networks, never a full source address', async () => {
  const { dir, names, paths } = folderFiles();
  const expected = cliJson(dir, names);
  const { context, page } = await openApp(app.browser, app.server);
  await loadAll(page, paths, expected.totals.messages);
  const url = await makeLink(page, { mask: true });
  await context.close();

  const { context: fresh, page: shared } = await openFresh(url);
  await shared.waitForFunction((n) => document.querySelector('[data-testid="total-messages"]')?.textContent === n, fmt(expected.totals.messages));
  assert.equal(await shared.getAttribute('[data-testid="shared-facts"]', 'data-masked'), 'true');
  await shared.click('[data-testid="tab-spoofing"]');
  await shared.waitForSelector('[data-testid="suspect-row"]');
  const ips = await shared.$$eval('[data-testid="suspect-row"]', (rows) => rows.map((r) => r.dataset.ip));
  assert.ok(ips.length > 0);
  for (const ip of ips) assert.match(ip, /^([0-9.]+\.0\/24|[0-9a-f:]+\/48)$/, ip);
  // No address the reports name appears anywhere on the page, in any tab.
  let text = '';
  for (const tab of ['overview', 'patterns', 'tags', 'spoofing']) {
    await shared.click(`[data-testid="tab-${tab}"]`);
    text += await shared.evaluate(() => document.body.innerText);
  }
  const full = expected.spoof_suspects.map((s) => s.source_ip).filter((ip) => !/\.0$|::$/.test(ip));
  assert.ok(full.length > 0);
  for (const ip of full) assert.ok(!new RegExp(`(^|[^0-9a-f.:])${ip.replace(/\./g, '\\.')}($|[^0-9a-f:/])`).test(text), `${ip} shown`);
  // Masking moves no message: the pattern table is the CLI's.
  assert.deepEqual(await readPatterns(shared), cliPatterns(expected));
  await fresh.close();
});

test('a sealed link refuses a wrong passphrase and opens with the right one', async () => {
  const { dir, names, paths } = folderFiles();
  const expected = cliJson(dir, names);
  const { context, page } = await openApp(app.browser, app.server);
  await loadAll(page, paths, expected.totals.messages);
  const url = await makeLink(page, { passphrase: 'correct horse battery' });
  assert.match(url, /#share=1e\.600000\.[A-Za-z0-9_-]+$/);
  await context.close();

  const { context: fresh, page: shared } = await openFresh(url);
  await shared.waitForSelector('[data-testid="share-open-passphrase"]');
  assert.equal(await shared.locator('[data-testid="total-messages"]').count(), 0);
  await shared.fill('[data-testid="share-open-passphrase"]', 'wrong horse');
  await shared.click('[data-testid="share-open"]');
  await shared.waitForSelector('[data-testid="share-error"]', { timeout: 30_000 });
  assert.match(await shared.textContent('[data-testid="share-error"]'), /Wrong passphrase/);
  assert.equal(await shared.locator('[data-testid="total-messages"]').count(), 0);
  await screenshot(shared, 'shared-passphrase-en');
  await shared.fill('[data-testid="share-open-passphrase"]', 'correct horse battery');
  await shared.click('[data-testid="share-open"]');
  await shared.waitForFunction((n) => document.querySelector('[data-testid="total-messages"]')?.textContent === n, fmt(expected.totals.messages), { timeout: 30_000 });
  assert.deepEqual(await readPatterns(shared), cliPatterns(expected));

  // A link cut short says so.
  const cut = url.replace(/#share=1e\.600000\./, '#share=1.').slice(0, -40);
  const damaged = await fresh.newPage();
  await damaged.goto(cut);
  await damaged.waitForSelector('[data-testid="share-error"]');
  assert.match(await damaged.textContent('[data-testid="share-error"]'), /damaged or cut off/);
  await fresh.close();
});

test('a crafted link with a day date too short to slice leaves the page alive', async () => {
  const { dir, names } = folderFiles();
  const link = execFileSync(cli, ['share', '--base', app.server.url, ...names], { cwd: dir }).toString().trim();
  const [base, payload] = link.split('#share=1.');
  const shared = JSON.parse(inflateRawSync(Buffer.from(payload, 'base64url')).toString());
  assert.ok(shared.analysis.days.length > 0, 'the reports have days to chart');
  // A date shorter than "YYYY-MM-DD" and one whose fifth byte falls inside a character: the chart
  // once cut both at byte 5 and the page died with them.
  const day = shared.analysis.days[0];
  shared.analysis.days = [{ ...day, date: '1' }, { ...day, date: '2025日-01' }, ...shared.analysis.days];
  const crafted = `${base}#share=1.${deflateRawSync(Buffer.from(JSON.stringify(shared))).toString('base64url')}`;

  const context = await app.browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(crafted);
  await page.waitForSelector('[data-testid="shared-banner"]');
  // Either the analysis shows or the link is refused as damaged: both are a living page.
  await page.waitForSelector('[data-testid="total-messages"], [data-testid="share-error"]');
  if (await page.locator('[data-testid="daily-chart"]').count() > 0) {
    const labels = await page.$$eval('[data-testid="daily-chart"] text.axis', (t) => t.map((e) => e.textContent));
    assert.ok(labels.includes('1'), labels.join(' '));
  }
  await page.click('[data-testid="lang-toggle"]');
  await page.waitForSelector('text=共有された分析結果');
  assert.deepEqual(errors, []);
  await context.close();
});
