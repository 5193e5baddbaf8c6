// Readiness over time, what changed and what receivers said, as a person reads them on the Policy
// and history tab. The month below is generated here and every figure is worked out by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { useApp, openApp, waitLoaded, waitTotal, cliAnalyze, screenshot } from './harness.mjs';

const app = useApp();

const GMAIL = 'Sender requirement failed: 550-5.7.26 This mail has been blocked because the sender is unauthenticated.';

/** A record of example.com: `fate` is pass, p1 (both pass, neither aligned) or p4 (nothing passes). */
function record(ip, count, fate, reason, signer = 'esp.example') {
  const dmarc = fate === 'pass' ? 'pass' : 'fail';
  const auth = fate === 'p4' ? 'fail' : 'pass';
  const why = reason ? `<reason><type>${reason[0]}</type><comment>${reason[1]}</comment></reason>` : '';
  return `<record><row><source_ip>${ip}</source_ip><count>${count}</count><policy_evaluated><disposition>none</disposition>` +
    `<dkim>${dmarc}</dkim><spf>${dmarc}</spf>${why}</policy_evaluated></row><identifiers><header_from>example.com</header_from></identifiers>` +
    `<auth_results><dkim><domain>${signer}</domain><result>${auth}</result></dkim><spf><domain>${signer}</domain><result>${auth}</result></spf></auth_results></record>`;
}

const nov = (day) => Date.UTC(2026, 10, day) / 1000;

/** One reporter's report of 2026-11-`day`. From the 10th the record also publishes sp=quarantine. */
function report(org, day, records) {
  const sp = day >= 10 ? '<sp>quarantine</sp>' : '';
  return `<?xml version="1.0"?><feedback><report_metadata><org_name>${org}</org_name><email>dmarc@${org}</email>` +
    `<report_id>${org}-${day}</report_id><date_range><begin>${nov(day)}</begin><end>${nov(day) + 86399}</end></date_range></report_metadata>` +
    `<policy_published><domain>example.com</domain><p>none</p>${sp}</policy_published>${records.join('')}</feedback>`;
}

/** November 2026, example.com at p=none; "Newsletter" is 192.0.2.10.
 * - google.com and Outlook.com report every day: the newsletter's 100 passing messages, and
 *   until the 15th (when it was fixed) 10 more failing pattern 1;
 * - google.com sees 198.51.100.7 send 5 passing messages a day until the 10th (then it goes
 *   silent), and from the 20th 203.0.113.50 send 30 failing pattern 4 a day (new), with
 *   Gmail's "Sender requirement failed ... 5.7.26" as a local_policy reason on the 25th; and
 *   from the 25th SendGrid's 167.89.0.1 sends 4 a day signed for sendgrid.net, not aligned
 *   (pattern 1, a service not set up);
 * - Yahoo reports the newsletter's 50 a day until the 12th, then stops.
 * The window is the 14 days from the 17th to the 30th: 2,800 newsletter messages all passing,
 * 330 failing from the new source and 6 x 4 = 24 from SendGrid; the 14 days before (3rd to
 * 16th) 3,600 messages, 260 failing. */
function month() {
  const files = [];
  for (let day = 1; day <= 30; day++) {
    for (const org of ['google.com', 'Outlook.com']) {
      const records = [record('192.0.2.10', 100, 'pass')];
      if (day <= 15) records.push(record('192.0.2.10', 10, 'p1'));
      if (org === 'google.com' && day <= 10) records.push(record('198.51.100.7', 5, 'pass'));
      if (org === 'google.com' && day >= 20) {
        records.push(record('203.0.113.50', 30, 'p4', day === 25 ? ['local_policy', GMAIL] : null));
      }
      if (org === 'google.com' && day >= 25) records.push(record('167.89.0.1', 4, 'p1', null, 'sendgrid.net'));
      files.push([`${org}-${day}.xml`, report(org, day, records)]);
    }
    if (day <= 12) files.push([`Yahoo-${day}.xml`, report('Yahoo', day, [record('192.0.2.10', 50, 'pass')])]);
  }
  return files;
}

// Whole month: 2 x (30 x 100 + 15 x 10) + 10 x 5 + 11 x 30 + 6 x 4 + 12 x 50.
const TOTAL = 2 * (3000 + 150) + 50 + 330 + 24 + 600;

async function attrs(page, selector, names) {
  return page.$$eval(selector, (els, names) => els.map((e) => names.map((n) => e.dataset[n])), names);
}

test('the policy tab judges the recent window, says since when own mail passes, what changed and what receivers said', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'dmarc-lens-history-'));
  const paths = month().map(([name, xml]) => {
    const p = path.join(dir, name);
    writeFileSync(p, xml);
    return p;
  });
  const rules = path.join(dir, 'rules.csv');
  writeFileSync(rules, 'cidr,tag,comment\n192.0.2.10/32,Newsletter,\n');
  const { context, page, seen, violations } = await openApp(app.browser, app.server);
  await page.click('[data-testid="tab-senders"]');
  await page.setInputFiles('[data-testid="tags-import"]', rules);
  await page.waitForSelector('[data-testid="tag-rule"]');
  await page.setInputFiles('[data-testid="file-input"]', paths);
  await waitLoaded(page, paths.length);
  await page.click('[data-testid="tab-overview"]');
  await waitTotal(page, TOTAL);

  // The overview's readiness is the window's: ready, since the 16th; the whole month is not.
  const overview = page.locator('[data-testid="readiness"][data-domain="example.com"]');
  assert.equal(await overview.getAttribute('data-verdict'), 'ready');
  assert.match(await overview.textContent(), /Ready for p=quarantine/);
  assert.match(await overview.textContent(), /since 2026-11-16/);
  assert.match(await overview.textContent(), /Over the whole period: Not yet ready for p=quarantine/);
  // The new sender alerts with the day it started.
  assert.match(await page.textContent('.overview'), /203\.0\.113\.50 started sending as you on 2026-11-20: 330 messages/);

  // The daily chart splits by tag or pattern.
  const options = await page.$$eval('[data-testid="chart-split"] option', (o) => o.map((x) => x.textContent));
  assert.ok(options.includes('Tag: Newsletter'), options.join('|'));
  assert.ok(options.some((o) => /^Pattern 4:/.test(o)), options.join('|'));
  await page.selectOption('[data-testid="chart-split"]', 'tag:Newsletter');
  await page.waitForSelector('[data-testid="chart-series"][data-series="tag:Newsletter"] svg');

  await overview.locator('[data-testid="readiness-details"]').click();
  await page.waitForSelector('[data-testid="window-readiness"]');
  const item = page.locator('[data-testid="window-readiness"][data-domain="example.com"]');
  assert.equal(await item.getAttribute('data-verdict'), 'ready');
  assert.equal(await item.locator('[data-testid="window-verdict"]').textContent(), 'Ready for p=quarantine');
  assert.match(await item.locator('[data-testid="window-judged"]').textContent(),
    /last 14 days \(2026-11-17 – 2026-11-30 UTC\): reports on 14 days from 2 reporters, 3,154 messages/);
  assert.equal(await item.locator('[data-testid="own-pass-since"]').getAttribute('data-since'), '2026-11-16');
  // Before the fix, on the 15th, the newsletter failed pattern 1: 10 to each reporter.
  assert.equal(await item.locator('[data-testid="last-failure"]').getAttribute('data-date'), '2026-11-15');
  assert.deepEqual(await attrs(page, '[data-testid="last-failure"] [data-testid="window-at-risk"]', ['tag', 'pattern', 'messages']),
    [['Newsletter', '1', '20']]);
  assert.equal(await item.locator('[data-testid="window-nothing-at-risk"]').count(), 1);
  // The unregistered sources' 354 failing messages would be hit too: the new source's 330
  // (nothing names it; the 30 of the 25th count as forwarded, the receiver's local policy
  // having said so) and SendGrid's 24, a service not set up.
  assert.equal(await item.locator('[data-testid="window-untagged"]').getAttribute('data-messages'), '354');
  assert.deepEqual(await attrs(page, '[data-testid="window-untagged-classes"]', ['unknown', 'service', 'forwarded']), [['300', '24', '30']]);
  const named = await attrs(page, '[data-testid="window-sender"]', ['sender', 'messages']);
  assert.equal(named.length, 1);
  assert.match(named[0][0], /SendGrid/);
  assert.equal(named[0][1], '24');
  assert.match(await item.locator('[data-testid="window-sender"]').textContent(), /Service not set up · 24 messages/);
  // The record as receivers saw it, and its change on the 10th.
  assert.equal(await item.locator('[data-testid="published-record"]').textContent(), 'v=DMARC1; p=none; sp=quarantine');
  assert.deepEqual(await attrs(page, '[data-testid="policy-change"]', ['date']), [['2026-11-10']]);
  assert.match(await item.locator('[data-testid="policy-change"]').textContent(), /2026-11-10: \(sp\) → sp=quarantine/);

  // The window against the 14 days before it.
  assert.match(await page.textContent('[data-testid="compare-periods"]'), /2026-11-17 – 2026-11-30\) against the 14 before \(2026-11-03 – 2026-11-16\)/);
  const figures = Object.fromEntries((await attrs(page, '[data-testid="compare-row"]', ['measure', 'before', 'now']))
    .map(([m, b, n]) => [m, [+b, +n]]));
  assert.deepEqual(figures, {
    Messages: [3600, 3154], DmarcPass: [3340, 2800], DmarcFail: [260, 354],
    pattern1: [260, 24], pattern2: [0, 0], pattern3: [0, 0], pattern4: [0, 330],
  });
  // The largest change first: the newsletter's mail fell from 3,560 (2 x 14 x 100, 260 failing
  // and Yahoo's 10 x 50) to 2,800; all mail fell by 446, pattern 4 rose by 330.
  const changes = await attrs(page, '[data-testid="change"]', ['change', 'delta']);
  assert.deepEqual(changes[0], ['tag:Newsletter:messages', '-760']);
  assert.ok(changes.some(([c, d]) => c === 'total::messages' && d === '-446'), JSON.stringify(changes));
  assert.ok(changes.some(([c, d]) => c === 'pattern:4:messages' && d === '330'), JSON.stringify(changes));

  // New and gone.
  assert.deepEqual(await attrs(page, '[data-testid="new-source"]', ['ip', 'first', 'windowMessages', 'windowFail']),
    [['203.0.113.50', '2026-11-20', '330', '330'], ['167.89.0.1', '2026-11-25', '24', '24']]);
  assert.deepEqual(await attrs(page, '[data-testid="gone-source"]', ['ip', 'last']), [['198.51.100.7', '2026-11-10']]);
  assert.deepEqual(await attrs(page, '[data-testid="gone-reporter"]', ['reporter', 'last']), [['Yahoo', '2026-11-12']]);

  // Senders and sources over time: SendGrid on its 6 days, the newsletter on all 30.
  const senderLines = await attrs(page, '[data-testid="sender-history"]', ['sender', 'messages', 'days']);
  assert.equal(senderLines.length, 1);
  assert.match(senderLines[0][0], /SendGrid/);
  assert.deepEqual(senderLines[0].slice(1), ['24', '6']);
  const sourceLines = await attrs(page, '[data-testid="source-history"]', ['ip', 'messages', 'days']);
  assert.deepEqual(sourceLines[0], ['192.0.2.10', String(2 * 3150 + 600), '30']);
  assert.equal(await page.locator('[data-testid="source-history"][data-ip="192.0.2.10"] svg rect.bar-fail').count(), 30);

  // What receivers said: Gmail's code read.
  assert.deepEqual(await attrs(page, '[data-testid="receiver-note"]', ['reason', 'messages', 'sources']), [['local_policy', '30', '1']]);
  assert.match(await page.textContent('[data-testid="receiver-meaning"]'), /Gmail 5\.7\.26: Neither SPF nor DKIM authenticated/);
  await screenshot(page, 'policy-en-1280');

  // Each failure pattern says which tags and which unregistered senders are in it.
  await page.click('[data-testid="tab-patterns"]');
  await page.waitForSelector('[data-testid="pattern-who"]');
  await screenshot(page, 'patterns-who-en-1280');
  const who = (n, what, names) => attrs(page, `[data-testid="pattern-row"][data-pattern="${n}"] ~ tr [data-testid="pattern-${what}"]`, names);
  // Pattern 1: the newsletter's 2 x 15 x 10 before its fix, and SendGrid's 24.
  assert.deepEqual(await who(1, 'tag', ['tag', 'messages']), [['Newsletter', '300']]);
  const p1 = await who(1, 'sender', ['sender', 'messages']);
  assert.equal(p1.length, 1);
  assert.match(p1[0][0], /SendGrid/);
  assert.equal(p1[0][1], '24');
  // Pattern 4: the unnamed new source, 300 possible spoofing and the 30 the receiver forwarded.
  assert.deepEqual(await who(4, 'sender', ['sender', 'messages']), [['', '330']]);
  assert.deepEqual(await attrs(page, '[data-testid="pattern-row"][data-pattern="4"] ~ tr [data-testid="pattern-classes"]', ['unknown', 'service', 'forwarded']),
    [['300', '0', '30']]);
  await page.click('[data-testid="pattern-row"][data-pattern="1"] ~ tr [data-testid="pattern-sender"] button');
  await page.waitForSelector('[data-testid="tab-spoofing"][aria-selected="true"]');
  await page.waitForFunction(() => document.activeElement?.dataset?.testid === 'suspect-row' || document.activeElement?.id?.startsWith('row-suspects-167'));
  await page.click('[data-testid="tab-policy"]');

  // The CLI agrees on the window.
  const cliReadiness = cliAnalyze(paths, ['--tags', rules]).readiness[0];
  assert.equal(cliReadiness.window.own_pass_since, '2026-11-16');
  assert.equal(cliReadiness.window.verdict, 'ready');

  // Judged on the whole month instead, the old failures count again and nothing is before it.
  await page.selectOption('[data-testid="compare-days"]', '30');
  await page.waitForSelector('[data-testid="window-readiness"][data-domain="example.com"][data-verdict="not_yet"]');
  await page.waitForSelector('[data-testid="compare-none"]');
  assert.match(await page.textContent('[data-testid="window-readiness"]'), /pass DMARC 95\.7 % in the window; 98\.0 % is needed/);

  // A source opens in Possible spoofing.
  await page.selectOption('[data-testid="compare-days"]', '14');
  await page.waitForSelector('[data-testid="new-source"]');
  await page.click('[data-testid="new-source"][data-ip="203.0.113.50"] button');
  await page.waitForSelector('[data-testid="tab-spoofing"][aria-selected="true"]');

  // Japanese, desktop and phone.
  await page.click('[data-testid="tab-policy"]');
  await page.click('[data-testid="lang-toggle"]');
  await page.waitForSelector('[data-testid="window-verdict"]');
  assert.match(await page.textContent('[data-testid="window-verdict"]'), /p=quarantine に移行できます/);
  await screenshot(page, 'policy-ja-1280');
  await page.setViewportSize({ width: 390, height: 844 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow} px at 390`);
  await screenshot(page, 'policy-ja-390');
  assert.deepEqual(await violations(), []);
  assert.deepEqual(seen.errors, []);
  await context.close();
  rmSync(dir, { recursive: true, force: true });
});
