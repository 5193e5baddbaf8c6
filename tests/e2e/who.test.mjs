// Who is sending: every source is named offline from the sender pack the worker fetches from the
// page's own origin (and only once reports are loaded), failing mail is sorted into its classes,
// and "Register as" turns a named sender into rules; the split then equals the CLI's with the
// rules the page exports. Every figure below is worked out by hand from the report written here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { useApp, openApp, waitLoaded, waitTotal, cli, screenshot } from './harness.mjs';

const app = useApp();

function record(ip, count, dkim, spf, dmarcDkim = 'fail') {
  const sigs = dkim.map(([d, r]) => `<dkim><domain>${d}</domain><selector>s1</selector><result>${r}</result></dkim>`).join('');
  return `<record><row><source_ip>${ip}</source_ip><count>${count}</count><policy_evaluated><disposition>none</disposition>` +
    `<dkim>${dmarcDkim}</dkim><spf>fail</spf></policy_evaluated></row><identifiers><header_from>example.jp</header_from></identifiers>` +
    `<auth_results>${sigs}<spf><domain>${spf[0]}</domain><result>${spf[1]}</result></spf></auth_results></record>`;
}

/** One day of example.jp as Yahoo saw it:
 * - 167.89.0.1 (40) and 167.89.0.2 (10): SendGrid's network, signed and SPF-passed for SendGrid's
 *   own domains, not aligned: pattern 1, a service not set up (50);
 * - 209.85.220.41 (6): Google's network, SPF passed for gmail.com, the user's own signature
 *   broken on the way: pattern 3, forwarded (6);
 * - 203.0.113.9 (9): nobody's network, nothing passes: pattern 4, unknown (9);
 * - 198.51.100.5 (100): the user's own relay, aligned DKIM: DMARC passes, not yet registered;
 * - 54.240.8.1 (20): Amazon SES, signed both for example.jp and amazonses.com: DMARC passes, so
 *   the overview proposes it as likely the user's own.
 * 185 messages, 65 failing. */
const REPORT = '<?xml version="1.0"?><feedback><report_metadata><org_name>Yahoo</org_name><email>r@yahoo.com</email>' +
  '<report_id>who-1</report_id><date_range><begin>1764547200</begin><end>1764633599</end></date_range></report_metadata>' +
  '<policy_published><domain>example.jp</domain><p>none</p></policy_published>' +
  record('167.89.0.1', 40, [['sendgrid.net', 'pass']], ['em123.sendgrid.net', 'pass']) +
  record('167.89.0.2', 10, [['sendgrid.net', 'pass']], ['em123.sendgrid.net', 'pass']) +
  record('209.85.220.41', 6, [['example.jp', 'fail']], ['gmail.com', 'pass']) +
  record('203.0.113.9', 9, [], ['example.jp', 'fail']) +
  record('198.51.100.5', 100, [['example.jp', 'pass']], ['example.jp', 'fail'], 'pass') +
  record('54.240.8.1', 20, [['example.jp', 'pass'], ['amazonses.com', 'pass']], ['amazonses.com', 'pass'], 'pass') +
  '</feedback>';

async function senderRows(page) {
  return page.$$eval('[data-testid="sender-row"]', (rows) => rows.map((r) => {
    const cls = (c) => r.querySelector(`td[data-class="${c}"]`).textContent.trim();
    return [r.dataset.sender, +r.dataset.messages, cls('unknown'), cls('service_not_set_up'), cls('forwarded')];
  }));
}

test('sources are named offline, failing mail sorted, and "Register as" makes the rules the CLI reads', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'dmarc-lens-who-'));
  const file = path.join(dir, 'who-1.xml');
  writeFileSync(file, REPORT);
  const { context, page, seen, violations } = await openApp(app.browser, app.server);
  // Nothing of the pack is fetched for a page that has loaded nothing.
  await page.waitForTimeout(300);
  assert.equal(seen.requests.filter((u) => u.includes('/packs/')).length, 0, seen.requests.join('\n'));

  await page.setInputFiles('[data-testid="file-input"]', file);
  await waitLoaded(page, 1);
  await page.click('[data-testid="tab-overview"]');
  await waitTotal(page, 185);
  // No rule yet: own senders first. Amazon SES passes DMARC for all its 20 messages; SendGrid and
  // Google fail, and the unnamed relay has no name to propose.
  const likely = await page.$$eval('[data-testid="likely-yours-item"]', (items) => items.map((i) => [i.dataset.sender, i.textContent]));
  assert.equal(likely.length, 1);
  assert.match(likely[0][0], /Amazon SES/);
  assert.match(likely[0][1], /20 messages, 100\.0 ?% pass DMARC/);
  await screenshot(page, 'who-overview-en-1280');
  // Possible spoofing is the unknown class alone: 9; beside it the forwarded and the services.
  assert.equal(await page.textContent('[data-testid="total-untagged"]'), '9');
  assert.match(await page.textContent('[data-testid="total-classes"]'), /6 forwarded, 50 from services not set up/);

  await page.click('[data-testid="tab-spoofing"]');
  await page.waitForSelector('[data-testid="sender-row"]');
  const rows = await senderRows(page);
  assert.equal(rows.length, 4);
  // The unnamed sources first (109 messages), then SendGrid (50), Amazon SES (20), Google (6).
  assert.deepEqual(rows.map((r) => r.slice(1)), [[109, '9', '0', '0'], [50, '0', '50', '0'], [20, '0', '0', '0'], [6, '0', '0', '6']]);
  assert.equal(rows[0][0], '');
  assert.match(rows[1][0], /SendGrid/);
  assert.match(await page.textContent('[data-testid="sender-row"][data-sender*="SendGrid"] .sender-cell'), /Marketing/);
  assert.match(rows[2][0], /Amazon SES/);
  assert.match(rows[3][0], /Google/);
  // The address table names each source and says what its failing mail is.
  const ipRow = (ip) => page.$eval(`[data-testid="suspect-row"][data-ip="${ip}"]`, (r) => ({
    sender: r.querySelector('td[data-label="Sender"]').textContent.trim(),
    class: r.querySelector('td[data-label="What it is"]').dataset.class,
  }));
  const sendgrid = await ipRow('167.89.0.1');
  assert.match(sendgrid.sender, /SendGrid\s*AS11377 · US/);
  assert.equal(sendgrid.class, 'service_not_set_up');
  assert.equal((await ipRow('209.85.220.41')).class, 'forwarded');
  assert.deepEqual(await ipRow('203.0.113.9'), { sender: '—', class: 'unknown' });
  // "Its sources" searches the address table for the sender.
  await page.click('[data-testid="sender-row"][data-sender*="SendGrid"] [data-testid="sender-sources"]');
  await page.waitForFunction(() => document.querySelectorAll('[data-table="suspects"] [data-testid="suspect-row"]').length === 2);
  await screenshot(page, 'who-spoofing-en-1280');
  // At 1280 px the senders table fits: no sideways scroll, in the table or the page.
  const overflow = await page.evaluate(() => {
    const wrap = document.querySelector('[data-table="senders"] .table-wrap');
    return [wrap.scrollWidth - wrap.clientWidth, document.documentElement.scrollWidth - window.innerWidth];
  });
  assert.deepEqual(overflow, [0, 0]);

  // The pack came from this page's own origin, once; nothing else left the page.
  const packs = seen.requests.filter((u) => u.includes('/packs/'));
  assert.deepEqual(packs, [new URL('packs/senders.pack.gz', app.server.url).href]);
  assert.deepEqual(seen.requests.filter((u) => !u.startsWith(app.server.origin) && !u.startsWith('blob:') && !u.startsWith('data:')), []);

  // "Register as": the smallest networks covering exactly the addresses seen, the name as tag.
  await page.click('[data-testid="sender-row"][data-sender*="SendGrid"] [data-testid="register-as"]');
  await page.waitForSelector('[data-testid="tag-cidr"]');
  assert.equal(await page.inputValue('[data-testid="tag-cidr"]'), '167.89.0.1/32, 167.89.0.2/32');
  const name = await page.inputValue('[data-testid="tag-name"]');
  assert.match(name, /SendGrid/);
  assert.match(await page.inputValue('[data-testid="tag-comment"]'), /2 addresses seen/);
  await page.click('[data-testid="tag-add"]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="tag-rule"]').length === 2);
  // The form says what the registration changed, once the analysis with the rules is back: the
  // 50 SendGrid messages are now registered mail, no longer a service not set up.
  await page.waitForSelector('[data-testid="register-change"][data-settled="true"]');
  assert.match(await page.textContent('[data-testid="register-change"]'), /SendGrid.*: 2 rules added/);
  assert.equal(await page.textContent('[data-testid="register-change-figures"]'),
    'Your registered mail: 0 → 50 messages. Possible spoofing: 9 → 9 failing messages. Services not set up: 50 → 0.');
  // And goes back to the senders view, where the same note stands.
  await page.click('[data-testid="register-back"]');
  await page.waitForSelector('[data-testid="by-sender"] [data-testid="register-change"]');
  assert.equal(await page.getAttribute('[data-testid="tab-spoofing"]', 'aria-selected'), 'true');
  assert.equal(await page.locator('[data-testid="sender-row"][data-sender*="SendGrid"]').count(), 0);
  await page.click('[data-testid="tab-senders"]');

  // The split now equals the CLI's with the rules the page exports.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="tags-export"]')]);
  const csv = path.join(dir, 'senders.csv');
  await download.saveAs(csv);
  assert.match(readFileSync(csv, 'utf8'), /167\.89\.0\.1\/32/);
  const expected = JSON.parse(execFileSync(cli, ['analyze', '--tags', csv, file]).toString());
  assert.equal(expected.totals.tagged, 50);
  assert.deepEqual(expected.totals.fail_classes, { yours: 50, forwarded: 6, service_not_set_up: 0, unknown: 9 });
  await page.click('[data-testid="tab-overview"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="total-tagged"]')?.textContent === '50');
  assert.equal(await page.textContent('[data-testid="total-untagged"]'), String(expected.totals.fail_classes.unknown));
  // With a rule in force the proposal has done its job.
  assert.equal(await page.locator('[data-testid="likely-yours"]').count(), 0);

  // Whole networks when asked: the /24 around both addresses.
  await page.click('[data-testid="tab-senders"]');
  await page.click('[data-testid="tab-spoofing"]');
  await page.waitForSelector('[data-testid="sender-row"]');
  await page.check('[data-testid="register-widen"]');
  await page.click('[data-testid="sender-row"][data-sender*="Google"] [data-testid="register-as"]');
  assert.equal(await page.inputValue('[data-testid="tag-cidr"]'), '209.85.220.0/24');
  assert.deepEqual(await violations(), []);
  await context.close();
  rmSync(dir, { recursive: true, force: true });
});

test('several senders ticked are registered at once, each under its own tag, in place', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'dmarc-lens-who-many-'));
  const file = path.join(dir, 'who-1.xml');
  writeFileSync(file, REPORT);
  const { context, page, violations } = await openApp(app.browser, app.server);
  await page.setInputFiles('[data-testid="file-input"]', file);
  await waitLoaded(page, 1);
  await page.click('[data-testid="tab-spoofing"]');
  await page.waitForSelector('[data-testid="sender-row"]');
  // The unnamed sources have nothing to register under; the named ones can be ticked.
  assert.equal(await page.locator('[data-testid="sender-row"][data-sender=""] [data-testid="sender-select"]').count(), 0);
  assert.equal(await page.locator('[data-testid="register-selected"]').count(), 0);
  await page.check('[data-testid="sender-row"][data-sender*="SendGrid"] [data-testid="sender-select"]');
  await page.check('[data-testid="sender-row"][data-sender*="Google"] [data-testid="sender-select"]');
  assert.equal(await page.textContent('[data-testid="register-selected"]'), 'Register the 2 selected');
  await page.click('[data-testid="register-selected"]');
  const listed = await page.$$eval('[data-testid="register-confirm-sender"]', (li) => li.map((l) => l.textContent));
  assert.equal(listed.length, 2);
  assert.match(listed[0], /SendGrid.*: 167\.89\.0\.1\/32, 167\.89\.0\.2\/32$/);
  assert.match(listed[1], /Google.*: 209\.85\.220\.41\/32$/);
  await screenshot(page, 'who-register-many-en-1280');
  await page.click('[data-testid="register-confirm-add"]');
  // The view stays where it was and says what changed: SendGrid's 50 and Google's 6 are now
  // registered; the 9 unknown stay possible spoofing.
  await page.waitForSelector('[data-testid="by-sender"] [data-testid="register-change"][data-settled="true"]');
  assert.equal(await page.getAttribute('[data-testid="tab-spoofing"]', 'aria-selected'), 'true');
  assert.match(await page.textContent('[data-testid="register-change"]'), /SendGrid.*, .*Google.*: 3 rules added/);
  assert.equal(await page.textContent('[data-testid="register-change-figures"]'),
    'Your registered mail: 0 → 56 messages. Possible spoofing: 9 → 9 failing messages. Services not set up: 50 → 0.');
  await screenshot(page, 'who-registered-en-1280');
  const left = await senderRows(page);
  assert.deepEqual(left.map((r) => r[1]), [109, 20]);
  // Each sender became a tag of its own; the CLI with the exported rules agrees.
  await page.click('[data-testid="tab-senders"]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="tag-rule"]').length === 3);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="tags-export"]')]);
  const csv = path.join(dir, 'senders.csv');
  await download.saveAs(csv);
  const tags = new Set(readFileSync(csv, 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[1]));
  assert.equal(tags.size, 2);
  const expected = JSON.parse(execFileSync(cli, ['analyze', '--tags', csv, file]).toString());
  assert.equal(expected.totals.tagged, 56);
  assert.deepEqual(expected.totals.fail_classes, { yours: 56, forwarded: 0, service_not_set_up: 0, unknown: 9 });
  await page.click('[data-testid="register-dismiss"]');
  assert.equal(await page.locator('[data-testid="register-change"]').count(), 0);
  assert.deepEqual(await violations(), []);
  await context.close();
  rmSync(dir, { recursive: true, force: true });
});

test('in Japanese and at phone width the senders and their classes are said in Japanese', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'dmarc-lens-who-ja-'));
  const file = path.join(dir, 'who-1.xml');
  writeFileSync(file, REPORT);
  const { context, page } = await openApp(app.browser, app.server, { locale: 'ja-JP' });
  await page.setInputFiles('[data-testid="file-input"]', file);
  await waitLoaded(page, 1);
  await page.click('[data-testid="tab-spoofing"]');
  await page.waitForSelector('[data-testid="sender-row"]');
  const definitions = await page.textContent('[data-testid="class-definitions"]');
  assert.match(definitions, /転送/);
  assert.match(definitions, /なりすましの可能性/);
  assert.match(await page.getAttribute('[data-testid="sender-row"][data-sender*="SendGrid"] [data-testid="register-as"]', 'aria-label'), /SendGrid」として登録/);
  // Each sender's type in Japanese (the pack writes it in English: Marketing, Email Provider).
  const type = (name) => page.$eval(`[data-testid="sender-row"][data-sender*="${name}"] .sender-cell`, (td) => td.textContent);
  assert.match(await type('SendGrid'), /マーケティング/);
  assert.match(await type('Google'), /メールサービス/);
  assert.doesNotMatch(await type('SendGrid'), /Marketing/);
  await screenshot(page, 'who-spoofing-ja-1280');
  await page.setViewportSize({ width: 390, height: 844 });
  const fits = await page.$eval('[data-testid="sender-row"]', (row) => [...row.querySelectorAll('td')]
    .filter((td) => getComputedStyle(td).display !== 'none')
    .every((td) => td.getBoundingClientRect().right <= window.innerWidth + 0.5));
  assert.ok(fits, 'a sender card fits the phone');
  await screenshot(page, 'who-spoofing-ja-390');
  // Registering two at once, on the phone, in Japanese.
  await page.check('[data-testid="sender-row"][data-sender*="SendGrid"] [data-testid="sender-select"]');
  await page.check('[data-testid="sender-row"][data-sender*="Google"] [data-testid="sender-select"]');
  assert.equal(await page.textContent('[data-testid="register-selected"]'), '選択した2件を登録');
  await page.click('[data-testid="register-selected"]');
  await screenshot(page, 'who-register-many-ja-390');
  await page.click('[data-testid="register-confirm-add"]');
  await page.waitForSelector('[data-testid="register-change"][data-settled="true"]');
  assert.match(await page.textContent('[data-testid="register-change-figures"]'), /登録済み送信元のメール: 0→56通/);
  await screenshot(page, 'who-registered-ja-390');
  await context.close();
  rmSync(dir, { recursive: true, force: true });
});
