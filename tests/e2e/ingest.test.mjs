// The first slice of the app, as a person uses it: pick report files, see one row per file with
// its reports or why it did not load, the same as the CLI says for the same files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { useApp, openApp, waitLoaded, cliAnalyze, corpusFiles, screenshot, root, zipOf, fmt, waitTotal, dropFiles } from './harness.mjs';

const app = useApp();
const scratch = mkdtempSync(path.join(tmpdir(), 'dmarc-lens-e2e-'));

/** Our own small files, plus a gzip of one, made here rather than committed. */
function ownFiles() {
  const data = path.join(root, 'tests/data');
  const xml = path.join(data, 'synthetic-example.com.xml');
  const gz = path.join(scratch, 'synthetic-example.com.xml.gz');
  writeFileSync(gz, gzipSync(readFileSync(xml)));
  return [xml, gz, path.join(data, 'not-a-report.txt'), path.join(data, 'empty.xml')];
}

function foreignRequests(seen) {
  return seen.requests.filter((u) => !u.startsWith(app.server.origin) && !u.startsWith('data:') && !u.startsWith('blob:'));
}

test('the page starts with no CSP violation, no error and no request to another host', async () => {
  const { context, page, seen, violations } = await openApp(app.browser, app.server);
  await page.waitForSelector('[data-testid="drop-zone"]');
  // The worker must start too: it posts "ready" only after its wasm runs.
  await page.setInputFiles('[data-testid="file-input"]', ownFiles()[0]);
  await waitLoaded(page, 1);
  assert.deepEqual(await violations(), []);
  assert.deepEqual(seen.errors, []);
  assert.deepEqual(foreignRequests(seen), []);
  await context.close();
});

test('every file gets a row whose status, reports and error match the CLI', async () => {
  const files = [...corpusFiles(), ...ownFiles()];
  const expected = cliAnalyze(files);
  const { context, page, seen, violations } = await openApp(app.browser, app.server);
  await page.setInputFiles('[data-testid="file-input"]', files);
  await waitLoaded(page, files.length);
  // Rows always carry their status; the Files tab shows their reports and errors.
  await page.click('[data-testid="tab-files"]');
  const rows = await page.$$eval('[data-testid="file-row"]', (els) =>
    els.map((el) => ({
      file: el.dataset.file,
      status: el.dataset.status,
      reports: el.querySelectorAll('.report').length,
      duplicates: el.querySelectorAll('.report.duplicate').length,
      error: el.querySelector('[data-testid="file-error"] .detail')?.textContent ?? null,
    })),
  );
  assert.equal(rows.length, files.length);
  expected.files.forEach((want, i) => {
    const name = path.basename(want.file);
    const got = rows[i];
    assert.equal(got.file, name);
    assert.equal(got.status, want.status, `${name}: status`);
    assert.equal(got.reports, want.reports.length, `${name}: reports`);
    assert.equal(got.duplicates, want.reports.filter((r) => r.duplicate).length, `${name}: duplicates`);
    // The page writes numbers in sentences as its cards do ("line 1,234"), the CLI plainly.
    const plain = (sentence) => sentence?.replace(/(?<=\d),(?=\d{3}(?!\d))/g, '') ?? null;
    assert.equal(plain(got.error), want.error === null ? null : want.error.replace(want.file, name), `${name}: error`);
  });
  const progress = await page.$eval('[data-testid="progress"] progress', (p) => [p.value, p.max]);
  assert.deepEqual(progress, [files.length, files.length]);
  await screenshot(page, 'files-en');

  // The files that did not load (or loaded before) are counted beside the progress bar, on every
  // tab; a count opens the Files tab showing those files only, and "all" shows every row again.
  const names = (status) => expected.files.filter((f) => f.status === status).map((f) => path.basename(f.file));
  const visible = () => page.$$eval('[data-testid="file-row"]', (els) => els.filter((el) => el.offsetParent !== null).map((el) => el.dataset.file));
  await page.click('[data-testid="tab-overview"]');
  for (const status of ['error', 'duplicate']) {
    const want = names(status);
    assert.ok(want.length > 0, `the files include a ${status}`);
    assert.match(await page.textContent(`[data-testid="files-${status}"]`), new RegExp(`^${want.length} `));
    await page.click(`[data-testid="files-${status}"]`);
    assert.equal(await page.getAttribute('[data-testid="tab-files"]', 'aria-selected'), 'true');
    assert.deepEqual(await visible(), want);
    assert.match(await page.textContent(`[data-testid="files-filter-${status}"]`), new RegExp(`\\(${want.length}\\)`));
    await page.click('[data-testid="tab-overview"]');
  }
  await page.click('[data-testid="tab-files"]');
  await page.click('[data-testid="files-filter-all"]');
  assert.equal((await visible()).length, files.length);
  assert.deepEqual(await violations(), []);
  assert.deepEqual(seen.errors, []);
  assert.deepEqual(foreignRequests(seen), []);
  await context.close();
});

test('hundreds of files suggest one zip, and one zip of them gives the same figures', async () => {
  const xml = readFileSync(path.join(root, 'tests/data/synthetic-example.com.xml'), 'utf8');
  const entries = Array.from({ length: 500 }, (_, i) => [`r${i}.xml`, Buffer.from(xml.replace('synthetic-0001', `many-${i}`))]);
  const paths = entries.map(([name, data]) => {
    const file = path.join(scratch, `${name}.gz`);
    writeFileSync(file, gzipSync(data));
    return file;
  });
  const zip = path.join(scratch, 'many.zip');
  writeFileSync(zip, zipOf(entries));
  const expected = cliAnalyze(paths);
  assert.equal(expected.totals.reports, 500);
  assert.deepEqual(cliAnalyze([zip]).totals, expected.totals);

  const { context, page } = await openApp(app.browser, app.server);
  await page.setInputFiles('[data-testid="file-input"]', paths.slice(0, 499));
  await waitLoaded(page, 499);
  assert.equal(await page.isVisible('[data-testid="many-files-tip"]'), false);
  await page.setInputFiles('[data-testid="file-input"]', paths.slice(499));
  await waitLoaded(page, 500);
  assert.equal(await page.isVisible('[data-testid="many-files-tip"]'), true);
  await waitTotal(page, expected.totals.messages);
  await context.close();

  const fresh = await openApp(app.browser, app.server);
  await fresh.page.setInputFiles('[data-testid="file-input"]', zip);
  await waitLoaded(fresh.page, 1);
  await waitTotal(fresh.page, expected.totals.messages);
  assert.equal(await fresh.page.textContent('[data-testid="total-reports"]'), fmt(500));
  assert.equal(await fresh.page.isVisible('[data-testid="many-files-tip"]'), false);
  await fresh.context.close();
});

test('a dropped or chosen folder loads the files inside it and its subfolders', async () => {
  // A folder of reports as a mail client saves them, dropped with a loose file beside it.
  const folder = path.join(scratch, 'dmarc-reports');
  mkdirSync(path.join(folder, '2025-02'), { recursive: true });
  const [xml, gz, text] = ownFiles();
  copyFileSync(gz, path.join(folder, 'b.xml.gz'));
  copyFileSync(text, path.join(folder, '2025-02', 'notes.txt'));
  const corpus = corpusFiles().slice(0, 3);
  corpus.forEach((file, i) => copyFileSync(file, path.join(folder, '2025-02', `c${i}-${path.basename(file)}`)));
  writeFileSync(path.join(folder, '.DS_Store'), 'finder junk');
  // In path order (the subfolder's files sort before b.xml.gz); .DS_Store is left out.
  const inside = [path.join(folder, '2025-02', 'notes.txt'), ...corpus.map((file, i) => path.join(folder, '2025-02', `c${i}-${path.basename(file)}`)), path.join(folder, 'b.xml.gz')]
    .sort((a, b) => (a < b ? -1 : 1));
  const expected = cliAnalyze([xml, ...inside]);

  const { context, page } = await openApp(app.browser, app.server);
  await dropFiles(context, page, [xml, folder]);
  await waitLoaded(page, inside.length + 1);
  const rows = await page.$$eval('[data-testid="file-row"]', (els) => els.map((el) => [el.dataset.file, el.dataset.status]));
  assert.deepEqual(rows, expected.files.map((f) => [path.basename(f.file), f.status]));
  await waitTotal(page, expected.totals.messages);
  await context.close();

  // "Choose a folder" gives the same, without the loose file.
  const picked = cliAnalyze(inside);
  const second = await openApp(app.browser, app.server);
  await second.page.setInputFiles('[data-testid="folder-input"]', folder);
  await waitLoaded(second.page, inside.length);
  const pickedRows = await second.page.$$eval('[data-testid="file-row"]', (els) => els.map((el) => [el.dataset.file, el.dataset.status]));
  assert.deepEqual(pickedRows, picked.files.map((f) => [path.basename(f.file), f.status]));
  await waitTotal(second.page, picked.totals.messages);
  await second.context.close();
});

test('the language toggle shows Japanese and is remembered', async () => {
  const { context, page } = await openApp(app.browser, app.server, { locale: 'en-US' });
  await page.setInputFiles('[data-testid="file-input"]', ownFiles());
  await waitLoaded(page, 4);
  await page.click('[data-testid="tab-files"]');
  assert.match(await page.textContent('h2'), /Files/);
  await page.click('[data-testid="lang-toggle"]');
  assert.match(await page.textContent('h2'), /ファイル/);
  assert.match(await page.textContent('[data-testid="file-row"][data-status="ok"]'), /読み込み完了/);
  assert.equal(await page.getAttribute('html', 'lang'), 'ja');
  await screenshot(page, 'files-ja');
  await page.reload();
  await page.waitForSelector('[data-testid="drop-zone"]');
  assert.match(await page.textContent('h2'), /ファイル/);
  await context.close();
});

test('a Japanese browser starts in Japanese', async () => {
  const { context, page } = await openApp(app.browser, app.server, { locale: 'ja-JP' });
  await page.waitForSelector('[data-testid="drop-zone"]');
  assert.match(await page.textContent('[data-testid="drop-zone"]'), /ドロップ/);
  await context.close();
});

test('markup inside a report is shown as text and never runs', async () => {
  const xml = readFileSync(path.join(root, 'tests/data/synthetic-example.com.xml'), 'utf8')
    .replace('Synthetic Receiver', '&lt;img src=x onerror="window.__pwned=1"&gt;&lt;script&gt;window.__pwned=2&lt;/script&gt;')
    .replace('<report_id>synthetic-0001', '<report_id>&lt;b onmouseover=alert(1)&gt;id')
    .replace('<domain>example.com</domain><adkim>', '<domain>&lt;svg onload=window.__pwned=3&gt;</domain><adkim>');
  const file = path.join(scratch, 'hostile-markup.xml');
  writeFileSync(file, xml);
  const { context, page, violations } = await openApp(app.browser, app.server);
  await page.setInputFiles('[data-testid="file-input"]', file);
  await waitLoaded(page, 1);
  await page.click('[data-testid="tab-files"]');
  const text = await page.textContent('[data-testid="file-row"]');
  assert.match(text, /<img src=x onerror=/);
  assert.match(text, /<svg onload=/);
  assert.equal(await page.$$eval('[data-testid="file-row"] img, [data-testid="file-row"] svg, [data-testid="file-row"] script', (e) => e.length), 0);
  assert.equal(await page.evaluate(() => window.__pwned ?? null), null);
  assert.deepEqual(await violations(), []);
  await context.close();
});
