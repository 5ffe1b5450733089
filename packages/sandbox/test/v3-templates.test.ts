/**
 * v3 templates and broadcasts: template lists, sends to up to 10,000 recipients with a result per
 * recipient, schedules on the sandbox clock, and the broadcasts they make with their statistics.
 */
import { describe, expect, it } from 'vitest';
import { startSandbox, type TestSandbox } from './helpers.js';
import { expectError, expectValid, op, v3Json } from './v3-helpers.js';

const recipients = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => ({
    // 4477 1000 0000 on: none ends in eight equal digits, which the sandbox calls not on WhatsApp.
    phone_number: `4477${10_000_000 + from + i}`,
    custom_params: [{ name: 'name', value: `P${i}` }],
  }));

function send(t: TestSandbox, body: Record<string, unknown>, path = '/messageTemplates/send') {
  return t.apiV3(path, {
    method: 'POST',
    body: { template_name: 'order_update', broadcast_name: 'b', ...body },
  });
}

describe('GET /messageTemplates', () => {
  it('pages the tenant’s templates with their total, and finds one by id', async () => {
    const t = await startSandbox();
    const page = await v3Json(t, '/messageTemplates?page_number=2&page_size=4');
    expect([page.page_number, page.page_size, page.total]).toEqual([2, 4, 6]);
    expect(page.templates.map((x: { name: string }) => x.name)).toEqual(['spring_sale', 'crypto_promo']);
    const byId = await v3Json(t, `/messageTemplates/${page.templates[0].id}`);
    expect(byId).toMatchObject({
      name: 'spring_sale',
      status: 'PENDING',
      hsm_original: 'Hi {{1}}, our spring sale starts {{2}}: {{3}} off everything.',
    });
  });

  it('refuses a channel the tenant does not have', async () => {
    const t = await startSandbox();
    await expectError(
      await t.apiV3('/messageTemplates?page_number=1&page_size=10&channel=Elsewhere'),
      400,
      /^channel: "Elsewhere" is not a channel/,
    );
  });
});

describe('POST /messageTemplates/send', () => {
  it('sends to 10,000 recipients in one call, with a result for each', async () => {
    const t = await startSandbox();
    const started = performance.now();
    const res = await send(t, { recipients: recipients(10_000) });
    const body = (await expectValid(op('v3PostMessageTemplatesSend'), res)) as {
      success: boolean;
      broadcast_id: string;
      recipients: Array<{ errors: string[] }>;
    };
    expect(res.status).toBe(200);
    expect(body.success).toBe(true);
    expect(body.recipients).toHaveLength(10_000);
    expect(body.recipients.every((r) => r.errors.length === 0)).toBe(true);
    expect(t.sandbox.tenant().outbox).toHaveLength(10_000);
    // Generous for CI; it takes a few hundred milliseconds.
    expect(performance.now() - started).toBeLessThan(10_000);
    const detail = await v3Json(t, `/broadcasts/${body.broadcast_id}`);
    expect(detail.statistics.total_recipients).toBe(10_000);
  });

  it('refuses 10,001 recipients with 400 naming recipients, and sends nothing', async () => {
    const t = await startSandbox();
    await expectError(
      await send(t, { recipients: recipients(10_001) }),
      400,
      /^recipients has 10001 items; send to 1 to 10,000 recipients per call$/,
    );
    await expectError(await send(t, { recipients: [] }), 400, /^recipients has 0 items/);
    expect(t.sandbox.tenant().outbox).toHaveLength(0);
  });

  it('answers per recipient: a malformed number, a number without WhatsApp, a missing parameter', async () => {
    const t = await startSandbox();
    const res = await send(t, {
      recipients: [
        {
          phone_number: '14155551234',
          local_message_id: 'mine-1',
          custom_params: [{ name: 'name', value: 'J' }],
        },
        { phone_number: 'call me', local_message_id: 'mine-2' },
        {
          phone_number: '621111111111',
          local_message_id: 'mine-3',
          custom_params: [{ name: 'name', value: 'X' }],
        },
        { phone_number: '14155555678', local_message_id: 'mine-4' },
      ],
    });
    expect(await expectValid(op('v3PostMessageTemplatesSend'), res)).toEqual({
      success: true,
      broadcast_id: expect.any(String),
      error: null,
      recipients: [
        { local_message_id: 'mine-1', phone_number: '14155551234', errors: [] },
        { local_message_id: 'mine-2', phone_number: 'call me', errors: ['Invalid phone number format.'] },
        { local_message_id: 'mine-3', phone_number: '621111111111', errors: ['Invalid WhatsApp number'] },
        { local_message_id: 'mine-4', phone_number: '14155555678', errors: ['Parameter name is missing'] },
      ],
    });
    expect((await t.sent()).map((s) => s.waId)).toEqual(['14155551234']);
  });

  it('answers success false and makes no broadcast when no recipient can be sent to', async () => {
    const t = await startSandbox();
    const body = await v3Json(t, '/messageTemplates/send', {
      method: 'POST',
      body: { template_name: 'order_update', broadcast_name: 'b', recipients: [{ phone_number: 'x' }] },
    });
    expect(body).toMatchObject({
      success: false,
      broadcast_id: null,
      error: 'There are no valid recipients',
    });
    expect((await v3Json(t, '/broadcasts?page_number=1&page_size=10')).total).toBe(0);
  });

  it('sends from a channel named by name or number', async () => {
    const t = await startSandbox();
    await t.control('POST', '/_sandbox/{tenant}/channels', { name: 'Support', phone: '447700900000' });
    const byName = await send(t, { channel: 'support', recipients: recipients(1) });
    expect(byName.status).toBe(200);
    const byNumber = await send(t, { channel: '447700900000', recipients: recipients(1) });
    const { broadcast_id } = (await byNumber.json()) as { broadcast_id: string };
    const channels = await v3Json(t, '/channels?page_number=1&page_size=10');
    const support = channels.channels.find((c: { name: string }) => c.name === 'Support');
    expect((await v3Json(t, `/broadcasts/${broadcast_id}`)).channel_id).toBe(support.id);
    const onSupport = await v3Json(t, '/broadcasts?page_number=1&page_size=10&channel=Support');
    expect(onSupport.total).toBe(2);
  });
});

describe('POST /messageTemplates/schedule', () => {
  it('sends at scheduled_at on the sandbox clock, and lists the recipients pending until then', async () => {
    const t = await startSandbox();
    const res = await send(
      t,
      { scheduled_at: '2026-01-15T12:00:00Z', broadcast_name: 'noon', recipients: recipients(2) },
      '/messageTemplates/schedule',
    );
    const { broadcast_id } = (await expectValid(op('v3PostMessageTemplatesSchedule'), res)) as {
      broadcast_id: string;
    };
    expect(await t.sent()).toEqual([]);
    const before = await v3Json(t, `/broadcasts/${broadcast_id}`);
    expect(before).toMatchObject({ status: 'scheduled', scheduled_at: '2026-01-15T12:00:00.000Z' });
    expect(before.statistics).toMatchObject({ total_recipients: 2, total_pending: 2, total_sent: 0 });
    const pending = await v3Json(t, `/broadcasts/${broadcast_id}/recipients?page_number=1&page_size=10`);
    expect(pending.recipients.map((r: { status: string }) => r.status)).toEqual(['pending', 'pending']);
    await t.control('POST', '/_sandbox/clock/advance', { ms: 2 * 3600_000 });
    expect((await t.sent()).map((s) => s.broadcastName)).toEqual(['noon', 'noon']);
    const after = await v3Json(t, `/broadcasts/${broadcast_id}`);
    expect(after.status).toBe('completed');
    expect(after.statistics).toMatchObject({ total_pending: 0, total_sent: 2, total_delivered: 0 });
    // Sent when the clock reached noon; delivered and read 2 s and 5 s later.
    await t.control('POST', '/_sandbox/clock/advance', { ms: 5000 });
    const read = await v3Json(t, `/broadcasts/${broadcast_id}`);
    expect(read.statistics).toMatchObject({ total_sent: 2, total_delivered: 2, total_read: 2 });
  });

  it('sends at once when scheduled_at has passed, and refuses a scheduled_at that is no date', async () => {
    const t = await startSandbox();
    expect(
      (
        await send(
          t,
          { scheduled_at: '2024-12-25T10:00:00Z', recipients: recipients(1) },
          '/messageTemplates/schedule',
        )
      ).status,
    ).toBe(200);
    expect(await t.sent()).toHaveLength(1);
    await expectError(
      await send(t, { scheduled_at: 'tomorrow', recipients: recipients(1) }, '/messageTemplates/schedule'),
      400,
      /^scheduled_at: "tomorrow" is not a date-time/,
    );
  });

  it('sends nothing for a scheduled broadcast after a reset', async () => {
    const t = await startSandbox();
    await send(
      t,
      { scheduled_at: '2026-01-15T12:00:00Z', recipients: recipients(1) },
      '/messageTemplates/schedule',
    );
    await t.control('POST', '/_sandbox/reset');
    await t.control('POST', '/_sandbox/clock/advance', { ms: 3 * 3600_000 });
    expect(await t.sent()).toEqual([]);
  });
});

describe('broadcasts', () => {
  it('lists broadcasts newest first, pages their recipients, and counts replies and failures', async () => {
    const t = await startSandbox();
    const first = (await (await send(t, { broadcast_name: 'first', recipients: recipients(3) })).json()) as {
      broadcast_id: string;
    };
    // A MARKETING template to a +1 number fails with Meta's 131049, as for v1 sends.
    await send(t, {
      template_name: 'welcome_wati_v1',
      broadcast_name: 'second',
      recipients: [{ phone_number: '14155551234', custom_params: [{ name: 'name', value: 'J' }] }],
    });
    const list = await v3Json(t, '/broadcasts?page_number=1&page_size=1');
    expect([list.total, list.broadcasts.map((b: { name: string }) => b.name)]).toEqual([2, ['second']]);
    const page2 = await v3Json(t, `/broadcasts/${first.broadcast_id}/recipients?page_number=2&page_size=2`);
    expect(page2).toMatchObject({ page_number: 2, page_size: 2, total_count: 3 });
    expect(page2.recipients).toEqual([
      expect.objectContaining({
        contact_phone: '447710000002',
        status: 'sent',
        custom_params: [{ name: 'name', value: 'P2' }],
      }),
    ]);
    await t.control('POST', '/_sandbox/clock/advance', { ms: 1000 });
    await t.inbound('447710000000', 'Thanks!');
    const stats = (await v3Json(t, `/broadcasts/${first.broadcast_id}`)).statistics;
    expect(stats).toMatchObject({ total_recipients: 3, total_replied: 1, total_failed: 0 });
    const overview = await v3Json(t, '/broadcasts/overview?date_from=2026-01-15&date_to=2026-01-15');
    expect(overview).toMatchObject({ total_links: 2, total_sent: 3, total_failed: 1, total_replied: 1 });
    const searched = await v3Json(
      t,
      '/broadcasts/overview?date_from=2026-01-15&date_to=2026-01-15&search_string=SEC',
    );
    expect(searched.total_links).toBe(1);
    const earlier = await v3Json(t, '/broadcasts/overview?date_from=2025-01-01&date_to=2025-12-31');
    expect(earlier.total_links).toBe(0);
  });

  it('refuses an overview date that is no date', async () => {
    const t = await startSandbox();
    await expectError(
      await t.apiV3('/broadcasts/overview?date_from=soon&date_to=2026-01-01'),
      400,
      /^date_from: "soon" is not a date/,
    );
  });
});
