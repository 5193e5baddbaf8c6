// The page survives what goes wrong in its worker: a result with numbers past 2^53 still reaches
// its row.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { useApp, openApp, waitLoaded, root, cli, waitTotal } from './harness.mjs';

const app = useApp();
const scratch = mkdtempSync(path.join(tmpdir(), 'dmarc-lens-recovery-'));
const xml = readFileSync(path.join(root, 'tests/data/synthetic-example.com.xml'), 'utf8');

/** A report of its own id whose first record counts `count` messages (the others 3 and 5). */
function report(name, count) {
  const file = path.join(scratch, name);
  writeFileSync(file, xml.replace('synthetic-0001', `synthetic-${name}`).replace('<count>12</count>', `<count>${count}</count>`));
  return file;
}

/** The CLI's total of messages for `files`, read from its JSON text (a u64 may pass 2^53). */
function cliMessages(files) {
  const out = execFileSync(cli, ['analyze', ...files]).toString();
  return BigInt(/"totals":\s*\{[^}]*?"messages":\s*(\d+)/.exec(out)[1]);
}

/** The page's file rows: name and status, in order. */
const rowsOf = (page) => page.$$eval('[data-testid="file-row"]', (rows) => rows.map((r) => [r.dataset.file, r.dataset.status]));

/** What IndexedDB keeps of the files, in order: name, set aside, bytes. */
const keptFiles = (page) =>
  page.evaluate(async () => {
    const db = await new Promise((resolve, reject) => {
      const r = indexedDB.open('dmarc-lens');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    if (!db.objectStoreNames.contains('files')) return [];
    const all = await new Promise((resolve) => {
      const r = db.transaction('files').objectStore('files').getAll();
      r.onsuccess = () => resolve(r.result);
    });
    db.close();
    return all.map((v) => [v.name, v.set_aside === true, v.data ? v.data.byteLength > 0 : false]);
  });

async function waitKept(page, count) {
  for (let i = 0; i < 200; i++) {
    if ((await keptFiles(page)).length === count) return;
    await page.waitForTimeout(100);
  }
  assert.fail(`IndexedDB never held ${count} files: ${JSON.stringify(await keptFiles(page))}`);
}

/** Waits until loading has settled: no row pending, no cancel button. */
async function waitSettled(page, count) {
  await waitLoaded(page, count);
  await page.waitForSelector('[data-testid="cancel-loading"]', { state: 'detached' });
}

test('a count past 2^53 reaches its row, beside a good file, and both are kept', async () => {
  const good = report('good.xml', 12);
  const big = report('big.xml', '18446744073709551610');
  const files = [big, good];
  const { context, page, seen } = await openApp(app.browser, app.server);
  await page.setInputFiles('[data-testid="file-input"]', files);
  await waitSettled(page, 2);
  assert.deepEqual(await rowsOf(page), [['big.xml', 'ok'], ['good.xml', 'ok']]);
  await waitTotal(page, cliMessages(files));
  // The file's own sum of messages crossed from the worker whole, as a BigInt.
  await page.click('[data-testid="tab-files"]');
  const counts = await page.textContent('[data-testid="file-row"][data-file="big.xml"] .counts');
  assert.match(counts, /18,446,744,073,709,551,615 messages/);
  await waitKept(page, 2);

  await page.click('[data-testid="tab-overview"]');
  await page.reload();
  await waitSettled(page, 2);
  assert.deepEqual(await rowsOf(page), [['big.xml', 'ok'], ['good.xml', 'ok']]);
  await waitTotal(page, cliMessages(files));
  assert.deepEqual(seen.errors, []);
  await context.close();
});
