// Measures the app in headless Chromium and prints figures; it asserts only that the results
// are right, never a time (timed tests flake). Run: node tests/e2e/perf.mjs (after trunk build).
//  1. one generated 100,000-record report (about 70 MB of XML): drop to results;
//  2. 2,000 small reports, half .xml.gz and half .zip: drop to results, picked through the file
//     input and dropped on the drop zone, and what Chromium alone takes to hand the same files
//     to a bare page that only reads them (no app can do better); and the same reports in one zip;
//  3. a million records (ten 100,000-record reports, gzipped): load, then a period filter and a
//     switch to the possible-spoofing tab, each timed to the figures changing;
// each with the engine's own time in the worker (MB/s of XML), the longest frame the page froze
// for, and the browser's resident memory.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { serve, launch, openApp, waitLoaded, zipOf, dropFiles } from './harness.mjs';

const scratch = mkdtempSync(path.join(tmpdir(), 'dmarc-lens-perf-'));

function rng(seed) {
  let s = BigInt(seed);
  return () => {
    s ^= s << 13n; s &= 0xffffffffffffffffn;
    s ^= s >> 7n;
    s ^= s << 17n; s &= 0xffffffffffffffffn;
    return Number(s & 0xffffffn);
  };
}

function report(id, records, seed) {
  const next = rng(seed);
  const parts = [`<?xml version="1.0" encoding="UTF-8" ?>
<feedback>
  <report_metadata>
    <org_name>google.com</org_name>
    <email>noreply-dmarc-support@google.com</email>
    <extra_contact_info>https://support.google.com/a/answer/2466580</extra_contact_info>
    <report_id>${id}</report_id>
    <date_range>
      <begin>${1735689600 + (seed % 30) * 86400}</begin>
      <end>${1735775999 + (seed % 30) * 86400}</end>
    </date_range>
  </report_metadata>
  <policy_published>
    <domain>example.com</domain>
    <adkim>r</adkim>
    <aspf>r</aspf>
    <p>none</p>
    <sp>none</sp>
    <pct>100</pct>
  </policy_published>
`];
  let messages = 0;
  for (let i = 0; i < records; i++) {
    const r = next();
    const ip = r % 5 === 0 ? `2001:db8::${(r % 4096).toString(16)}` : `198.51.${(r >> 8) % 256}.${r % 256}`;
    const count = 1 + (r % 40);
    messages += count;
    const pass = r % 3 !== 0;
    parts.push(`  <record>
    <row>
      <source_ip>${ip}</source_ip>
      <count>${count}</count>
      <policy_evaluated>
        <disposition>none</disposition>
        <dkim>${pass ? 'pass' : 'fail'}</dkim>
        <spf>${r % 4 ? 'pass' : 'fail'}</spf>
      </policy_evaluated>
    </row>
    <identifiers>
      <header_from>example.com</header_from>
    </identifiers>
    <auth_results>
      <dkim>
        <domain>${pass ? 'example.com' : 'esp' + (r % 17) + '.example'}</domain>
        <result>pass</result>
        <selector>s${r % 5}</selector>
      </dkim>
      <spf>
        <domain>bounce${r % 13}.example.net</domain>
        <result>${r % 4 ? 'pass' : 'softfail'}</result>
      </spf>
    </auth_results>
  </record>
`);
  }
  parts.push('</feedback>\n');
  return { xml: Buffer.from(parts.join('')), messages };
}

/** Resident memory of the tab: the biggest of Chromium's renderer processes (the page and its
 * worker live in one; the others are spare or idle renderers), in MiB. */
function tabRssMiB() {
  try {
    const out = execFileSync('ps', ['-C', 'chromium', '-o', 'rss=,args=']).toString();
    const kib = out.split('\n').filter((l) => l.includes('--type=renderer')).map((l) => Number(l.trim().split(/\s+/)[0]));
    return Math.round(Math.max(...kib) / 1024);
  } catch { return NaN; }
}

/**
 * Watches the page's frames: `__maxFrame` is the longest gap between two frames, `__maxAfter`
 * the longest of those that began after the files reached the page (the input's `change` or the
 * drop event): Chromium builds every File before either fires, in one task no page can split.
 */
async function watchFrames(page) {
  await page.evaluate(() => {
    let last = performance.now();
    let handed = Infinity;
    for (const type of ['change', 'drop']) document.addEventListener(type, () => { handed = Math.min(handed, performance.now()); }, true);
    window.__long = [];
    const tick = (t) => {
      if (t - last > 50) window.__long.push([Math.round(last), Math.round(t - last), last >= handed, document.querySelector('[data-testid="progress"] span')?.textContent]);
      window.__maxFrame = Math.max(window.__maxFrame, t - last);
      if (last >= handed) window.__maxAfter = Math.max(window.__maxAfter, t - last);
      last = t;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await page.waitForTimeout(200);
  await page.evaluate(() => { window.__maxFrame = 0; window.__maxAfter = 0; });
}

async function frames(page) {
  return page.evaluate(() => `longest frame ${Math.round(window.__maxFrame)} ms (${Math.round(window.__maxAfter)} ms once the files reached the page)`);
}

async function measure(browser, server, label, files, expectedMessages, xmlBytes, how = 'input') {
  const { context, page } = await openApp(browser, server);
  await watchFrames(page);
  if (process.env.PERF_TRACE) {
    await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'blink', 'toplevel'] });
  }
  const startedPage = await page.evaluate(() => performance.now());
  const started = Date.now();
  if (how === 'drop') await dropFiles(context, page, files);
  else await page.setInputFiles('[data-testid="file-input"]', files);
  await waitLoaded(page, files.length);
  const want = expectedMessages.toLocaleString('en-US');
  await page.waitForFunction((n) => document.querySelector('[data-testid="total-messages"]')?.textContent === n, want, { timeout: 120_000 });
  const elapsed = Date.now() - started;
  const engineMs = Number(await page.getAttribute('[data-testid="progress"]', 'data-engine-ms'));
  const frameText = await frames(page);
  const rss = tabRssMiB();
  if (process.env.PERF_DEBUG) console.log(startedPage, await page.evaluate(() => window.__long));
  if (process.env.PERF_TRACE) printLongTasks(JSON.parse((await browser.stopTracing()).toString()).traceEvents);
  console.log(`${label} (${how === 'drop' ? 'dropped' : 'picked'}): drop to results ${elapsed} ms; engine in the worker ${Math.round(engineMs)} ms ` +
    `(${(xmlBytes / 1e6 / (engineMs / 1000)).toFixed(0)} MB/s of XML); ${frameText}; tab RSS ${rss} MiB`);
  await context.close();
}

/**
 * What Chromium alone costs for the same files: a bare page with a file input and a drop zone
 * that only reads each file's bytes and hands them to a worker that does nothing with them. No
 * app can be faster than this, nor freeze less.
 */
async function floor(browser, label, files, how) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.setContent('<input type="file" multiple id="pick"><div id="drop" style="width:400px;height:200px">drop</div>');
  await page.evaluate(() => {
    const worker = new Worker(URL.createObjectURL(new Blob(['onmessage = () => postMessage(0)'], { type: 'text/javascript' })));
    let answered = 0;
    worker.onmessage = () => { answered += 1; if (answered === window.__expected) window.__done = performance.now(); };
    const read = async (list) => {
      window.__expected = list.length;
      for (let i = 0; i < list.length; i += 8) {
        const buffers = await Promise.all([...list].slice(i, i + 8).map((f) => f.arrayBuffer()));
        for (const b of buffers) worker.postMessage(b, [b]);
      }
    };
    document.getElementById('pick').addEventListener('change', (e) => read(e.target.files));
    const drop = document.getElementById('drop');
    drop.addEventListener('dragover', (e) => e.preventDefault());
    drop.addEventListener('drop', (e) => { e.preventDefault(); read(e.dataTransfer.files); });
  });
  await watchFrames(page);
  const started = await page.evaluate(() => performance.now());
  if (how === 'drop') await dropFiles(context, page, files, '#drop');
  else await page.setInputFiles('#pick', files);
  await page.waitForFunction(() => window.__done, null, { timeout: 60_000 });
  const done = await page.evaluate(() => window.__done);
  console.log(`${label} (${how === 'drop' ? 'dropped' : 'picked'}), Chromium alone (bare page, bytes read and posted to an idle worker): ` +
    `${Math.round(done - started)} ms; ${await frames(page)}`);
  await context.close();
}

/** PERF_TRACE=1: what the page's main thread did in each task over 50 ms (Chromium's trace). */
function printLongTasks(events) {
  const main = new Set(events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const onMain = events.filter((e) => main.has(`${e.pid}:${e.tid}`) && e.ph === 'X');
  const origin = Math.min(...onMain.map((e) => e.ts));
  for (const task of onMain.filter((e) => e.name === 'ThreadControllerImpl::RunTask' && e.dur > 50_000)) {
    const inside = onMain
      .filter((e) => e !== task && e.ts >= task.ts && e.ts + e.dur <= task.ts + task.dur && e.dur > 5_000)
      .map((e) => `${e.name}${e.args?.data?.functionName ? `(${e.args.data.functionName})` : ''} ${Math.round(e.dur / 1000)}`);
    console.log(`  task at ${Math.round((task.ts - origin) / 1000)} ms, ${Math.round(task.dur / 1000)} ms: ${inside.slice(0, 14).join(' | ')}`);
  }
}

const big = report('perf-big', 100_000, 7);
const bigPath = path.join(scratch, 'google.com!example.com!big.xml');
writeFileSync(bigPath, big.xml);
const small = [];
let smallMessages = 0;
let smallBytes = 0;
const smallXml = [];
for (let i = 0; i < 2000; i++) {
  const { xml, messages } = report(`perf-small-${i}`, 1 + (i % 20), 1000 + i);
  smallXml.push([`r${i}.xml`, xml]);
  smallMessages += messages;
  smallBytes += xml.length;
  const file = path.join(scratch, i % 2 ? `r${i}.xml.gz` : `r${i}.zip`);
  writeFileSync(file, i % 2 ? gzipSync(xml) : zipOf([[`r${i}.xml`, xml]]));
  small.push(file);
}
// The same 2,000 reports as one zip, as a mail client's "save all attachments" can make them.
const oneZip = path.join(scratch, 'reports.zip');
writeFileSync(oneZip, zipOf(smallXml));
console.log(`inputs: big report ${(statSync(bigPath).size / 1e6).toFixed(1)} MB; 2,000 small reports ${(smallBytes / 1e6).toFixed(1)} MB of XML`);

/** Ten 100,000-record reports over ten days; after loading, time a filter and a tab switch. */
async function million(browser, server) {
  const files = [];
  let messages = 0;
  const perDay = [];
  for (let i = 0; i < 10; i++) {
    const r = report(`perf-million-${i}`, 100_000, 31 + i);
    messages += r.messages;
    perDay.push([(31 + i) % 30, r.messages]);
    const file = path.join(scratch, `million-${i}.xml.gz`);
    writeFileSync(file, gzipSync(r.xml, { level: 1 }));
    files.push(file);
  }
  const { context, page } = await openApp(browser, server);
  const started = Date.now();
  await page.setInputFiles('[data-testid="file-input"]', files);
  await waitLoaded(page, files.length);
  await page.waitForFunction((n) => document.querySelector('[data-testid="total-messages"]')?.textContent === n, messages.toLocaleString('en-US'), { timeout: 300_000 });
  const loaded = Date.now() - started;
  await page.waitForTimeout(1000);
  await watchFrames(page);
  // Days 2025-01-02 to 2025-01-05 (begin days 1 to 4).
  const want = perDay.filter(([d]) => d >= 1 && d <= 4).reduce((a, [, m]) => a + m, 0);
  const t0 = Date.now();
  await page.fill('[data-testid="filter-from"]', '2025-01-02');
  await page.fill('[data-testid="filter-to"]', '2025-01-05');
  await page.waitForFunction((n) => document.querySelector('[data-testid="total-messages"]')?.textContent === n, want.toLocaleString('en-US'), { timeout: 60_000 });
  const filtered = Date.now() - t0;
  const t1 = Date.now();
  await page.click('[data-testid="tab-spoofing"]');
  await page.waitForSelector('[data-testid="suspect-row"]');
  const spoofing = Date.now() - t1;
  const maxFrame = await page.evaluate(() => window.__maxFrame);
  console.log(`a million records: loaded in ${loaded} ms; period filter to new figures ${filtered} ms; possible-spoofing tab ${spoofing} ms; ` +
    `longest frame meanwhile ${Math.round(maxFrame)} ms; tab RSS ${tabRssMiB()} MiB`);
  await context.close();
}

const server = await serve();
const browser = await launch();
try {
  if (!process.env.PERF_SMALL) await measure(browser, server, '100,000-record report', [bigPath], big.messages, big.xml.length);
  await measure(browser, server, '2,000 small .xml.gz/.zip reports', small, smallMessages, smallBytes);
  await measure(browser, server, '2,000 small .xml.gz/.zip reports', small, smallMessages, smallBytes, 'drop');
  await measure(browser, server, 'the same 2,000 reports in one .zip', [oneZip], smallMessages, smallBytes);
  await floor(browser, '2,000 small .xml.gz/.zip reports', small, 'input');
  await floor(browser, '2,000 small .xml.gz/.zip reports', small, 'drop');
  if (!process.env.PERF_QUICK && !process.env.PERF_SMALL) await million(browser, server);
} finally {
  await browser.close();
  server.close();
}
