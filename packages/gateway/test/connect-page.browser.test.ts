/**
 * The connect page in a real browser, as the person who was sent the link meets it: every state
 * (the form, an empty submit, a token WATI refuses, the link spent, connected, already connected,
 * a link that no longer works) at 1280 and 390 px wide. Each is checked for its text, for having
 * no API vocabulary, and with axe-core (no serious or critical violation), and saved to
 * docs/connect-page/<state>-<width>.png for the docs. Needs WATIGATE_TEST_BROWSER (a Chromium).
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { requiredSuite, startTestSandbox, type TestSandbox, testToken } from '@watigate/sandbox/testing';
import axe from 'axe-core';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAttemptLimit } from '../src/connect-page/connect-sessions.js';
import { createTestGateway, type TestGateway } from './support/harness.js';

const suite = requiredSuite('browser');
/**
 * Screenshots go to docs/connect-page/ only when asked (WATIGATE_UPDATE_SCREENSHOTS=1): the
 * wrong-token states show the test sandbox's random port, so writing them on every run would leave
 * the working tree changed. Otherwise they are still taken, into a temporary folder.
 */
const shotsDir =
  process.env.WATIGATE_UPDATE_SCREENSHOTS === '1'
    ? fileURLToPath(new URL('../../../docs/connect-page/', import.meta.url))
    : `${mkdtempSync(join(tmpdir(), 'watigate-connect-shots-'))}/`;
const widths = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
] as const;

describe.runIf(suite.enabled)('connect page in a browser', () => {
  let sb: TestSandbox;
  let gw: TestGateway;
  let browser: Browser;
  let origin: string;

  beforeAll(async () => {
    mkdirSync(shotsDir, { recursive: true });
    sb = await startTestSandbox();
    gw = await createTestGateway({
      env: { WATIGATE_ALLOWED_HOSTS: sb.host },
      sandbox: { apiEndpoint: sb.apiEndpoint, token: testToken },
    });
    origin = await gw.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await chromium.launch({
      executablePath: suite.url as string,
      args: ['--headless', '--no-sandbox', '--disable-background-networking'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await gw?.close();
    await sb?.close();
  });

  // Over the socket the browser uses too (an injected request's stand-in socket outlives it).
  async function api(method: string, path: string, body?: unknown) {
    const res = await fetch(`${origin}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${gw.adminKey}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return (await res.json()) as { connection: { connection_id: string; url: string } };
  }

  async function newConnection(): Promise<{ id: string; path: string }> {
    const { connection } = await api('POST', '/connections', { app: 'wati' });
    return { id: connection.connection_id, path: new URL(connection.url).pathname };
  }

  async function connectionUrl(id: string): Promise<string> {
    return new URL((await api('GET', `/connections/${id}`)).connection.url).pathname;
  }

  /** Fills the WATI form and sends it. */
  async function submit(page: Page, endpoint: string, token: string): Promise<void> {
    await page.getByLabel('API Endpoint URL').fill(endpoint);
    await page.getByLabel('Access token').fill(token);
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Connect' }).click()]);
  }

  /**
   * The state's checks: its heading and texts, nothing a person cannot act on, no serious or
   * critical accessibility violation; then its screenshot.
   */
  async function check(page: Page, state: string, heading: string, texts: string[]): Promise<void> {
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
    const shown = await page.locator('body').innerText();
    for (const text of texts) expect(shown, state).toContain(text);
    expect(shown, state).not.toMatch(/\b(GET|POST|PUT|PATCH|DELETE) \//);
    expect(shown, state).not.toContain('/connections');
    expect(shown, state).not.toContain('{"');
    await page.evaluate(axe.source);
    const results = await page.evaluate(() =>
      (window as unknown as { axe: typeof axe }).axe.run(document, { resultTypes: ['violations'] }),
    );
    const serious = results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
    expect(serious, state).toEqual([]);
    const width = page.viewportSize()?.width;
    const png = await page.screenshot({ path: `${shotsDir}${state}-${width}.png`, fullPage: true });
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  }

  describe.each(widths)('at $width px', (viewport) => {
    let page: Page;
    beforeAll(async () => {
      page = await browser.newPage({ viewport });
    });
    afterAll(async () => {
      await page?.close();
    });

    it('the form: where to find the two values in WATI, and the sandbox', async () => {
      const { path } = await newConnection();
      await page.goto(`${origin}${path}`);
      await check(page, 'form', 'Connect your WATI account', [
        'Log in to WATI and open API Docs in the menu.',
        'API Endpoint URL',
        'Access token',
        'Use the built-in sandbox',
      ]);
    });

    it('an empty submit: the browser asks for both fields, and so does the gateway', async () => {
      const { path } = await newConnection();
      await page.goto(`${origin}${path}`);
      await page.getByRole('button', { name: 'Connect' }).click();
      // Nothing was sent: the browser marks both required fields.
      expect(page.url()).toBe(`${origin}${path}`);
      expect(await page.locator('input:invalid').count()).toBe(2);
      // A browser that does not check fields is answered by the gateway.
      await page
        .locator('form')
        .first()
        .evaluate((form) => {
          (form as HTMLFormElement).noValidate = true;
        });
      await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Connect' }).click()]);
      await check(page, 'empty-submit', 'Connect your WATI account', [
        'Paste the API Endpoint URL and the Access token from WATI.',
      ]);
    });

    it('a token WATI refuses: the form again, with what to check and the tries left', async () => {
      const { path } = await newConnection();
      await page.goto(`${origin}${path}`);
      await submit(page, sb.apiEndpoint, 'a-token-wati-refuses');
      await check(page, 'wrong-token', 'Connect your WATI account', [
        'WATI did not accept this access token.',
        'copy the Access token again',
        `You can try ${connectAttemptLimit - 1} more times with this link.`,
      ]);
      // The person retypes, on the same page, and it works.
      await submit(page, sb.apiEndpoint, testToken);
      await page.getByRole('heading', { level: 1, name: 'WATI connected' }).waitFor();
    });

    it('the tries spent: the link stops, and who gives a new one', async () => {
      const { id, path } = await newConnection();
      await page.goto(`${origin}${path}`);
      for (let i = 0; i < connectAttemptLimit; i++) await submit(page, sb.apiEndpoint, `wrong-${i}`);
      await check(page, 'attempts-spent', 'This link can no longer be used', [
        'WATI did not accept this access token.',
        'Ask whoever sent you this link for a new one.',
      ]);
      expect((await gw.store.connections.getById(id))?.status).toBe('FAILED');
    });

    it('connected: what is now possible, and that the window can be closed', async () => {
      const { id, path } = await newConnection();
      await page.goto(`${origin}${path}`);
      await submit(page, sb.apiEndpoint, testToken);
      await check(page, 'success', 'WATI connected', [
        'The app or agent that sent you this link can now send and read WhatsApp messages through this WATI account.',
        'will reach Watigate by themselves',
        'You can close this window.',
      ]);
      expect((await gw.store.connections.getById(id))?.status).toBe('ACTIVE');
    });

    it('already connected: says so, and reconnecting is a choice', async () => {
      const { id, path } = await newConnection();
      await page.goto(`${origin}${path}`);
      await Promise.all([
        page.waitForNavigation(),
        page.getByRole('button', { name: 'Use the built-in sandbox' }).click(),
      ]);
      await page.getByRole('heading', { level: 1, name: 'WATI connected' }).waitFor();
      await page.goto(`${origin}${await connectionUrl(id)}`);
      await check(page, 'already-connected', 'WATI is already connected', [
        'There is nothing to do: you can close this window.',
        'Reconnect with new details',
      ]);
      await page.getByRole('link', { name: 'Reconnect with new details' }).click();
      await page.getByRole('heading', { level: 1, name: 'Reconnect your WATI account' }).waitFor();
      await submit(page, sb.apiEndpoint, testToken);
      await page.getByRole('heading', { level: 1, name: 'WATI connected' }).waitFor();
    });

    it('a link that no longer works: why, and who gives a new one', async () => {
      await page.goto(`${origin}/connect/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`);
      await check(page, 'link-gone', 'This link no longer works', [
        'Links to connect WATI work for 30 minutes.',
        'Ask whoever sent you this link for a new one.',
      ]);
    });
  });
});
