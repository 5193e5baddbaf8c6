// Japanese mode says everything in Japanese: with reports loaded (a broken file, a file that is
// not a report, a duplicate, a skipped record among them), a tags CSV with bad lines and a bad
// network typed into the rule form, no tab shows a word of English. What stays in Latin letters
// is names: protocols, formats, the policy values, and what comes from the data (domains, file
// names, organisations, report ids).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { useApp, openApp, waitLoaded, screenshot } from './harness.mjs';

const app = useApp();
const scratch = mkdtempSync(path.join(tmpdir(), 'dmarc-lens-ja-'));

const DAY = 86_400;
const START = 1_735_689_600; // 2025-01-01 00:00 UTC

/** A record of `count` messages from `ip`, with DKIM and SPF results and their domains. */
function record(ip, count, { dkim = 'pass', spf = 'pass', dkimDomain = 'example.com', spfDomain = 'example.com', disposition = 'none' } = {}) {
  // DMARC's own verdicts: a pass that aligns with the From domain.
  const aligned = (result, domain) => (result === 'pass' && domain === 'example.com' ? 'pass' : 'fail');
  return `<record><row><source_ip>${ip}</source_ip><count>${count}</count>
<policy_evaluated><disposition>${disposition}</disposition><dkim>${aligned(dkim, dkimDomain)}</dkim><spf>${aligned(spf, spfDomain)}</spf></policy_evaluated></row>
<identifiers><header_from>example.com</header_from></identifiers>
<auth_results><dkim><domain>${dkimDomain}</domain><result>${dkim}</result></dkim><spf><domain>${spfDomain}</domain><result>${spf}</result></spf></auth_results></record>`;
}

/** One day's report from `org`. */
function report(org, id, day, records) {
  const begin = START + day * DAY;
  return `<?xml version="1.0" encoding="UTF-8"?>
<feedback><version>1.0</version>
<report_metadata><org_name>${org}</org_name><email>dmarc@${org.toLowerCase()}.example</email><report_id>${id}</report_id>
<date_range><begin>${begin}</begin><end>${begin + DAY - 1}</end></date_range></report_metadata>
<policy_published><domain>example.com</domain><adkim>r</adkim><aspf>r</aspf><p>none</p><sp>none</sp><pct>100</pct></policy_published>
${records.join('\n')}
</feedback>
`;
}

const ORGS = ['Receiver', 'Mailbox'];

/** A month of reports from two receivers, and the files that go wrong. */
function files() {
  const out = [];
  const write = (name, text) => {
    const file = path.join(scratch, name);
    writeFileSync(file, text);
    out.push(file);
    return file;
  };
  for (let day = 0; day < 30; day++) {
    for (const org of ORGS) {
      const records = [
        record('192.0.2.10', 1200 + day),
        record('198.51.100.5', 40, { dkimDomain: 'esp.example.net', spfDomain: 'esp.example.net' }),
        record('203.0.113.7', 700 + day * 10, { dkim: 'fail', spf: 'fail', dkimDomain: 'spoof.example.org', spfDomain: 'spoof.example.org' }),
        record('2001:db8::25', 3, { dkim: 'pass', spf: 'fail', dkimDomain: 'mailer.example.net', spfDomain: 'mailer.example.net' }),
      ];
      // One report has a record whose source IP is not an address: it is skipped, with a note.
      if (day === 3 && org === 'Receiver') records.push(record('999.1.2.3', 5));
      write(`${org.toLowerCase()}-${day}.xml`, report(org, `${org.toLowerCase()}-${day}`, day, records));
    }
  }
  const good = report('Receiver', 'receiver-0', 0, [record('192.0.2.10', 1200)]);
  write('copy-of-receiver-0.xml', good);
  write('broken.xml', good.slice(0, Math.floor(good.length * 0.6)));
  write('notes.txt', 'Meeting notes: nothing about mail here.\n');
  write('mismatched.xml', good.replace('</policy_published>', '</policy>'));
  return out;
}

const TAGS_CSV = 'cidr,tag,comment,domain\n192.0.2.0/28,社内,,\n999.0.0.1/8,壊れた行,,\n198.51.100.0/24,,,\n';

/** Latin words Japanese text keeps: protocol, format and product names, units, the policy values
 * and the header a DMARC domain is taken from. */
const ALLOWED = new Set([
  'DMARC', 'Lens', 'SPF', 'DKIM', 'CSV', 'JSON', 'XML', 'xml', 'CIDR', 'UTC', 'IPv', 'CRM', 'CNAME', 'TXT', 'Return',
  'Path', 'include', 'none', 'quarantine', 'reject', 'zip', 'gzip', 'zlib', 'eml', 'mbox', 'CLI', 'rules', 'WebCrypto',
  'https', 'localhost', 'DNS', 'From', 'MiB', 'English', 'ARF', 'SMTP', 'TLS', 'HTML', 'PDF',
  // The tags of a published DMARC record, and the receivers whose comments are read.
  'pct', 'adkim', 'aspf', 'Gmail', 'Microsoft', 'ARC', 'PTR',
  // The sender data's sources and licences ("About the data"), named as they name themselves.
  'IPinfo', 'ipinfo', 'parsedmarc', 'Sean', 'Whalen', 'Public', 'Suffix', 'List', 'Mozilla', 'Foundation', 'MPL',
]);

/** Every text a person can see or hear on the page now: the rendered text (details opened), the
 * chart's tooltips, labels, placeholders and titles. */
async function visibleText(page) {
  return page.evaluate(() => {
    for (const d of document.querySelectorAll('details')) d.open = true;
    const texts = [document.body.innerText];
    for (const t of document.querySelectorAll('svg title')) texts.push(t.textContent);
    for (const el of document.querySelectorAll('[title], [aria-label], [placeholder]')) {
      for (const name of ['title', 'aria-label', 'placeholder']) texts.push(el.getAttribute(name) ?? '');
    }
    return texts.join('\n');
  });
}

/** The English words left in `text` once the names from the data are taken out. */
function englishIn(text, names) {
  let rest = text;
  for (const name of [...names].sort((a, b) => b.length - a.length)) rest = rest.split(name).join(' ');
  rest = rest
    .replace(/[\w.+-]+@[\w.-]+/g, ' ') // addresses
    .replace(/\b[\w-]+(\.[\w-]+)*\.(com|net|org|example|jp)\b/g, ' ') // domains
    .replace(/<\/?[\w/]+>/g, ' ') // XML element names
    .replace(/\b0x[0-9A-F]+\b/g, ' ')
    .replace(/p=\w+/g, ' ')
    .replace(/v=spf1[^\n]*/g, ' '); // an SPF record's syntax (the paste box's example)
  return [...new Set((rest.match(/[A-Za-z]{3,}/g) ?? []).filter((w) => !ALLOWED.has(w)))];
}

test('Japanese mode shows no English on any tab, errors included', async () => {
  const paths = files();
  const names = new Set([...paths.map((p) => path.basename(p)), ...ORGS, ...ORGS.map((o) => o.toLowerCase())]);
  const { context, page, seen } = await openApp(app.browser, app.server, { locale: 'ja-JP' });
  await page.waitForFunction(() => document.querySelector('[data-testid="lang-toggle"]')?.textContent.trim() === 'English');
  await page.setInputFiles('[data-testid="file-input"]', paths);
  await waitLoaded(page, paths.length);

  // The known senders: a CSV with bad lines, then a network that is none typed into the form.
  await page.click('[data-testid="tab-senders"]');
  const csv = path.join(scratch, 'senders.csv');
  writeFileSync(csv, TAGS_CSV);
  await page.setInputFiles('[data-testid="tags-import"]', csv);
  await page.waitForSelector('[data-testid="tags-import-errors"]');
  const importErrors = await page.textContent('[data-testid="tags-import-errors"]');
  assert.match(importErrors, /3行目/);
  assert.match(importErrors, /4行目: タグが空です/);
  await page.fill('[data-testid="tag-cidr"]', '300.1.2.3/33');
  await page.fill('[data-testid="tag-name"]', '新規');
  await page.click('[data-testid="tag-add"]');
  await page.waitForSelector('p.error');
  assert.match(await page.textContent('[data-testid="tag-help"]'), /いずれでもありません/);

  const tabs = await page.$$eval('[role="tab"]', (els) => els.map((el) => el.dataset.testid));
  assert.ok(tabs.length >= 6, `tabs: ${tabs}`);
  const found = {};
  let all = '';
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    for (const tab of tabs) {
      await page.click(`[data-testid="${tab}"]`);
      await page.waitForTimeout(150);
      const text = await visibleText(page);
      all += `${text}\n`;
      const english = englishIn(text, names);
      if (english.length) found[`${tab} at ${width}px`] = english;
      await screenshot(page, `ja-${tab.replace('tab-', '')}-${width}`);
    }
  }
  assert.deepEqual(found, {}, 'English words in Japanese mode');

  // The Files tab says what went wrong in Japanese, numbers and counters as the cards write them.
  await page.click('[data-testid="tab-files"]');
  const errors = await page.$$eval('[data-testid="file-error"]', (els) => els.map((el) => el.textContent));
  assert.ok(errors.some((e) => /途中で切れています/.test(e)), errors.join('\n'));
  assert.ok(errors.some((e) => /DMARC集計レポートではありません/.test(e)), errors.join('\n'));
  assert.match(all, /30日分のレポート/);
  assert.match(all, /1件の重複を除外/);
  assert.match(all, /1,2\d\d通/);
  assert.deepEqual(seen.errors, []);
  await context.close();
});

test('a shared link opened in Japanese, and a damaged one, show no English', async () => {
  const paths = files().filter((p) => /\/receiver-\d+\.xml$/.test(p));
  const names = new Set([...paths.map((p) => path.basename(p)), ...ORGS, ...ORGS.map((o) => o.toLowerCase())]);
  const { context, page } = await openApp(app.browser, app.server, { locale: 'ja-JP' });
  await page.setInputFiles('[data-testid="file-input"]', paths);
  await waitLoaded(page, paths.length);
  await page.click('[data-testid="share-open-panel"]');
  await page.click('[data-testid="share-link"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="share-url"]')?.value, null, { timeout: 30_000 });
  const url = await page.inputValue('[data-testid="share-url"]');
  await context.close();

  const fresh = await app.browser.newContext({ locale: 'ja-JP', viewport: { width: 1280, height: 900 } });
  const shared = await fresh.newPage();
  await shared.goto(url);
  await shared.waitForSelector('[data-testid="shared-banner"]');
  const found = {};
  const tabs = await shared.$$eval('[role="tab"]', (els) => els.map((el) => el.dataset.testid));
  for (const tab of tabs) {
    await shared.click(`[data-testid="${tab}"]`);
    await shared.waitForTimeout(150);
    const english = englishIn(await visibleText(shared), names);
    if (english.length) found[`shared ${tab}`] = english;
  }
  await screenshot(shared, 'ja-shared-overview');

  // A link cut short: the error says so in Japanese.
  const damaged = await fresh.newPage();
  await damaged.goto(url.slice(0, url.length - 40).replace('#share=1.', '#share=1.%%'));
  await damaged.waitForSelector('[data-testid="share-error"]');
  const english = englishIn(await visibleText(damaged), names);
  if (english.length) found['damaged link'] = english;
  await screenshot(damaged, 'ja-shared-damaged');
  assert.deepEqual(found, {}, 'English words in Japanese mode');
  await fresh.close();
});
