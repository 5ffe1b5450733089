/**
 * `watigate events tail`: WATI's webhooks as the gateway received them (customer messages,
 * delivery and read statuses, failures), one line per event, or one JSON envelope per line with
 * `--json`. Without `--follow` it prints what the gateway holds and exits; with it, it streams new
 * events until Ctrl-C (docs/events.md).
 */
import type { WatigateEvent } from '@watigate/client';
import { type EventType, eventTypes, normalizePhone } from '@watigate/spec';
import { type Command, Option } from 'commander';
import type { CommandContext } from '../command-context.js';
import { eventsError } from '../events/events-error.js';
import { formatEventLine } from '../events/format-event-line.js';
import { validationError } from '../exit-codes.js';
import { selectFields } from '../output/select-fields.js';
import { parseSince } from '../parse-since.js';
import { untilSignal } from './until-signal.js';

interface TailFlags {
  follow?: boolean;
  type?: EventType[];
  number?: string;
  since?: Date;
}

export function registerEvents(program: Command, ctx: CommandContext): void {
  const events = program
    .command('events')
    .description('read inbound events: customer messages, delivery statuses, failures (events:read scope)')
    .addHelpText('after', '\nExample:\n  $ watigate events tail --follow --type message.received');

  events
    .command('tail')
    .description('print events, oldest first; with --follow keep printing new ones until Ctrl-C')
    .option('-f, --follow', 'keep waiting for new events (from now on, or from --since)')
    .addOption(new Option('--type <types...>', 'only these event types').choices([...eventTypes]))
    .option('--number <whatsappNumber>', 'only events about this customer, country code first')
    .option(
      '--since <time>',
      'only events received since an ISO 8601 time or a duration ago (10m, 2h, 1d)',
      (v) => parseSince(v, (ctx.io.now ?? Date.now)()),
    )
    .addHelpText(
      'after',
      `
The global --connection flag (or WATIGATE_CONNECTION, or the profile's connection) keeps only
that connection's events. --json prints each event's full envelope on one line.

Examples:
  $ watigate events tail --since 1h
  $ watigate events tail --follow --number 14155551234
  $ watigate --json events tail --follow --type message.received template.failed | jq .body.text`,
    )
    .action(async (opts: TailFlags, command: Command) => {
      const client = await ctx.gatewayClient(command);
      const settings = await ctx.settings(command);
      const json = ctx.globals(command).json === true;
      const filters = {
        ...(opts.type ? { types: opts.type } : {}),
        ...(opts.number !== undefined ? { whatsappNumber: checkedNumber(opts.number) } : {}),
        ...(settings.mode === 'gateway' && settings.connection ? { connectionId: settings.connection } : {}),
        ...(opts.since ? { since: opts.since } : {}),
      };
      const fields = ctx.globals(command).jsonFields?.split(',');
      // `--json type,body` keeps those fields of each event, one JSON object per line.
      const asJson = (event: WatigateEvent) => JSON.stringify(fields ? selectFields(event, fields) : event);
      const print = (event: WatigateEvent) =>
        ctx.io.stdout.write(json ? `${asJson(event)}\n` : formatEventLine(event));
      try {
        if (!opts.follow) {
          for await (const event of client.events.iterate({ ...filters, limit: 1000 })) print(event);
          return;
        }
        // From now on: the cursor first, which also proves the key may read events before saying "waiting".
        const cursor = opts.since ? undefined : (await client.events.list({ after: 'latest' })).next_cursor;
        const stop = new AbortController();
        void (ctx.io.untilInterrupted ?? untilSignal)().then(() => stop.abort());
        if (!json) ctx.log('Waiting for events; press Ctrl-C to stop.');
        const after = opts.since ? {} : { after: cursor ?? 'latest' };
        for await (const event of client.events.stream({ ...filters, ...after }, { signal: stop.signal })) {
          print(event);
        }
      } catch (error) {
        throw eventsError(error, settings.url);
      }
    });
}

function checkedNumber(value: string): string {
  const digits = normalizePhone(value);
  if (!digits) {
    throw validationError(
      `--number must be a WhatsApp number with its country code, e.g. 14155551234, not "${value}".`,
    );
  }
  return digits;
}
