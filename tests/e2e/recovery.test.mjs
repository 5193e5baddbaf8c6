// The page survives what goes wrong in its worker: a result with numbers past 2^53 still reaches
// its row; a worker that dies while reading a file (a wasm trap aborts it; memory runs out) is
// replaced, the file it was reading is set aside and named, the files loaded before stay loaded
// and kept, and the batch goes on; a kept file that kills the worker, or the whole tab, is not
// read again at the next visit.
//
// The deaths are simulated inside the shipped worker: the test serves its loader with a message
// listener of its own in front (`hookWorker`), which takes the message for a chosen file away
// from the app's worker and throws (an `error` event at the page's Worker, as a trap gives) or
// never lets the worker answer again (a stuck worker). The page's code is the shipped one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { useApp, openApp, hookWorker, waitLoaded, screenshot, root, cli, fmt, waitTotal } from './harness.mjs';

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

/** Ends the tabs of this test's browser as the system does when memory runs out: their renderer
 * processes are killed. (DevTools' `Page.crash` ends this headless browser whole.) Only the
 * renderers of the browser this test process started, told by its profile folder (a zygote that
 * forks them may have left the process tree); its only tabs are the test's. Resolves once they
 * are gone, so no new tab is given a dying one. */
async function killTabs() {
  const list = () => execFileSync('ps', ['-eo', 'pid=,ppid=,args=']).toString().split('\n').filter(Boolean)
    .map((line) => { const [pid, ppid, ...args] = line.trim().split(/\s+/); return { pid: +pid, ppid: +ppid, args: args.join(' ') }; });
  const procs = list();
  const browser = procs.find((p) => p.ppid === process.pid && p.args.includes('--user-data-dir='));
  assert.ok(browser, 'the test started a browser');
  const profile = /--user-data-dir=\S+/.exec(browser.args)[0];
  const tabs = procs.filter((p) => p.args.includes('--type=renderer') && p.args.includes(profile) && !p.args.includes('--top-chrome-webui'));
  assert.ok(tabs.length > 0, 'the browser has tabs');
  for (const { pid } of tabs) {
    try { process.kill(pid, 'SIGKILL'); } catch {}
  }
  const pids = new Set(tabs.map((t) => t.pid));
  while (list().some((p) => pids.has(p.pid))) await new Promise((r) => setTimeout(r, 50));
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

// In the worker: the message with the bytes of a file named `crash-me…` is taken from the app's
// worker, and the worker throws, as a wasm trap or an allocation failure makes it do; like an
// aborted wasm, it answers nothing after that.
const crashOnFile = `
self.addEventListener('message', (event) => {
  const data = event.data;
  if (self.dead || (data && data.kind === 'load' && data.buffer && String(data.name).includes('crash-me'))) {
    event.stopImmediatePropagation();
    if (!self.dead) setTimeout(() => { throw new Error('simulated abort'); });
    self.dead = true;
  }
});`;

// In the worker: from the bytes of a file named `hang-me…` on, the worker answers nothing more,
// as one stuck in a file would.
const hangOnFile = `
self.addEventListener('message', (event) => {
  const data = event.data;
  if (self.stuck || (data && data.kind === 'load' && data.buffer && String(data.name).includes('hang-me'))) {
    self.stuck = true;
    event.stopImmediatePropagation();
  }
});`;

test('a count past 2^53 no longer stalls its row: it is skipped as implausible, beside a good file, and both are kept', async () => {
  const good = report('good.xml', 12);
  const big = report('big.xml', '18446744073709551610');
  const files = [big, good];
  const { context, page, seen } = await openApp(app.browser, app.server);
  await page.setInputFiles('[data-testid="file-input"]', files);
  await waitSettled(page, 2);
  assert.deepEqual(await rowsOf(page), [['big.xml', 'ok'], ['good.xml', 'ok']]);
  await waitTotal(page, cliMessages(files));
  // The engine skips a record counting more than 2^32 - 1 messages (no receiver reports that
  // many), so the row settles with the others' figures; numbers past 2^53 that still cross from
  // the worker (a file's sum over millions of records) travel as BigInts.
  await page.click('[data-testid="tab-files"]');
  const counts = await page.textContent('[data-testid="file-row"][data-file="big.xml"] .counts');
  assert.doesNotMatch(counts, /18,446,744/);
  assert.match(counts, /messages/);
  await waitKept(page, 2);

  await page.click('[data-testid="tab-overview"]');
  await page.reload();
  await waitSettled(page, 2);
  assert.deepEqual(await rowsOf(page), [['big.xml', 'ok'], ['good.xml', 'ok']]);
  await waitTotal(page, cliMessages(files));
  assert.deepEqual(seen.errors, []);
  await context.close();
});

test('a worker that dies reading a file is replaced: that file is set aside, the others load', async () => {
  const before = report('before.xml', 100);
  const crash = report('crash-me.xml', 1000);
  const after = report('after.xml', 10000);
  const { context, page } = await openApp(app.browser, app.server, { worker: crashOnFile });
  const workers = [];
  page.on('worker', (w) => workers.push(w));
  await page.setInputFiles('[data-testid="file-input"]', [before, crash, after]);
  await waitSettled(page, 3);
  assert.deepEqual(await rowsOf(page), [['before.xml', 'ok'], ['crash-me.xml', 'error'], ['after.xml', 'ok']]);
  assert.equal(workers.length, 1, 'one new worker');
  // The file loaded before the death is in the new worker's figures, and so is the one after.
  await waitTotal(page, cliMessages([before, after]));
  const stopped = page.locator('[data-testid="parser-stopped"]');
  assert.equal(await stopped.count(), 1);
  assert.equal(await stopped.getAttribute('data-file'), 'crash-me.xml');
  assert.match(await stopped.textContent(), /^crash-me\.xml: loading this file stopped the parser; it was set aside\./);
  await page.click('[data-testid="tab-files"]');
  const row = page.locator('[data-testid="file-row"][data-file="crash-me.xml"]');
  assert.match(await row.locator('[data-testid="file-error"]').textContent(), /stopped the parser, so it was set aside.*crash-me\.xml: loading this file stopped the parser; it was set aside/);
  assert.match(await page.textContent('[data-testid="files-error"]'), /^1 /);
  await screenshot(page, 'parser-stopped-en');
  await page.click('[data-testid="lang-toggle"]');
  assert.match(await stopped.textContent(), /^「crash-me\.xml」の読み込み中に解析処理が停止したため/);
  await screenshot(page, 'parser-stopped-ja');
  await page.click('[data-testid="lang-toggle"]');
  await page.click('[data-testid="tab-overview"]');

  // Every file stays kept, the one set aside as set aside; the next visit reads it no more (the
  // worker would die again) and shows it as not loaded.
  await waitKept(page, 3);
  assert.deepEqual(await keptFiles(page), [['before.xml', false, true], ['crash-me.xml', true, false], ['after.xml', false, true]]);
  await page.reload();
  await waitSettled(page, 3);
  assert.deepEqual(await rowsOf(page), [['before.xml', 'ok'], ['crash-me.xml', 'error'], ['after.xml', 'ok']]);
  await waitTotal(page, cliMessages([before, after]));
  assert.equal(await page.locator('[data-testid="parser-stopped"]').count(), 0);
  await context.close();
});

// In the worker: every analysis kills it (no file to blame; a new worker would die the same way).
const crashOnAnalysis = `
self.addEventListener('message', (event) => {
  if (self.dead || (event.data && event.data.analyze)) {
    event.stopImmediatePropagation();
    if (!self.dead) setTimeout(() => { throw new Error('simulated abort'); });
    self.dead = true;
  }
});`;

test('a worker that dies again and again over no file is not started for ever', async () => {
  const { context, page } = await openApp(app.browser, app.server, { worker: crashOnAnalysis });
  const workers = [];
  page.on('worker', (w) => workers.push(w));
  await page.setInputFiles('[data-testid="file-input"]', report('calm.xml', 12));
  await page.waitForSelector('[data-testid="worker-failed"]');
  assert.match(await page.textContent('[data-testid="worker-failed"]'), /stopped again and again/);
  assert.equal(workers.length, 2, 'two new workers, then none');
  await page.waitForTimeout(500);
  assert.equal(workers.length, 2);
  await screenshot(page, 'worker-gave-up-en');
  await page.click('[data-testid="lang-toggle"]');
  assert.match(await page.textContent('[data-testid="worker-failed"]'), /繰り返し停止/);
  await screenshot(page, 'worker-gave-up-ja');
  await context.close();
});

test('a kept file that kills the worker at a later visit is set aside once, not at every visit', async () => {
  const first = report('first.xml', 100);
  const crash = report('crash-me-later.xml', 1000);
  const last = report('last.xml', 10000);
  const { context, page } = await openApp(app.browser, app.server);
  await page.setInputFiles('[data-testid="file-input"]', [first, crash, last]);
  await waitSettled(page, 3);
  await waitTotal(page, cliMessages([first, crash, last]));
  await waitKept(page, 3);

  // From now on that file kills the worker (as a new engine bug might).
  await hookWorker(context, crashOnFile);
  await page.reload();
  await waitSettled(page, 3);
  assert.deepEqual(await rowsOf(page), [['first.xml', 'ok'], ['crash-me-later.xml', 'error'], ['last.xml', 'ok']]);
  assert.equal(await page.getAttribute('[data-testid="parser-stopped"]', 'data-file'), 'crash-me-later.xml');
  await waitTotal(page, cliMessages([first, last]));
  await page.waitForFunction(async () => {
    const db = await new Promise((resolve) => { const r = indexedDB.open('dmarc-lens'); r.onsuccess = () => resolve(r.result); });
    const all = await new Promise((resolve) => { const r = db.transaction('files').objectStore('files').getAll(); r.onsuccess = () => resolve(r.result); });
    db.close();
    return all.some((v) => v.name === 'crash-me-later.xml' && v.set_aside === true);
  });

  await page.reload();
  await waitSettled(page, 3);
  assert.deepEqual(await rowsOf(page), [['first.xml', 'ok'], ['crash-me-later.xml', 'error'], ['last.xml', 'ok']]);
  assert.equal(await page.locator('[data-testid="parser-stopped"]').count(), 0, 'the worker did not die again');
  await waitTotal(page, cliMessages([first, last]));
  await context.close();
});

test('a kept file the tab died reading is set aside at the next visit', async () => {
  const first = report('first.xml', 100);
  const hang = report('hang-me.xml', 1000);
  const last = report('last.xml', 10000);
  const { context, page } = await openApp(app.browser, app.server);
  await page.setInputFiles('[data-testid="file-input"]', [first, hang, last]);
  await waitSettled(page, 3);
  await waitKept(page, 3);

  // The worker gets stuck in that file, and the tab dies (as when the system kills it for its
  // memory): no page is left to see which file it was, but the mark says.
  await hookWorker(context, hangOnFile);
  await page.reload();
  await page.waitForFunction(() =>
    Object.keys(localStorage).some((k) => k.startsWith('dmarc-lens.reading.') && JSON.parse(localStorage.getItem(k)).name === 'hang-me.xml'),
  );
  assert.deepEqual(await rowsOf(page), [['first.xml', 'ok'], ['hang-me.xml', 'pending'], ['last.xml', 'pending']]);
  // A second tab opened meanwhile sees a living tab's mark: it sets nothing aside (and gets stuck
  // in the same file, which its own mark then says).
  const other = await context.newPage();
  await other.goto(app.server.url);
  const marksOf = (p) => p.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('dmarc-lens.reading.')).map((k) => JSON.parse(localStorage.getItem(k)).name));
  await other.waitForFunction(() => Object.keys(localStorage).filter((k) => k.startsWith('dmarc-lens.reading.') && JSON.parse(localStorage.getItem(k)).name === 'hang-me.xml').length === 2);
  assert.deepEqual(await rowsOf(other), [['first.xml', 'ok'], ['hang-me.xml', 'pending'], ['last.xml', 'pending']]);
  assert.deepEqual((await keptFiles(other)).map(([, setAside]) => setAside), [false, false, false]);
  // Left normally, it takes its mark away.
  await other.close();
  await page.waitForFunction(() => Object.keys(localStorage).filter((k) => k.startsWith('dmarc-lens.reading.')).length === 1);
  assert.deepEqual(await marksOf(page), ['hang-me.xml']);
  const crashed = page.waitForEvent('crash');
  await killTabs();
  await crashed;

  const next = await context.newPage();
  await next.goto(app.server.url);
  await waitSettled(next, 3);
  assert.deepEqual(await rowsOf(next), [['first.xml', 'ok'], ['hang-me.xml', 'error'], ['last.xml', 'ok']]);
  await waitTotal(next, cliMessages([first, last]));
  await next.click('[data-testid="tab-files"]');
  assert.match(await next.textContent('[data-testid="file-row"][data-file="hang-me.xml"] [data-testid="file-error"]'), /set aside/);
  assert.deepEqual(await next.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('dmarc-lens.reading.'))), []);
  await context.close();
});
