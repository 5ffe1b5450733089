/**
 * The connect page's HTML: plain forms, labelled fields, no script, no framework, readable without
 * CSS. Every interpolated value is escaped. It speaks to the person who was sent the link (what
 * texts: page-text.ts).
 */
import {
  askForNewLink,
  attemptsLeftText,
  keptConnected,
  linkLifetime,
  type PageProblem,
} from './page-text.js';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)} · Watigate</title>
<style>
body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;color:#111}
h1{font-size:1.6rem;line-height:1.25}
h2{font-size:1.15rem;margin-top:2rem}
label{display:block;font-weight:600;margin-top:1rem}
input[type=url],input[type=password]{width:100%;padding:.5rem;font:inherit;box-sizing:border-box;border:1px solid #767676;border-radius:4px}
.hint{color:#444;font-size:.9rem;margin:.25rem 0 0}
.error{border-left:4px solid #b00020;padding:.5rem 1rem;background:#fdecee}
.ok{border-left:4px solid #1b5e20;padding:.5rem 1rem;background:#e8f5e9}
button,.button{display:inline-block;margin-top:1.5rem;padding:.6rem 1.2rem;font:inherit;border-radius:4px;border:1px solid #0b57d0;background:#0b57d0;color:#fff;text-decoration:none;cursor:pointer}
.secondary{background:#fff;color:#0b57d0}
.hook-url{display:inline-block;word-break:break-all;background:#f4f4f4;padding:.25rem .4rem;margin-top:.25rem}
</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

/** A page with a heading and plain paragraphs, for a person who opened a link that cannot work. */
export function renderNotice(title: string, lines: readonly string[]): string {
  return layout(
    title,
    `<h1>${escapeHtml(title)}</h1>\n${lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('\n')}`,
  );
}

/** The problem in a red box: what went wrong, what to check, then `extra` lines, then the code. */
function problemBox(problem: PageProblem, extra: readonly string[] = []): string {
  const lines = [...problem.advice, ...extra].map((line) => `<p>${escapeHtml(line)}</p>`).join('\n');
  const code = problem.code
    ? `\n<p class="hint">Error code, if someone helping you asks: <code>${escapeHtml(problem.code)}</code></p>`
    : '';
  return `<div class="error" role="alert">
<p><strong>${escapeHtml(problem.title)}</strong></p>
${lines}${code}
</div>`;
}

export interface ConnectFormOptions {
  csrf: string;
  /** Offer "Use the built-in sandbox". */
  sandbox: boolean;
  /** The connection is ACTIVE: new details replace its current ones only once WATI accepts them. */
  reconnect?: boolean;
  /** Shown above the form: what went wrong with the last submit. */
  problem?: PageProblem;
  /** Attempts the link has left after a submit WATI did not accept. */
  attemptsLeft?: number;
  apiEndpoint?: string;
}

export function renderConnectForm(options: ConnectFormOptions): string {
  const extra = [
    ...(options.reconnect && options.attemptsLeft !== undefined ? [keptConnected] : []),
    ...(options.attemptsLeft !== undefined ? [attemptsLeftText(options.attemptsLeft)] : []),
  ];
  const problem = options.problem ? problemBox(options.problem, extra) : '';
  const intro = options.reconnect
    ? `<h1>Reconnect your WATI account</h1>
<p>WATI is connected already. Enter new details only if you were asked to, for example after the access token changed. The current details stay in use until WATI accepts the new ones.</p>`
    : `<h1>Connect your WATI account</h1>
<p>The app or agent that sent you this link asks to send and read WhatsApp messages through your WATI account. It needs two values from WATI:</p>`;
  const csrf = `<input type="hidden" name="csrf" value="${escapeHtml(options.csrf)}">`;
  const sandbox = options.sandbox
    ? `<h2>No WATI account at hand?</h2>
<p>Try everything with the built-in sandbox: a stand-in for WATI on this server, which sends no real WhatsApp message.</p>
<form method="post" action="">
${csrf}
<button type="submit" name="use_sandbox" value="on" class="secondary">Use the built-in sandbox</button>
</form>`
    : '';
  return layout(
    options.reconnect ? 'Reconnect WATI' : 'Connect WATI',
    `${intro}
<ol>
<li>Log in to WATI and open <strong>API Docs</strong> in the menu.</li>
<li>Copy the <strong>API Endpoint URL</strong> and the <strong>Access token</strong> shown there into the fields below.</li>
</ol>
<p>WATI checks them at once. The token is stored encrypted: the app that sent the link never sees it.</p>
${problem}
<form method="post" action="" autocomplete="off">
${csrf}
<label for="api_endpoint">API Endpoint URL</label>
<input type="url" id="api_endpoint" name="api_endpoint" required placeholder="https://live-mt-server.wati.io/123456" value="${escapeHtml(options.apiEndpoint ?? '')}" aria-describedby="api_endpoint_hint">
<p class="hint" id="api_endpoint_hint">Starts with https:// and usually ends with your account number.</p>
<label for="access_token">Access token</label>
<input type="password" id="access_token" name="access_token" required aria-describedby="access_token_hint">
<p class="hint" id="access_token_hint">A long text; paste it without the word “Bearer”.</p>
<button type="submit">Connect</button>
</form>
${sandbox}`,
  );
}

/** An ACTIVE connection's live link: nothing to do, and reconnecting offered on purpose. */
export function renderAlreadyConnected(): string {
  return layout(
    'WATI is already connected',
    `<h1>WATI is already connected</h1>
<div class="ok" role="status"><p>The app or agent that sent you this link can send and read WhatsApp messages through your WATI account. There is nothing to do: you can close this window.</p></div>
<h2>Need to change the details?</h2>
<p>Only if you were asked to, for example after the access token changed in WATI. The current details stay in use until WATI accepts the new ones.</p>
<p><a class="button" href="?reconnect=1">Reconnect with new details</a></p>`,
  );
}

/**
 * The success screen: what is now possible, and how WATI's webhooks reach the gateway. When
 * WATI's API did not take the webhook URL, the steps to paste it into WATI's dashboard (the URL is
 * shown only here: the gateway keeps a hash of it).
 */
export function renderConnected(options: {
  hook: { setup: 'registered' | 'manual'; url?: string | undefined };
}): string {
  const { hook } = options;
  let events: string;
  if (hook.setup === 'registered') {
    events =
      '<p>Replies from your customers and delivery updates will reach Watigate by themselves: WATI was told where to send them.</p>';
  } else if (hook.url !== undefined) {
    events = `<h2>One more step: send WATI's updates to Watigate</h2>
<p>WATI did not let Watigate set this up for you, so that replies and delivery updates reach Watigate, add this address in WATI:</p>
<ol>
<li>In WATI's dashboard, open <strong>Webhooks</strong> and choose <strong>Add webhook</strong>.</li>
<li>Paste this address as the URL:<br><code class="hook-url">${escapeHtml(hook.url)}</code></li>
<li>Select every event (at least <em>Message Received</em>, <em>Template Message Sent</em>, <em>Delivered</em>, <em>Read</em> and <em>Template Message Failed</em>), set it to <strong>Enabled</strong> and save.</li>
</ol>
<p>Keep this address private: anyone who has it can send updates in your name. It is shown only on this page; if you lose it, ask whoever sent you this link for a new one.</p>`;
  } else {
    events =
      '<p>Replies and delivery updates keep using the webhook address set up when this connection was first made.</p>';
  }
  return layout(
    'WATI connected',
    `<h1>WATI connected</h1>
<div class="ok" role="status"><p>The app or agent that sent you this link can now send and read WhatsApp messages through this WATI account.</p></div>
${events}
<p>You can close this window.</p>`,
  );
}

/** The link was spent by its last attempt: what went wrong, and who gives a new link. */
export function renderAttemptsSpent(options: { problem: PageProblem; stillConnected: boolean }): string {
  const extra = [
    'After that many tries that WATI did not accept, this link stopped working, to keep your account safe.',
    ...(options.stillConnected ? [keptConnected] : []),
  ];
  return layout(
    'This link can no longer be used',
    `<h1>This link can no longer be used</h1>
${problemBox(options.problem, extra)}
<p><strong>${escapeHtml(askForNewLink)}</strong></p>`,
  );
}

/**
 * A link that is unknown, expired or spent. When it was used and its connection is ACTIVE, that
 * is what the person wants to know.
 */
export function renderLinkGone(options: { connected: boolean }): string {
  if (options.connected) {
    return layout(
      'WATI is connected',
      `<h1>WATI is connected</h1>
<div class="ok" role="status"><p>This link was used already: WATI is connected. There is nothing more to do; you can close this window.</p></div>
<p>To connect other WATI details, ask whoever sent you this link for a new one.</p>`,
    );
  }
  return layout(
    'This link no longer works',
    `<h1>This link no longer works</h1>
${problemBox({ code: 'connect_session_invalid', title: 'It has expired, or it was used up.', advice: [linkLifetime] })}
<p><strong>${escapeHtml(askForNewLink)}</strong></p>`,
  );
}

/** A problem on a page of its own, e.g. a form sent without its anti-forgery token. */
export function renderProblem(title: string, problem: PageProblem): string {
  return layout(title, `<h1>${escapeHtml(title)}</h1>\n${problemBox(problem)}`);
}
