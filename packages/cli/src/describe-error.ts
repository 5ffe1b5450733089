/**
 * Errors in the CLI's terms. The client's and the gateway's messages are written for SDK and HTTP
 * callers ("Check templates.list()", "list them with GET /connections", "Check baseUrl"); here
 * each error is told again as what to type: the flag at fault, or the `watigate` command that
 * fixes it, once. The text is built from the error's class, code and fields; `inCliTerms` then
 * rewrites any method name, operation id or route a message still quotes.
 */
import { isWatiError, type WatiError } from '@watigate/client';
import { registry } from '@watigate/spec';
import { CliError } from './exit-codes.js';
import { kebab } from './operations/flag-specs.js';

/** Where the settings came from, to name the flag or variable to fix. */
export interface ErrorContext {
  /** `direct` when the CLI talks to WATI itself (WATIGATE_WATI_URL). */
  mode?: 'gateway' | 'direct' | undefined;
  url?: string | undefined;
}

/** The command that runs each registry operation (bulk template sends go through `broadcast`). */
const commandOf = new Map<string, string>(
  registry.list.map((o) => [
    o.id,
    'command' in o.cli
      ? `watigate ${o.resource} ${o.cli.command}`
      : o.id.startsWith('sendTemplateMessage') && o.id !== 'sendTemplateMessage'
        ? 'watigate broadcast'
        : `watigate ${o.resource} send`,
  ]),
);

/** Client option and input names, as the flag (or variable) a person sets. */
const flagOf: Record<string, string> = {
  baseUrl: '--url',
  apiKey: '--api-key',
  token: '--wati-token',
  connection: '--connection',
  scopes: '--scope',
  expiresAt: '--expires-at',
  whatsappNumber: '--phone',
  template_name: '--template',
  idempotencyKey: '--idempotency-key',
};
const asFlag = (field: string) => flagOf[field] ?? `--${kebab(field)}`;

/** Rewrites SDK and HTTP vocabulary that may still be quoted in a message. */
export function inCliTerms(text: string): string {
  return text
    .replace(/\bGET \/connections\/([\w-]+)/g, '`watigate connections get $1`')
    .replace(/\bGET \/connections\b/g, '`watigate connections list`')
    .replace(/\bPOST \/connections(?: \{"app":"wati"\})?/g, '`watigate connections create`')
    .replace(/\bGET \/keys\b/g, '`watigate keys list`')
    .replace(/\bPOST \/keys\b/g, '`watigate keys create`')
    .replace(/`?\b(\w+)\.(\w+)\(\)`?/g, (whole, resource: string, method: string) =>
      resource === 'templates' && method === 'list'
        ? '`watigate templates list`'
        : resource === 'templates' && method === 'send'
          ? '`watigate templates send`'
          : whole,
    )
    .replace(/\(templates\.send\)/g, '(`watigate templates send`)')
    .replace(/\b[a-z]+[A-Z]\w*\b/g, (word) => (commandOf.has(word) ? `\`${commandOf.get(word)}\`` : word))
    .replace(/\bIdempotency-Key\b/g, '--idempotency-key')
    .replace(/\bbaseUrl\b/g, '--url');
}

/** The gateway's own message, out of the client's "The gateway refused the request (HTTP 404 code): …". */
function gatewayMessage(error: WatiError): string {
  return error.message.replace(/^The gateway refused the request \(HTTP \d+ \w+\): /, '');
}

/** The first clause of a gateway message: the fact, before what to do about it. */
const fact = (message: string) => (message.split(/; /)[0] ?? message).replace(/[.\s]*$/, '');

interface Detail {
  field?: unknown;
  message?: unknown;
}
function detailLines(details: readonly Detail[]): string[] {
  return details.map((d) => {
    // The gateway names where a field was (`body.connections.0`); a person knows only the flag.
    const field = (typeof d.field === 'string' ? d.field : '')
      .replace(/^(body|query|headers|params)\./, '')
      .replace(/\.\d+$/, '');
    const head = field.split(/[.[]/)[0] ?? '';
    const message = inCliTerms(
      String(d.message ?? '')
        .replace(new RegExp(`^(${head}: )+`), '')
        .replace(new RegExp(`^${head} (?=must|is|has)`), ''),
    );
    return head ? `  - ${asFlag(head)}${field.slice(head.length)}: ${message}` : `  - ${message}`;
  });
}

function settingHint(context: ErrorContext): string {
  return context.mode === 'direct'
    ? 'Check WATIGATE_WATI_URL (or --wati-url) and the network.'
    : 'Check --url (or WATIGATE_URL; `watigate profiles list` shows each profile’s) and the network.';
}

function gatewayText(error: WatiError, context: ErrorContext): string {
  const message = gatewayMessage(error);
  const details = ((error as { details?: Detail[] }).details ?? []).filter((d) => d?.message);
  switch (error.code) {
    case 'missing_key':
    case 'invalid_key':
      return 'The gateway refused the API key: it is unknown, revoked or expired. Log in with a working key (`watigate login --api-key-stdin`), or create one with `watigate keys create` using an admin key.';
    case 'insufficient_scope': {
      const scope = /`([\w:]+)` scope/.exec(message)?.[1];
      if (scope)
        return `This API key lacks the ${scope} scope. Create a key that has it with \`watigate keys create --scope ${scope}\` (run with an admin key), then log in with it (\`watigate login --api-key-stdin\`).`;
      if (/allowlist/.test(message))
        return 'This API key may not use that connection (it is outside the key’s allowlist). Pick another with --connection; `watigate connections list` shows them.';
      return `${inCliTerms(message.replace(/[.\s]*$/, ''))}.`;
    }
    case 'connection_missing':
      return 'This account has no ACTIVE WATI connection. Create one with `watigate connections create --wait` and open the printed link in a browser.';
    case 'connection_ambiguous':
      return 'Several WATI connections are ACTIVE: pick one with --connection ID (or WATIGATE_CONNECTION); `watigate connections list` shows them.';
    case 'connection_not_found':
      return `${fact(message)}. List connections with \`watigate connections list\`.`;
    case 'connection_not_active': {
      const id = /[Cc]onnection ([\w-]+) is/.exec(message)?.[1];
      const rest = message.slice(message.indexOf('; ') + 2);
      const at = /\bconnect it at (\S+)/.exec(rest)?.[1];
      const how = at
        ? `Open ${at} to connect it again, or run \`watigate connections open ${id ?? 'ID'}\`.`
        : `Ask whoever manages this gateway’s connections to reconnect it (\`watigate connections open ${id ?? 'ID'}\`).`;
      return `${fact(message)}. ${how}`;
    }
    case 'not_found':
      if (/^No route /.test(message))
        return `The server at ${context.url ?? 'the --url'} is not a Watigate gateway that knows this command. Check --url (or WATIGATE_URL; \`watigate profiles list\`).`;
      if (/^No key /.test(message)) return `${fact(message)}. List keys with \`watigate keys list\`.`;
      return `${inCliTerms(fact(message))}.`;
    case 'invalid_request':
    case 'bad_request':
      return details.length > 0
        ? ['The gateway refused the input:', ...detailLines(details)].join('\n')
        : `The gateway refused the input: ${inCliTerms(message.replace(/; see details$/, ''))}.`;
    case 'rate_limited':
    case 'send_cap_exceeded': {
      const text = `${inCliTerms(message).replace(/[.\s]*$/, '')}.`;
      return /failed key checks/.test(message)
        ? `${text} Check the API key meanwhile: \`watigate profiles list\`, --api-key or WATIGATE_API_KEY.`
        : error.code === 'send_cap_exceeded'
          ? `${text} A key with a higher --daily-send-cap can be made with \`watigate keys create\`.`
          : `${text} Then run the command again; \`watigate broadcast\` paces large sends by itself (--plan).`;
    }
    case 'endpoint_not_supported':
      // Every command calls an endpoint the gateway knows, so the URL is what is wrong.
      return `The gateway at ${context.url ?? 'the --url'} does not know the WATI endpoint this command calls. Check that --url (or WATIGATE_URL; \`watigate profiles list\`) is the gateway's own URL, such as http://127.0.0.1:8080, with no /wati or other path after it.`;
    case 'idempotency_key_reused':
      return 'This --idempotency-key was used before for a different request; pass a new one.';
    case 'idempotency_in_progress':
      return 'A request with this --idempotency-key is still in progress; run the command again shortly to get its answer.';
    case 'upstream_unreachable':
    case 'upstream_timeout':
      return `${inCliTerms(fact(message))}. Retry later; a send may have gone through, so retry it with the same --idempotency-key.`;
    default: {
      const text = inCliTerms(message).replace(/[.\s]*$/, '');
      return `${text}.`;
    }
  }
}

/** Errors of Node itself (a port in use, a folder that cannot be written), with the flag to change. */
function systemText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const { code, port, path } = error as NodeJS.ErrnoException & { port?: number };
  switch (code) {
    case 'EADDRINUSE':
      return `Port ${port ?? ''} is already in use: pick another with --port (0 picks a free one).`.replace(
        'Port  ',
        'The port ',
      );
    case 'EACCES':
    case 'EPERM':
      return `No permission to use ${path ?? (port !== undefined ? `port ${port}` : 'that file')}: ${path ? 'pick another folder or file with its flag' : 'pick another with --port'}.`;
    default:
      return error.message;
  }
}

/** WATI's own reason, quoted, ` ("…")`, or nothing when it gave none. */
export function quoteInfo(error: WatiError): string {
  const info = (error as { info?: unknown }).info;
  return typeof info === 'string' && info !== '' ? ` ("${info}")` : '';
}

/** The error's text for stderr, without the leading "Error: ". */
export function describeError(error: unknown, context: ErrorContext = {}): string {
  if (error instanceof CliError) return error.message;
  if (!isWatiError(error)) return systemText(error);
  const lines: string[] = [];
  const violations = (error as { violations?: Detail[] }).violations ?? [];
  switch (error.name) {
    case 'WatiValidationError':
      lines.push(
        error.code === 'invalid_options' ? 'Invalid setting:' : 'Invalid input, nothing was sent:',
        ...detailLines(violations),
      );
      break;
    case 'WatiAuthError':
      lines.push(
        error.code === 'unauthorized' || context.mode === 'direct'
          ? context.mode === 'direct'
            ? 'WATI refused the access token. Check WATIGATE_WATI_TOKEN (or --wati-token).'
            : 'The gateway refused the API key. Log in again with `watigate login --api-key-stdin`, or set WATIGATE_API_KEY.'
          : gatewayText(error, context),
      );
      break;
    case 'WatiGatewayError':
    case 'WatiRateLimitError':
      lines.push(
        error.name === 'WatiRateLimitError' &&
          error.code === 'rate_limited' &&
          !/\(HTTP \d+ /.test(error.message)
          ? 'WATI answered "too many requests" (HTTP 429) and kept answering it after waiting. Wait a minute and run the command again; `watigate broadcast` paces large sends by itself (--plan).'
          : gatewayText(error, context),
      );
      break;
    case 'WatiConnectionError': {
      const m = /^Could not reach (\S+?)( for the event stream)? \((.*)\)\. /.exec(error.message);
      const what = context.mode === 'direct' ? 'WATI' : 'the gateway';
      lines.push(
        m
          ? `Could not reach ${what} at ${m[1]}${m[2] ?? ''} (${m[3]}). ${settingHint(context)}`
          : `${inCliTerms(error.message)} ${settingHint(context)}`,
      );
      break;
    }
    case 'WatiTimeoutError': {
      const m = /^No answer from (\S+) within (\d+) ms/.exec(error.message);
      lines.push(
        `No answer from ${m?.[1] ?? (context.url || 'the server')}${m ? ` within ${Number(m[2]) / 1000} s` : ''}. Retry later; a send may have gone through, so retry it with the same --idempotency-key.`,
      );
      break;
    }
    case 'WatiSessionWindowError':
      lines.push(
        `WATI refused the message${quoteInfo(error)}: the contact has not written in the last 24 hours, so only an approved template can be sent now (\`watigate templates send\`).`,
      );
      break;
    case 'WatiTemplateError': {
      lines.push(
        `WATI refused the template${quoteInfo(error)}. Check it with \`watigate templates list\`: it must exist, be APPROVED, and have a value for every placeholder (--parameters name=value).`,
      );
      break;
    }
    case 'WatiApiError': {
      const info = quoteInfo(error);
      lines.push(
        error.status === 404
          ? `WATI found nothing there (not found)${info}. Check the name or number you gave.`
          : info
            ? `WATI refused the request${info}.`
            : inCliTerms(error.message),
      );
      break;
    }
    default:
      lines.push(inCliTerms(error.message));
  }
  if (error.requestId) lines.push(`(request id ${error.requestId})`);
  return lines.join('\n');
}
