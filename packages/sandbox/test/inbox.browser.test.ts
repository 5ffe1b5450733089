/**
 * The inbox page in a real browser (Chromium through playwright-core): it shows conversations,
 * picks up new messages on its own refresh, and lets a person reply as the customer.
 *
 * Needs WATIGATE_TEST_BROWSER, the path to a Chromium executable (e.g. /usr/bin/chromium); without
 * it the suite is skipped with a notice, except in CI where it is required
 * (requiredSuite, src/testing/optional-suites.ts). The page's clock is Playwright's fake clock, so its two-second
 * refresh runs when the test moves time, not on a timer.
 */
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requiredSuite } from '../src/testing/index.js';
import { json, startSandbox, T0, TENANT, type TestSandbox } from './helpers.js';

const browserSuite = requiredSuite('browser');
const screenshotPath = fileURLToPath(new URL('../../../docs/sandbox-inbox.png', import.meta.url));

describe.runIf(browserSuite.enabled)('GET /_sandbox/:tenantId/inbox in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: browserSuite.url as string,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** Opens the inbox with the page's clock frozen at T0; returns the page and its uncaught errors. */
  async function openInbox(t: TestSandbox): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage({
      viewport: { width: 820, height: 900 },
      locale: 'en-GB',
      timezoneId: 'UTC',
    });
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.clock.install({ time: T0 });
    await page.goto(`${t.url}/_sandbox/${TENANT}/inbox`);
    return { page, errors };
  }

  /** Runs the page's two-second refresh once and waits for `text` to be shown in `region`. */
  async function refreshUntil(page: Page, region: string, text: string) {
    await page.clock.runFor(2000);
    await page.getByRole('region', { name: region }).getByText(text).waitFor({ timeout: 5000 });
  }

  it('shows a conversation, picks up new outbound messages without reloading, and sends a reply as the customer', async () => {
    const t = await startSandbox();
    await t.inbound('14155551234', 'Know the Pricing');
    const { page, errors } = await openInbox(t);
    const john = page.getByRole('region', { name: 'John Doe (+14155551234)' });

    await john.getByText('Know the Pricing').waitFor({ timeout: 5000 });
    expect(await john.getByText('24-hour window open').count()).toBe(1);
    expect(await page.locator('#status').textContent()).toContain(`Tenant ${TENANT}`);

    // A marker on the window survives only if the page is not reloaded.
    await page.evaluate(() => Object.assign(window, { inboxMarker: 'same page' }));
    const sent = await t.api(
      '/api/v1/sendSessionMessage/14155551234?messageText=Our%20plans%20start%20at%20%2410',
      { method: 'POST' },
    );
    expect(((await json(sent)) as { ok: boolean }).ok).toBe(true);
    await refreshUntil(page, 'John Doe (+14155551234)', 'Our plans start at $10');
    expect(await john.locator('li.out .meta').last().textContent()).toContain('✓ sent');

    await t.controlResponse('POST', '/_sandbox/clock/advance', { ms: 2000 });
    await page.clock.runFor(2000);
    await john.locator('li.out .meta', { hasText: '✓✓ delivered' }).waitFor({ timeout: 5000 });
    expect(await page.evaluate(() => (window as unknown as { inboxMarker?: string }).inboxMarker)).toBe(
      'same page',
    );

    await john.getByLabel('Reply as customer').fill('Do you have a yearly plan?');
    await john.getByRole('button', { name: 'Send' }).click();
    await john.getByText('Do you have a yearly plan?').waitFor({ timeout: 5000 });
    expect(await john.locator('li.in .bubble').allTextContents()).toEqual([
      expect.stringContaining('Know the Pricing'),
      expect.stringContaining('Do you have a yearly plan?'),
    ]);

    const messages = (await json(await t.api('/api/v1/getMessages/14155551234?pageSize=1'))) as {
      messages: { items: Array<{ text: string; owner: boolean; eventType: string; created: string }> };
    };
    expect(
      messages.messages.items.map(({ text, owner, eventType, created }) => ({
        text,
        owner,
        eventType,
        created,
      })),
    ).toEqual([
      {
        text: 'Do you have a yearly plan?',
        owner: false,
        eventType: 'message',
        created: new Date(T0 + 2000).toISOString(),
      },
    ]);

    await page.screenshot({ path: screenshotPath, fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('renders message text as text, never as markup', async () => {
    const t = await startSandbox();
    await t.inbound('14155555678', '<img src=x onerror="document.title=\'owned\'"><b>bold</b>');
    const { page, errors } = await openInbox(t);
    const jane = page.getByRole('region', { name: 'Jane Roe (+14155555678)' });
    await jane.getByText('<b>bold</b>').waitFor({ timeout: 5000 });
    expect([await jane.locator('img').count(), await jane.locator('b').count(), await page.title()]).toEqual([
      0,
      0,
      `Sandbox inbox · tenant ${TENANT}`,
    ]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
