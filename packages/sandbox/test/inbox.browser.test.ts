/**
 * The inbox page in a real browser (Chromium through playwright-core): it explains itself on a
 * fresh start and lets a person write first as a new customer, shows conversations (searched and
 * paged past 50), picks up new messages on its own refresh without disturbing what a person types,
 * draws buttons, lists and files as a phone does and answers them as the customer, works at 390 px,
 * and has no serious or critical axe-core violation in any of these states.
 *
 * Needs WATIGATE_TEST_BROWSER, the path to a Chromium executable (e.g. /usr/bin/chromium); without
 * it the suite is skipped with a notice, except in CI where it is required
 * (requiredSuite, src/testing/optional-suites.ts). The page's clock is Playwright's fake clock, so its two-second
 * refresh runs when the test moves time, not on a timer.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import axe from 'axe-core';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requiredSuite } from '../src/testing/index.js';
import { json, startSandbox, T0, TENANT, type TestSandbox } from './helpers.js';
import { startReceiver } from './webhook-receiver.js';

const browserSuite = requiredSuite('browser');
/** docs/<name> when asked (WATIGATE_UPDATE_SCREENSHOTS=1), else a temporary file: a test run leaves the tree as it was. */
const shotsDir =
  process.env.WATIGATE_UPDATE_SCREENSHOTS === '1'
    ? undefined
    : mkdtempSync(join(tmpdir(), 'watigate-inbox-shots-'));
const docs = (name: string) =>
  shotsDir === undefined
    ? fileURLToPath(new URL(`../../../docs/${name}`, import.meta.url))
    : join(shotsDir, name);

/** axe-core's serious and critical violations on the page as it stands, as `rule: target` lines. */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(axe.source);
  const results = (await page.evaluate(() =>
    (window as unknown as { axe: typeof axe }).axe.run(document, { resultTypes: ['violations'] }),
  )) as axe.AxeResults;
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} (${n.failureSummary ?? ''})`));
}

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
  async function openInbox(
    t: TestSandbox,
    viewport = { width: 820, height: 900 },
  ): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage({
      viewport,
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
  async function register(t: TestSandbox, url: string) {
    const res = await t.controlResponse('POST', `/_sandbox/${TENANT}/webhooks`, { url });
    expect(res.status).toBe(201);
  }

  it('explains itself on a fresh start and lets a person write first as a new customer, which the app receives as webhooks', async () => {
    const t = await startSandbox();
    const receiver = await startReceiver();
    await register(t, receiver.url);
    const { page, errors } = await openInbox(t, { width: 1280, height: 800 });

    await page.getByRole('heading', { name: 'No conversations yet' }).waitFor({ timeout: 5000 });
    expect(await page.getByText('This page is the customer’s phone for your WATI sandbox').count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByLabel('Customer’s WhatsApp number, with country code').fill('+44 7700 900123');
    await page.getByLabel('Customer’s name (optional)').fill('Ana Lima');
    await page.getByLabel('First message').fill('Hi, is my order on its way?');
    await page.getByRole('button', { name: 'Send as customer' }).click();

    const ana = page.getByRole('region', { name: 'Ana Lima (+447700900123)' });
    await ana.getByText('Hi, is my order on its way?').waitFor({ timeout: 5000 });
    expect(await ana.getByText('24-hour window open').count()).toBe(1);
    expect(await page.getByRole('heading', { name: 'No conversations yet' }).count()).toBe(0);
    expect(await page.locator('#count').textContent()).toBe('1 conversation');
    expect(await page.locator('#list button').first().textContent()).toContain('Ana Lima (+447700900123)');

    await t.sandbox.webhooks.idle();
    const posted = receiver.take().map((p) => p.body);
    expect(posted.map((b) => [b.eventType, b.waId, b.senderName, b.text])).toEqual([
      ['message', '447700900123', 'Ana Lima', 'Hi, is my order on its way?'],
      ['newContactMessageReceived', '447700900123', 'Ana Lima', undefined],
    ]);

    // A number WhatsApp cannot have is refused in words, and nothing is sent.
    await page.getByRole('button', { name: 'New conversation' }).click();
    await page.getByLabel('Customer’s WhatsApp number, with country code').fill('12');
    await page.getByLabel('First message').fill('Hello');
    await page.getByRole('button', { name: 'Send as customer' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: 'is not a phone number with country code' })
      .waitFor({ timeout: 5000 });
    await t.sandbox.webhooks.idle();
    expect(receiver.take()).toEqual([]);

    // After a reset the open conversation is gone, and the page says so the same way again.
    await page
      .getByRole('navigation', { name: 'Conversations' })
      .getByRole('button', { name: /Ana Lima/ })
      .click();
    await t.controlResponse('POST', '/_sandbox/reset');
    await page.clock.runFor(4000);
    await page.getByRole('heading', { name: 'No conversations yet' }).waitFor({ timeout: 5000 });
    expect([await page.locator('#chat').isHidden(), await page.locator('#problem').textContent()]).toEqual([
      true,
      '',
    ]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('counts, pages and searches more than 50 conversations', async () => {
    const t = await startSandbox();
    for (let i = 1; i <= 61; i++) {
      const n = String(i).padStart(2, '0');
      await t.controlResponse('POST', `/_sandbox/${TENANT}/inbound`, {
        whatsappNumber: `4477009001${n}`,
        senderName: `Customer ${n}`,
        text: `Message from customer ${n}`,
      });
      await t.controlResponse('POST', '/_sandbox/clock/advance', { ms: 1000 });
    }
    const { page, errors } = await openInbox(t, { width: 1280, height: 800 });
    const list = page.getByRole('navigation', { name: 'Conversations' });
    const rows = list.locator('#list > li');
    await page
      .locator('#count', { hasText: '61 conversations · showing the newest 50' })
      .waitFor({ timeout: 5000 });
    expect(await rows.count()).toBe(50);
    // Newest first: the last to write is at the top and is open.
    expect(await rows.first().textContent()).toContain('Customer 61');
    expect(await page.locator('#chat-title').textContent()).toBe('Customer 61 (+447700900161)');

    await list.getByRole('button', { name: 'Show 11 more' }).click();
    await page.locator('#count', { hasText: /^61 conversations$/ }).waitFor({ timeout: 5000 });
    expect(await rows.count()).toBe(61);
    expect(await rows.last().textContent()).toContain('Customer 01');
    expect(await list.locator('#more').isHidden()).toBe(true);

    await page.getByLabel('Search by number or name').fill('customer 0');
    await page.clock.runFor(300);
    await page
      .locator('#count', { hasText: '9 conversations match “customer 0”' })
      .waitFor({ timeout: 5000 });
    expect(await rows.count()).toBe(9);

    await page.getByLabel('Search by number or name').fill('+44 7700 900 142');
    await page.clock.runFor(300);
    await page
      .locator('#count', { hasText: '1 conversation matches “+44 7700 900 142”' })
      .waitFor({ timeout: 5000 });
    expect(await rows.allTextContents()).toEqual([expect.stringContaining('Customer 42 (+447700900142)')]);
    await rows.first().getByRole('button').click();
    await page
      .getByRole('region', { name: 'Customer 42 (+447700900142)' })
      .getByText('Message from customer 42')
      .waitFor({ timeout: 5000 });

    await page.getByLabel('Search by number or name').fill('nobody');
    await page.clock.runFor(300);
    await page.getByText('No conversation matches.').waitFor({ timeout: 5000 });
    expect(await rows.count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  /** A conversation with a template, buttons, a list, an image and a document from the business. */
  async function richConversation(t: TestSandbox, png: Buffer) {
    await t.controlResponse('POST', `/_sandbox/${TENANT}/inbound`, {
      whatsappNumber: '447700900123',
      senderName: 'Ana Lima',
      text: 'Do you deliver on Sundays?',
    });
    await t.inbound('14155555678', 'Thanks, all good!');
    await t.controlResponse('POST', '/_sandbox/clock/advance', { ms: 60_000 });
    await t.inbound('14155551234', 'Where is my order?');
    const post = (path: string, body: unknown) =>
      t.api(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    await post('/api/v1/sendInteractiveButtonsMessage?whatsappNumber=14155551234', {
      header: { type: 'Text', text: 'Order #12345' },
      body: 'Your order is ready. What would you like to do?',
      footer: 'Reply within 24 hours',
      buttons: [{ text: 'Track order' }, { text: 'Talk to a person' }],
    });
    await post('/api/v1/sendInteractiveListMessage?whatsappNumber=14155551234', {
      header: 'Delivery slots',
      body: 'Pick a delivery slot',
      footer: 'Times are local',
      buttonText: 'View slots',
      sections: [
        {
          title: 'Tomorrow',
          rows: [
            { id: 'tue-am', title: 'Morning', description: '8:00 to 12:00' },
            { id: 'tue-pm', title: 'Afternoon', description: '12:00 to 18:00' },
          ],
        },
      ],
    });
    const upload = async (blob: Blob, name: string, caption: string) => {
      const body = new FormData();
      body.append('file', blob, name);
      const res = await t.api(`/api/v1/sendSessionFile/14155551234?caption=${encodeURIComponent(caption)}`, {
        method: 'POST',
        body,
      });
      return ((await json(res)) as { message: { data: string } }).message.data;
    };
    const image = await upload(
      new Blob([new Uint8Array(png)], { type: 'image/png' }),
      'parcel.png',
      'Your parcel',
    );
    await upload(
      new Blob([new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x34])], {
        type: 'application/pdf',
      }),
      'invoice-12345.pdf',
      'Your invoice',
    );
    return { image };
  }

  it('draws buttons, lists and files as a phone does, and a tap answers as the customer', async () => {
    const t = await startSandbox();
    const receiver = await startReceiver();
    const painter = await browser.newPage();
    await painter.setContent(
      '<div style="width:240px;height:120px;background:#f4b400;font:bold 28px sans-serif;display:grid;place-items:center">Parcel #12345</div>',
    );
    const png = await painter.locator('div').screenshot();
    await painter.close();
    await richConversation(t, png);
    await register(t, receiver.url);
    const { page, errors } = await openInbox(t, { width: 1280, height: 1100 });
    const john = page.getByRole('region', { name: 'John Doe (+14155551234)' });
    await john.getByText('Your invoice').waitFor({ timeout: 5000 });

    const buttons = john.getByRole('group', { name: 'Buttons' });
    expect(await buttons.getByRole('button').allTextContents()).toEqual(['Track order', 'Talk to a person']);
    expect(await john.getByText('Order #12345').count()).toBe(1);
    expect(await john.getByText('Reply within 24 hours').count()).toBe(1);

    await john.getByText('☰ View slots').click();
    const slots = john.getByRole('group', { name: 'Tomorrow' });
    expect(await slots.getByRole('button').allTextContents()).toEqual([
      'Morning8:00 to 12:00',
      'Afternoon12:00 to 18:00',
    ]);

    const image = john.getByRole('img', { name: 'Image parcel.png' });
    await expect
      .poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth), { timeout: 5000 })
      .toBeGreaterThan(0);
    const pdf = john.getByRole('link', { name: /invoice-12345\.pdf/ });
    expect(await pdf.textContent()).toBe('invoice-12345.pdf · document, 8 B');
    const file = await page.request.get(
      new URL((await pdf.getAttribute('href')) as string, t.url).toString(),
    );
    expect([file.status(), file.headers()['content-type'], (await file.body()).length]).toEqual([
      200,
      'application/pdf',
      8,
    ]);

    await page.screenshot({ path: docs('sandbox-inbox.png') });
    expect(await seriousViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: docs('sandbox-inbox-390.png'), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 1100 });

    const messages = (await json(await t.api('/api/v1/getMessages/14155551234?pageSize=10'))) as {
      messages: { items: Array<{ id: string; type: string; whatsappMessageId: string }> };
    };
    const sentButtons = messages.messages.items.find((m) => m.type === 'interactive' && m.id) as {
      id: string;
    };
    void sentButtons;
    await buttons.getByRole('button', { name: 'Track order' }).click();
    await john.locator('li.in', { hasText: 'Track order' }).waitFor({ timeout: 5000 });
    expect(await john.locator('li.in', { hasText: 'Track order' }).textContent()).toContain(
      '↩ Tapped a button',
    );
    await slots.getByRole('button', { name: /Afternoon/ }).click();
    await john.locator('li.in', { hasText: 'Afternoon' }).waitFor({ timeout: 5000 });

    await t.sandbox.webhooks.idle();
    const interactive = messages.messages.items.filter((m) => m.type === 'interactive').reverse();
    const [buttonsWamid, listWamid] = interactive.map((m) => m.whatsappMessageId);
    expect(
      receiver
        .take()
        .map(({ body: b }) => [b.type, b.text, b.interactiveButtonReply, b.listReply, b.replyContextId]),
    ).toEqual([
      [
        'interactive',
        'Track order',
        { id: 'Track order', title: 'Track order', text: 'Track order' },
        null,
        buttonsWamid,
      ],
      [
        'interactive',
        'Afternoon',
        null,
        { id: 'tue-pm', title: 'Afternoon', description: '12:00 to 18:00' },
        listWamid,
      ],
    ]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('keeps typed text, focus and the shown messages across polls, and announces only new messages', async () => {
    const t = await startSandbox();
    await t.inbound('14155551234', 'Hello');
    await t.controlResponse('POST', '/_sandbox/clock/advance', { ms: 1000 });
    await t.inbound('14155555678', 'Hi there');
    const { page, errors } = await openInbox(t, { width: 1280, height: 800 });
    const jane = page.getByRole('region', { name: 'Jane Roe (+14155555678)' });
    await jane.getByText('Hi there').waitFor({ timeout: 5000 });

    // Only the open conversation's messages are a live region; the clock line is not.
    expect(
      await page
        .locator('[aria-live]')
        .evaluateAll((els) => els.map((e) => `${e.id}=${e.getAttribute('aria-live')}`)),
    ).toEqual(['messages=polite']);

    const box = jane.getByLabel('Reply as customer');
    await box.fill('Half-typed answ');
    await page.evaluate(() => {
      const w = window as unknown as { kept: Element[] };
      w.kept = [...document.querySelectorAll('#messages li, #list li')];
    });
    for (let i = 1; i <= 3; i++) {
      await t.api(`/api/v1/sendSessionMessage/14155555678?messageText=Business%20reply%20${i}`, {
        method: 'POST',
      });
      await t.controlResponse('POST', '/_sandbox/clock/advance', { ms: 2000 });
      await page.clock.runFor(2000);
      await jane.getByText(`Business reply ${i}`).waitFor({ timeout: 5000 });
    }
    await jane.locator('li.out .meta', { hasText: '✓✓ delivered' }).first().waitFor({ timeout: 5000 });
    expect(await box.inputValue()).toBe('Half-typed answ');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('reply-text');
    // Every element shown before is the same element now: nothing was rebuilt.
    expect(
      await page.evaluate(() =>
        (window as unknown as { kept: Element[] }).kept.every((e) => document.contains(e)),
      ),
    ).toBe(true);
    await box.pressSequentially('er');
    expect(await box.inputValue()).toBe('Half-typed answer');

    // A draft stays with its conversation.
    await page
      .getByRole('navigation', { name: 'Conversations' })
      .getByRole('button', { name: /John Doe/ })
      .click();
    const john = page.getByRole('region', { name: 'John Doe (+14155551234)' });
    await john.getByText('Hello').waitFor({ timeout: 5000 });
    expect(await john.getByLabel('Reply as customer').inputValue()).toBe('');
    await page
      .getByRole('navigation', { name: 'Conversations' })
      .getByRole('button', { name: /Jane Roe/ })
      .click();
    await jane.getByText('Business reply 3').waitFor({ timeout: 5000 });
    expect(await jane.getByLabel('Reply as customer').inputValue()).toBe('Half-typed answer');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('at 390 px shows the list, then one conversation with a way back', async () => {
    const t = await startSandbox();
    await t.inbound('14155551234', 'Hello');
    await t.inbound('14155555678', 'Hi there');
    const { page, errors } = await openInbox(t, { width: 390, height: 844 });
    const list = page.getByRole('navigation', { name: 'Conversations' });
    await list.getByRole('button', { name: /Jane Roe/ }).waitFor({ timeout: 5000 });
    expect(await page.locator('#detail').isVisible()).toBe(false);
    expect(await seriousViolations(page)).toEqual([]);

    await list.getByRole('button', { name: /Jane Roe/ }).click();
    const jane = page.getByRole('region', { name: 'Jane Roe (+14155555678)' });
    await jane.getByText('Hi there').waitFor({ timeout: 5000 });
    expect(await list.isVisible()).toBe(false);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('chat-title');
    await jane.getByLabel('Reply as customer').fill('From my phone');
    await jane.getByRole('button', { name: 'Send' }).click();
    await jane.getByText('From my phone').waitFor({ timeout: 5000 });
    expect(await seriousViolations(page)).toEqual([]);

    await jane.getByRole('button', { name: '‹ Conversations' }).click();
    await list.waitFor({ state: 'visible', timeout: 5000 });
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain('Jane Roe');
    expect(errors).toEqual([]);
    await page.close();
  });
});
