// Keyboard and accessibility: axe-core finds no serious or critical violation on any screen, at a
// desktop and a phone width, in English and Japanese; forms submit on Enter; a button that opens
// something moves the focus to it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { useApp, openApp, waitLoaded } from './harness.mjs';

const app = useApp();
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WIDTHS = [1280, 390];

/** Two small reports: one domain's mail from a tagged-to-be network and from strangers. */
function writeReports() {
  const dir = mkdtempSync(path.join(tmpdir(), 'dmarc-lens-a11y-'));
  const files = [];
  for (let r = 0; r < 2; r++) {
    const begin = 1735689600 + r * 86400;
    const rows = [
      ['192.0.2.10', 120, 'pass', 'pass'],
      ['192.0.2.11', 40, 'pass', 'fail'],
      ['203.0.113.7', 30 + r, 'fail', 'fail'],
      ['198.51.100.25', 5, 'fail', 'pass'],
    ].map(([ip, count, dkim, spf]) =>
      `<record><row><source_ip>${ip}</source_ip><count>${count}</count>` +
      `<policy_evaluated><disposition>none</disposition><dkim>${dkim}</dkim><spf>${spf}</spf></policy_evaluated></row>` +
      `<identifiers><header_from>example.com</header_from></identifiers>` +
      `<auth_results><dkim><domain>example.com</domain><result>${dkim}</result></dkim><spf><domain>example.com</domain><result>${spf}</result></spf></auth_results></record>`,
    ).join('');
    const file = path.join(dir, `report-${r}.xml`);
    writeFileSync(file, `<feedback><report_metadata><org_name>reporter-${r}.test</org_name><email>a@b</email>` +
      `<report_id>a11y-${r}</report_id><date_range><begin>${begin}</begin><end>${begin + 86399}</end></date_range></report_metadata>` +
      `<policy_published><domain>example.com</domain><p>none</p></policy_published>${rows}</feedback>`);
    files.push(file);
  }
  // A copy (a duplicate) and a file that is no report: every status a file row shows.
  writeFileSync(path.join(dir, 'report-copy.xml'), readFileSync(files[0]));
  writeFileSync(path.join(dir, 'broken.xml'), '<feedback><report_metadata><org_name>x');
  return [...files, path.join(dir, 'report-copy.xml'), path.join(dir, 'broken.xml')];
}

/** axe-core's violations on the page as it is, one line each; the lesser ones only in `minor`. */
const minor = new Set();
async function scan(page, screen) {
  // The page's CSP refuses inline scripts; evaluating through the DevTools protocol is not a script element.
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
  const line = (v) => `${screen}: ${v.id} (${v.impact}) ${v.help} at ${v.targets.join(' | ')}`;
  for (const v of violations) if (v.impact !== 'serious' && v.impact !== 'critical') minor.add(line(v));
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${screen}: ${v.id} (${v.impact}) ${v.help} at ${v.targets.join(' | ')}`);
}

/** Scans the page at each width. */
async function scanWidths(page, screen) {
  const found = [];
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    await page.waitForTimeout(50);
    found.push(...(await scan(page, `${screen} @${width}`)));
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  return found;
}

const active = (page) => page.evaluate(() => document.activeElement?.dataset?.testid ?? document.activeElement?.id ?? document.activeElement?.tagName);

for (const locale of ['en-US', 'ja-JP']) {
  test(`no serious or critical axe violation on any screen (${locale})`, async (t) => {
    const files = writeReports();
    const { context, page } = await openApp(app.browser, app.server, { locale });
    const found = [];
    found.push(...(await scanWidths(page, `${locale} empty`)));

    await page.setInputFiles('[data-testid="file-input"]', files);
    await waitLoaded(page, files.length);
    await page.waitForSelector('[data-testid="total-messages"]');

    // A count of files that did not load opens the Files tab on them, the focus on that choice.
    await page.click('[data-testid="files-error"]');
    await page.waitForFunction(() => document.activeElement?.dataset?.testid === 'files-filter-error');
    await page.click('[data-testid="files-filter-all"]');

    // "Tag this" opens the rule form with the suspect's network, the focus in its network field.
    await page.click('[data-testid="tab-spoofing"]');
    await page.click('[data-testid="suspect-row"][data-ip="203.0.113.7"] [data-testid="tag-this"]');
    await page.waitForFunction(() => document.activeElement?.dataset?.testid === 'tag-cidr');
    assert.equal(await page.inputValue('[data-testid="tag-cidr"]'), '203.0.113.0/24');
    assert.ok(await page.evaluate(() => {
      const r = document.activeElement.getBoundingClientRect();
      return r.top >= 0 && r.bottom <= window.innerHeight;
    }), 'the rule form is scrolled into view');

    // Enter in the rule form adds the rule.
    await page.fill('[data-testid="tag-cidr"]', '192.0.2.0/28');
    await page.fill('[data-testid="tag-name"]', 'Mail relay');
    await page.press('[data-testid="tag-name"]', 'Enter');
    await page.waitForSelector('[data-testid="tag-rule"][data-cidr="192.0.2.0/28"][data-tag="Mail relay"]');
    assert.equal(await page.inputValue('[data-testid="tag-cidr"]'), '');
    // Edit moves the focus to the rule's fields, and Enter there saves it.
    await page.click('[data-testid="tag-rule"][data-cidr="192.0.2.0/28"] [data-testid="tag-edit"]');
    await page.waitForFunction(() => document.activeElement?.dataset?.testid === 'tag-edit-cidr');
    await page.fill('[data-testid="tag-edit-name"]', 'Relay');
    await page.press('[data-testid="tag-edit-name"]', 'Enter');
    await page.waitForSelector('[data-testid="tag-rule"][data-cidr="192.0.2.0/28"][data-tag="Relay"]');
    // Escape leaves an edit unsaved, the focus back on its Edit button.
    await page.waitForFunction(() => document.querySelector('[data-testid="tag-rule"][data-tag="Relay"] td.small')?.textContent.trim());
    await page.click('[data-testid="tag-rule"][data-cidr="192.0.2.0/28"] [data-testid="tag-edit"]');
    await page.waitForFunction(() => document.activeElement?.dataset?.testid === 'tag-edit-cidr');
    await page.press('[data-testid="tag-edit-cidr"]', 'Escape');
    await page.waitForFunction(() => document.activeElement?.dataset?.testid === 'tag-edit' &&
      document.activeElement.closest('[data-testid="tag-rule"]')?.dataset.tag === 'Relay');

    // Enter in an alert threshold applies it.
    await page.click('[data-testid="tab-overview"]');
    await page.click('[data-testid="alert-rules-open"]');
    await page.waitForFunction(() => document.activeElement?.dataset?.testid?.startsWith('alert-rule-'));
    const field = await active(page);
    await page.fill(`[data-testid="${field}"]`, '-1');
    await page.press(`[data-testid="${field}"]`, 'Enter');
    await page.waitForSelector(`label.invalid [data-testid="${field}"]`);
    await page.click('[data-testid="alert-rules-defaults"]');

    for (const tab of ['overview', 'patterns', 'tags', 'spoofing', 'senders', 'files']) {
      await page.click(`[data-testid="tab-${tab}"]`);
      await page.waitForTimeout(100);
      found.push(...(await scanWidths(page, `${locale} ${tab}`)));
    }

    // The share panel, with a link made by pressing Enter in its passphrase field.
    await page.click('[data-testid="tab-overview"]');
    await page.click('[data-testid="share-open-panel"]');
    found.push(...(await scanWidths(page, `${locale} share`)));
    await page.fill('[data-testid="share-passphrase"]', '');
    await page.press('[data-testid="share-passphrase"]', 'Enter');
    await page.waitForFunction(() => document.querySelector('[data-testid="share-url"]')?.value, null, { timeout: 30_000 });
    found.push(...(await scanWidths(page, `${locale} share link`)));
    const url = await page.inputValue('[data-testid="share-url"]');
    await page.fill('[data-testid="share-passphrase"]', 'correct horse');
    await page.press('[data-testid="share-passphrase"]', 'Enter');
    await page.waitForFunction(() => document.querySelector('[data-testid="share-url"]')?.value.includes('#share=1e.'), null, { timeout: 30_000 });
    const sealedUrl = await page.inputValue('[data-testid="share-url"]');

    // The read-only page a link opens.
    const shared = await app.browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
    const view = await shared.newPage();
    await view.goto(url);
    await view.waitForSelector('[data-testid="shared-banner"]');
    await view.waitForSelector('[data-testid="total-messages"]');
    for (const tab of ['overview', 'patterns', 'tags', 'spoofing']) {
      await view.click(`[data-testid="tab-${tab}"]`);
      await view.waitForTimeout(100);
      found.push(...(await scanWidths(view, `${locale} shared ${tab}`)));
    }
    // A sealed link asks for its passphrase; Enter opens it.
    const sealed = await shared.newPage();
    await sealed.goto(sealedUrl);
    await sealed.waitForSelector('[data-testid="share-open-passphrase"]');
    found.push(...(await scanWidths(sealed, `${locale} sealed link`)));
    await sealed.fill('[data-testid="share-open-passphrase"]', 'correct horse');
    await sealed.press('[data-testid="share-open-passphrase"]', 'Enter');
    await sealed.waitForSelector('[data-testid="total-messages"]', { timeout: 30_000 });
    await shared.close();

    for (const m of minor) t.diagnostic(`moderate or minor: ${m}`);
    minor.clear();
    assert.deepEqual(found, [], `axe-core found:\n${found.join('\n')}`);
    await context.close();
  });
}
