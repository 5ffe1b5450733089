/**
 * The connect page's HTML: one form, labelled fields, no script, no framework, readable without
 * CSS. Every interpolated value is escaped.
 */

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
label{display:block;font-weight:600;margin-top:1rem}
input[type=url],input[type=password]{width:100%;padding:.5rem;font:inherit;box-sizing:border-box}
.hint{color:#444;font-size:.9rem;margin:.25rem 0 0}
.error{border-left:4px solid #b00020;padding:.5rem 1rem;background:#fdecee}
.ok{border-left:4px solid #1b5e20;padding:.5rem 1rem;background:#e8f5e9}
button{margin-top:1.5rem;padding:.6rem 1.2rem;font:inherit}
fieldset{border:1px solid #ccc;margin-top:1rem}
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

export interface ConnectFormOptions {
  csrf: string;
  /** Offer "Use the built-in sandbox". */
  sandbox: boolean;
  /** Shown above the form, e.g. a refused host. */
  error?: { code: string; message: string };
  apiEndpoint?: string;
}

export function renderConnectForm(options: ConnectFormOptions): string {
  const error = options.error
    ? `<div class="error" role="alert"><p><strong>${escapeHtml(options.error.message)}</strong></p><p>Code: <code>${escapeHtml(options.error.code)}</code></p></div>`
    : '';
  const sandbox = options.sandbox
    ? `<fieldset>
<legend>Or try it without a WATI account</legend>
<input type="checkbox" id="use_sandbox" name="use_sandbox" value="on">
<label for="use_sandbox" style="display:inline">Use the built-in sandbox</label>
<p class="hint">A local WATI that sends no real WhatsApp message. The fields above are then ignored.</p>
</fieldset>`
    : '';
  return layout(
    'Connect WATI',
    `<h1>Connect your WATI account</h1>
<p>In WATI’s dashboard, open <strong>API Docs</strong> and copy the <strong>API Endpoint URL</strong> and the <strong>Access token</strong>.
The token is checked with WATI, then stored encrypted; nobody using this gateway will see it.</p>
${error}
<form method="post" action="" autocomplete="off">
<input type="hidden" name="csrf" value="${escapeHtml(options.csrf)}">
<label for="api_endpoint">API Endpoint URL</label>
<input type="url" id="api_endpoint" name="api_endpoint" placeholder="https://live-mt-server.wati.io/123456" value="${escapeHtml(options.apiEndpoint ?? '')}" aria-describedby="api_endpoint_hint">
<p class="hint" id="api_endpoint_hint">Starts with https:// and ends with your tenant id.</p>
<label for="access_token">Access token</label>
<input type="password" id="access_token" name="access_token" aria-describedby="access_token_hint">
<p class="hint" id="access_token_hint">Paste it without the word “Bearer”.</p>
${sandbox}
<button type="submit">Connect</button>
</form>`,
  );
}

/**
 * The success screen: connected, and how WATI's webhooks reach the gateway. When WATI's API did
 * not take the webhook URL, the steps to paste it into WATI's dashboard (the URL is shown only
 * here: the gateway keeps a hash of it).
 */
export function renderConnected(options: {
  connectionId: string;
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
<div class="ok" role="status"><p>Watigate can now send and read WhatsApp messages through your WATI account (connection ${escapeHtml(options.connectionId)}).</p></div>
${events}
<p>You can close this page.</p>`,
  );
}

export function renderMessage(options: {
  title: string;
  message: string;
  kind: 'ok' | 'error';
  code?: string;
}): string {
  const code = options.code ? `<p>Code: <code>${escapeHtml(options.code)}</code></p>` : '';
  return layout(
    options.title,
    `<h1>${escapeHtml(options.title)}</h1>
<div class="${options.kind}" role="${options.kind === 'error' ? 'alert' : 'status'}"><p>${escapeHtml(options.message)}</p>${code}</div>`,
  );
}
