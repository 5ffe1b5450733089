/**
 * Completes a gateway connect page with the built-in sandbox, as the person the CLI sent there
 * would: in Chromium (playwright-core) when WATIGATE_TEST_BROWSER names one, otherwise over HTTP
 * (GET the form, read its CSRF field, POST it back with `use_sandbox=on`).
 */
import { chromium } from 'playwright-core';

/** Resolves with the page's heading after submitting, e.g. "WATI connected". */
export async function connectWithSandbox(
  connectUrl: string,
  browserPath = process.env.WATIGATE_TEST_BROWSER?.trim(),
): Promise<string> {
  if (browserPath) {
    const browser = await chromium.launch({ executablePath: browserPath });
    try {
      const page = await browser.newPage();
      await page.goto(connectUrl);
      await page.getByRole('button', { name: 'Use the built-in sandbox' }).click();
      const heading = page.getByRole('heading', { level: 1 });
      await heading.waitFor();
      return (await heading.textContent())?.trim() ?? '';
    } finally {
      await browser.close();
    }
  }
  const form = await fetch(connectUrl);
  const html = await form.text();
  if (!form.ok) throw new Error(`GET ${connectUrl} answered ${form.status}: ${html}`);
  const csrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!csrf) throw new Error(`no csrf field on the connect page:\n${html}`);
  const answer = await fetch(connectUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf, api_endpoint: '', access_token: '', use_sandbox: 'on' }).toString(),
  });
  const page = await answer.text();
  if (!answer.ok) throw new Error(`POST ${connectUrl} answered ${answer.status}: ${page}`);
  return /<h1>([^<]*)<\/h1>/.exec(page)?.[1]?.trim() ?? '';
}
