/**
 * What the README promises a person on `npm start`: open the inbox (in Chromium, through the
 * banner's one-time link) on a fresh start, write first as a new customer, then reply again, and
 * see both in `watigate events tail --follow` running in another process — the sandbox's webhooks
 * delivered through the gateway. Everything is the real thing: `watigate serve --sandbox`, the
 * CLI's bin, and the inbox page.
 */
import { spawn } from 'node:child_process';
import { requiredSuite } from '@watigate/sandbox/testing';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServeProcess, startServeProcess, watigateBin } from '../src/testing/index.js';

const browserSuite = requiredSuite('browser');

describe.runIf(browserSuite.enabled)(
  'a reply typed in the sandbox inbox, seen by events tail --follow',
  () => {
    let browser: Browser;
    let gateway: ServeProcess;

    beforeAll(async () => {
      gateway = await startServeProcess({ logLevel: 'error' });
      browser = await chromium.launch({
        executablePath: browserSuite.url as string,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
      });
    }, 60_000);
    afterAll(async () => {
      await browser?.close();
      await gateway?.remove();
    });

    it('prints what a person writes as the customer, first and again, as lines as they arrive', async () => {
      const tail = spawn(
        process.execPath,
        [watigateBin, 'events', 'tail', '--follow', '--type', 'message.received'],
        {
          env: {
            PATH: process.env.PATH ?? '',
            WATIGATE_URL: gateway.url,
            WATIGATE_API_KEY: gateway.adminKey,
            NO_COLOR: '1',
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let out = '';
      let err = '';
      tail.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
      });
      tail.stderr.on('data', (chunk: Buffer) => {
        err += chunk.toString();
      });
      const exited = new Promise<number | null>((resolve) => tail.once('exit', (code) => resolve(code)));
      try {
        await expect.poll(() => err, { timeout: 15_000 }).toContain('Waiting for events');

        const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
        await page.goto(gateway.sandbox.inboxUrl);
        // A fresh start: nothing to answer yet, so the page offers to write first.
        await page.getByRole('heading', { name: 'No conversations yet' }).waitFor({ timeout: 10_000 });
        await page.getByLabel('Customer’s WhatsApp number, with country code').fill('+1 415 555 0777');
        await page.getByLabel('Customer’s name (optional)').fill('Maya');
        await page.getByLabel('First message').fill('Hello?');
        await page.getByRole('button', { name: 'Send as customer' }).click();
        await expect.poll(() => out, { timeout: 15_000 }).toContain('Hello?');

        const conversation = page.getByRole('region', { name: 'Maya (+14155550777)' });
        await conversation.getByText('Hello?').waitFor({ timeout: 10_000 });
        await conversation.getByLabel('Reply as customer').fill('Typed in the inbox, read in the terminal');
        await conversation.getByRole('button', { name: 'Send' }).click();

        await expect
          .poll(() => out, { timeout: 15_000 })
          .toContain('Typed in the inbox, read in the terminal');
        const lines = out.split('\n').filter((l) => l.includes('14155550777'));
        expect(lines).toEqual([
          expect.stringMatching(/message\.received\s+14155550777\s+Hello\?$/),
          expect.stringMatching(
            /message\.received\s+14155550777\s+Typed in the inbox, read in the terminal$/,
          ),
        ]);
      } finally {
        tail.kill('SIGINT');
      }
      expect(await exited).toBe(0);
    }, 90_000);
  },
);
