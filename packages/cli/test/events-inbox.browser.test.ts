/**
 * What issue 12 promises a person on `npm start`: a reply typed as the customer in the sandbox
 * inbox (in Chromium, through the banner's one-time link) appears in `watigate events tail
 * --follow` running in another process. Everything is the real thing: `watigate serve --sandbox`,
 * the CLI's bin, and the inbox page.
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

    it('prints the customer’s reply as a line, as it arrives', async () => {
      // A conversation to answer in: the customer wrote first.
      const first = await gateway.control('POST', '/inbound', {
        whatsappNumber: '14155550777',
        text: 'Hello?',
      });
      expect(first.message.text).toBe('Hello?');

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
        const conversation = page.getByRole('region', { name: /\+14155550777/ });
        await conversation.getByText('Hello?').waitFor({ timeout: 10_000 });
        await conversation.getByLabel('Reply as customer').fill('Typed in the inbox, read in the terminal');
        await conversation.getByRole('button', { name: 'Send' }).click();

        await expect
          .poll(() => out, { timeout: 15_000 })
          .toContain('Typed in the inbox, read in the terminal');
        const line = out.split('\n').find((l) => l.includes('Typed in the inbox')) as string;
        expect(line).toMatch(/message\.received\s+14155550777\s+Typed in the inbox, read in the terminal$/);
        // Only what came after the tail started: the first message is not printed.
        expect(out).not.toContain('Hello?');
      } finally {
        tail.kill('SIGINT');
      }
      expect(await exited).toBe(0);
    }, 90_000);
  },
);
