/**
 * The connect page in a real browser: a person finds the fields by their labels, submits the
 * form, and the connection turns ACTIVE. Needs WATIGATE_TEST_BROWSER (a Chromium executable).
 * Also saves the screenshot of the page shown in the docs (docs/connect-page.png).
 */
import { fileURLToPath } from 'node:url';
import { requiredSuite, startTestSandbox, type TestSandbox, testToken } from '@watigate/sandbox/testing';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestGateway, type TestGateway } from './support/harness.js';

const suite = requiredSuite('browser');

describe.runIf(suite.enabled)('connect page in a browser', () => {
  let sb: TestSandbox;
  let gw: TestGateway;
  let browser: Browser;
  let origin: string;

  beforeAll(async () => {
    sb = await startTestSandbox();
    gw = await createTestGateway({
      env: { WATIGATE_ALLOWED_HOSTS: sb.host },
      sandbox: { apiEndpoint: sb.apiEndpoint, token: testToken },
    });
    origin = await gw.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await chromium.launch({ executablePath: suite.url as string });
  });
  afterAll(async () => {
    await browser?.close();
    await gw?.close();
    await sb?.close();
  });

  async function newConnection(): Promise<{ connection_id: string; url: string }> {
    const res = await gw.inject({
      method: 'POST',
      url: '/connections',
      headers: { authorization: `Bearer ${gw.adminKey}` },
      payload: { app: 'wati' },
    });
    return res.json().connection;
  }

  it('shows the form with the sandbox option, and saves docs/connect-page.png', async () => {
    const connection = await newConnection();
    const page = await browser.newPage({ viewport: { width: 900, height: 760 } });
    await page.goto(`${origin}${new URL(connection.url).pathname}`);
    await page.getByLabel('API Endpoint URL').waitFor();
    expect(await page.getByLabel('Use the built-in sandbox').isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Connect' }).isVisible()).toBe(true);
    const file = fileURLToPath(new URL('../../../docs/connect-page.png', import.meta.url));
    const png = await page.screenshot({ path: file, fullPage: true });
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    await page.close();
  });

  it('connects WATI from the labelled form', async () => {
    const connection = await newConnection();
    const page = await browser.newPage();
    await page.goto(`${origin}${new URL(connection.url).pathname}`);
    await page.getByLabel('API Endpoint URL').fill(sb.apiEndpoint);
    await page.getByLabel('Access token').fill(testToken);
    await page.getByRole('button', { name: 'Connect' }).click();
    await page.getByRole('heading', { name: 'WATI connected' }).waitFor();
    expect(await page.getByRole('status').textContent()).toContain(
      'Watigate can now send and read WhatsApp messages',
    );
    // WATI was told where to post its webhooks: nothing is left for the person to do.
    expect(await page.getByText('will reach Watigate by themselves').isVisible()).toBe(true);
    expect((await gw.store.connections.getById(connection.connection_id))?.status).toBe('ACTIVE');
    await page.close();
  });
});
