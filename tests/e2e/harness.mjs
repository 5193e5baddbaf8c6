// Shared set-up for the end-to-end tests: serve the built app on loopback, start Debian's
// Chromium headless through playwright-core, and watch every request and CSP violation.
import { spawn, execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateRawSync, crc32 } from 'node:zlib';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const root = path.resolve(here, '../..');
export const dist = process.env.DMARC_LENS_DIST ?? path.join(root, 'dist');
export const cli = process.env.DMARC_LENS_CLI ?? path.join(root, 'target/release/dmarc-lens');
export const corpus = path.resolve(root, '../shared/corpus/files');
export const screenshots = path.join(here, 'screenshots');

async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** Serves dist/ on a free loopback port; resolves once it answers. */
export async function serve() {
  if (!existsSync(path.join(dist, 'index.html'))) throw new Error(`no built app in ${dist}: run trunk build`);
  const port = await freePort();
  const proc = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', dist], {
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}/`;
  for (let i = 0; i < 100; i++) {
    try {
      const res = await fetch(url);
      if (res.ok) return { url, origin: `http://127.0.0.1:${port}`, close: () => proc.kill() };
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  proc.kill();
  throw new Error('static server did not start');
}

export const chromiumArgs = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run',
];

export async function launch() {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
}

/**
 * For a test file: serves the built app and starts Chromium before its tests, and stops both
 * after them. Returns `{ server, browser }`, filled in once the tests start.
 */
export function useApp() {
  const app = {};
  before(async () => {
    app.server = await serve();
    app.browser = await launch();
  });
  after(async () => {
    await app.browser?.close();
    app.server?.close();
  });
  return app;
}

/**
 * Runs `prelude` inside the parsing worker of every page of `context`, before the app's own
 * worker code: the built loader is served with it in front. A test's message listener added there
 * hears each message before the app's worker does, and can hold it or stand in for a crash. The
 * page's code under test is the shipped one.
 */
export async function hookWorker(context, prelude) {
  const loader = readFileSync(path.join(dist, 'worker-loader.js'), 'utf8');
  await context.route('**/worker-loader.js', (route) =>
    route.fulfill({ contentType: 'text/javascript', body: `${prelude}\n${loader}` }),
  );
}

/**
 * Opens the app in a fresh context and records requests, CSP violations and page errors.
 * `locale` sets the browser language the app starts in; `worker` is a prelude for `hookWorker`.
 */
export async function openApp(browser, server, { locale = 'en-US', worker } = {}) {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
  if (worker) await hookWorker(context, worker);
  const page = await context.newPage();
  const seen = { requests: [], violations: [], errors: [] };
  context.on('request', (req) => seen.requests.push(req.url()));
  page.on('pageerror', (err) => seen.errors.push(String(err)));
  page.on('console', (msg) => { if (msg.type() === 'error') seen.errors.push(msg.text()); });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window.__cspViolations ??= []).push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  await page.goto(server.url);
  await page.waitForSelector('[data-testid="file-input"]', { state: 'attached' });
  const violations = async () => page.evaluate(() => window.__cspViolations ?? []);
  return { context, page, seen, violations };
}

/** Waits until no file row is pending. */
export async function waitLoaded(page, count) {
  await page.waitForFunction(
    (n) => {
      const rows = [...document.querySelectorAll('[data-testid="file-row"]')];
      return rows.length === n && rows.every((r) => r.dataset.status !== 'pending');
    },
    count,
    { timeout: 60_000 },
  );
}

/** Runs the CLI over the same files, in the same order, and returns its JSON. */
export function cliAnalyze(files, extra = []) {
  const out = execFileSync(cli, ['analyze', ...extra, ...files], { maxBuffer: 1 << 28 });
  return JSON.parse(out.toString());
}

/** Every corpus file (recursively), sorted, or [] when the corpus is absent. */
export function corpusFiles() {
  if (!existsSync(corpus)) return [];
  const out = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) walk(p); else out.push(p);
    }
  };
  walk(corpus);
  return out;
}

export async function screenshot(page, name) {
  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage: true });
}

/** Files of one folder (the corpus, or tests/data without it), by name, so the CLI run inside
 * the folder names them as the page does. */
export function folderFiles() {
  const dir = statSync(corpus, { throwIfNoEntry: false })?.isDirectory() ? corpus : path.join(root, 'tests/data');
  const names = readdirSync(dir).filter((n) => statSync(path.join(dir, n)).isFile()).sort();
  return { dir, names, paths: names.map((n) => path.join(dir, n)) };
}

/** `dmarc-lens analyze` run inside `dir` over `names`: its JSON text. */
export function cliIn(dir, names, flags = []) {
  return execFileSync(cli, ['analyze', ...flags, ...names], { cwd: dir, maxBuffer: 1 << 28 }).toString().trim();
}

/** A count as the English page writes it. */
export const fmt = (n) => n.toLocaleString('en-US');

/** Waits until the overview's total is `messages` (an interim analysis may show first). */
export async function waitTotal(page, messages, timeout = 60_000) {
  await page.waitForFunction((n) => document.querySelector('[data-testid="total-messages"]')?.textContent === n, fmt(messages), { timeout });
}

/** The failure-pattern table as the page shows it. */
export async function readPatterns(page) {
  await page.click('[data-testid="tab-patterns"]');
  await page.waitForSelector('[data-testid="pattern-row"]');
  return page.$$eval('[data-testid="pattern-row"]', (rows) =>
    rows.map((r) => ({ pattern: +r.dataset.pattern, messages: +r.dataset.messages, tagged: +r.dataset.tagged, untagged: +r.dataset.untagged })),
  );
}

/** A zip of `[name, data]` entries, each deflated. */
export function zipOf(entries) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const [name, data] of entries) {
    const body = deflateRawSync(data);
    const crc = crc32(data);
    const nameBuf = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14); local.writeUInt32LE(body.length, 18); local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(20, 4); central.writeUInt16LE(20, 6); central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16); central.writeUInt32LE(body.length, 20); central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBuf.length, 28); central.writeUInt32LE(offset, 42);
    locals.push(local, nameBuf, body);
    centrals.push(central, nameBuf);
    offset += 30 + nameBuf.length + body.length;
  }
  const size = centrals.reduce((a, b) => a + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(entries.length, 8); end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(size, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}

/** Drops files on the drop zone as a person does from a file manager (Chromium's own drag and
 * drop, through the DevTools protocol), rather than setting the file input's files. */
export async function dropFiles(context, page, files, target = '[data-testid="drop-zone"]') {
  const cdp = await context.newCDPSession(page);
  const box = await page.locator(target).boundingBox();
  const at = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  const data = { items: [], files, dragOperationsMask: 1 };
  for (const type of ['dragEnter', 'dragOver', 'drop']) {
    await cdp.send('Input.dispatchDragEvent', { type, ...at, data });
  }
}
