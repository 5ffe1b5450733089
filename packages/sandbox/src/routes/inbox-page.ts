/**
 * The sandbox inbox: one page per tenant where a person plays the customer. On the left, the
 * tenant's conversations (search by number or name, 50 at a time, newest first); on the right, the
 * open conversation as a phone shows it, customer on the left, business on the right, with
 * delivery ticks, buttons and lists to tap and files to open, and a box to reply as the customer.
 * On a fresh start it explains itself and offers to write first as a new customer. Under 700 px
 * wide it shows the list or the conversation, one at a time. The script is in inbox-script.ts.
 */
import { createHash } from 'node:crypto';
import { inboxScript } from './inbox-script.js';

const style = `
  * { box-sizing: border-box; }
  body { font: 15px/1.4 system-ui, sans-serif; margin: 0; background: #ece5dd; color: #111; }
  header { background: #075e54; color: #fff; padding: 10px 16px; }
  header h1 { font-size: 18px; margin: 0; }
  header p { margin: 2px 0 0; font-size: 13px; }
  .app { display: grid; grid-template-columns: minmax(260px, 340px) 1fr; gap: 12px; max-width: 1100px; margin: 0 auto; padding: 12px; }
  .pane { background: #fff; border-radius: 8px; padding: 10px 12px; min-width: 0; }
  h2 { font-size: 16px; margin: 4px 0 8px; }
  label { display: block; font-size: 13px; font-weight: 600; margin: 8px 0 2px; }
  input, textarea, button { font: inherit; }
  input, textarea { width: 100%; padding: 7px 8px; border: 1px solid #767676; border-radius: 6px; }
  button { cursor: pointer; }
  .primary { background: #075e54; color: #fff; border: 0; border-radius: 6px; padding: 8px 12px; }
  .secondary { background: #fff; color: #075e54; border: 1px solid #075e54; border-radius: 6px; padding: 6px 10px; }
  .list-head { display: flex; gap: 8px; align-items: center; justify-content: space-between; }
  .list-head h2 { margin: 0; }
  #count { font-size: 13px; color: #444; margin: 8px 0 4px; min-height: 1.4em; }
  #list { list-style: none; padding: 0; margin: 0; max-height: calc(100vh - 260px); overflow-y: auto; }
  .conv { display: grid; grid-template-columns: 1fr auto; gap: 0 8px; width: 100%; text-align: left; background: none; border: 0; border-bottom: 1px solid #e5e5e5; padding: 8px 4px; color: inherit; }
  .conv:hover { background: #f5f5f5; }
  .conv[aria-current="true"] { background: #e7f3ef; box-shadow: inset 3px 0 0 #075e54; }
  .conv .name { font-weight: 600; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  .conv .when { font-size: 12px; color: #555; }
  .conv .preview { grid-column: 1 / -1; font-size: 13px; color: #444; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  #more { width: 100%; margin-top: 8px; }
  .window, .note { font-size: 12px; color: #555; margin: 0 0 6px; }
  .chat-head { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 10px; }
  .chat-head h2 { flex: 1; margin: 0; }
  #messages { list-style: none; padding: 4px; margin: 0; background: #ece5dd; border-radius: 6px; max-height: calc(100vh - 250px); min-height: 200px; overflow-y: auto; }
  #messages li { margin: 6px 0; display: flex; }
  #messages li.out { justify-content: flex-end; }
  .bubble { max-width: 80%; padding: 6px 10px; border-radius: 8px; background: #fff; white-space: pre-wrap; overflow-wrap: anywhere; }
  li.out .bubble { background: #dcf8c6; }
  li.event { justify-content: center; font-size: 12px; color: #444; text-align: center; }
  .bubble .head, .bubble .body, .bubble .footer, .bubble .caption, .bubble .kind, .bubble .file { display: block; }
  .bubble .footer, .bubble .kind { font-size: 12px; color: #555; }
  .bubble .file { margin: 2px 0; color: #05564d; font-weight: 600; }
  .bubble .file small { font-weight: normal; }
  .bubble img.preview { display: block; max-width: 100%; max-height: 240px; border-radius: 6px; }
  .choices { display: flex; flex-direction: column; gap: 4px; margin-top: 6px; white-space: normal; }
  .choice { background: #fff; color: #05564d; border: 1px solid #9bc9bf; border-radius: 6px; padding: 6px 8px; text-align: center; }
  .choice small { display: block; color: #444; font-size: 12px; }
  .list summary { margin-top: 6px; padding: 6px 8px; border-top: 1px solid #9bc9bf; color: #05564d; text-align: center; cursor: pointer; white-space: normal; }
  .list .choice { text-align: left; }
  .section-title { font-size: 12px; font-weight: 600; color: #444; margin: 6px 0 0; }
  .meta { display: block; font-size: 11px; color: #555; text-align: right; }
  #reply { display: flex; gap: 6px; align-items: flex-end; margin-top: 8px; }
  #reply div { flex: 1; }
  .error { color: #a00; font-size: 13px; margin: 4px 0; }
  .error:empty { display: none; }
  .back { display: none; }
  #compose-form .primary { margin-top: 10px; }
  #problem { margin: 0; padding: 8px 16px; background: #fde8e8; color: #800; }
  #problem:empty { display: none; }
  [hidden] { display: none !important; }
  @media (max-width: 700px) {
    .app { grid-template-columns: 1fr; padding: 8px; }
    .app[data-view="list"] #detail, .app[data-view="detail"] #list-pane { display: none; }
    .back { display: inline-block; }
    #list { max-height: none; }
    #messages { max-height: calc(100vh - 240px); }
    .bubble { max-width: 90%; }
  }
`;

const body = `
<header><h1>WATI sandbox inbox</h1><p id="status">Loading…</p></header>
<p id="problem" role="alert"></p>
<div class="app" id="app" data-view="list">
  <nav class="pane" id="list-pane" aria-label="Conversations">
    <div class="list-head">
      <h2>Conversations</h2>
      <button type="button" class="secondary" id="new">New conversation</button>
    </div>
    <form id="search" role="search"><label for="q">Search by number or name</label><input id="q" type="search" autocomplete="off"></form>
    <p id="count" role="status"></p>
    <p id="no-match" class="note" hidden>No conversation matches. Clear the search, or start a new conversation.</p>
    <ul id="list"></ul>
    <button type="button" class="secondary" id="more" hidden>Show more</button>
  </nav>
  <main class="pane" id="detail">
    <p id="pick" class="note">Choose a conversation, or start a new one.</p>
    <section id="compose" aria-labelledby="compose-title" hidden>
      <button type="button" class="secondary back">‹ Conversations</button>
      <div id="intro" hidden>
        <h2>No conversations yet</h2>
        <p>This page is the customer’s phone for your WATI sandbox. Messages your app sends to a number show up here, and what you write here reaches your app as if that customer had written on WhatsApp.</p>
        <p>Start by writing first, as a customer:</p>
      </div>
      <h2 id="compose-title" tabindex="-1">New conversation</h2>
      <form id="compose-form">
        <label for="new-number">Customer’s WhatsApp number, with country code</label>
        <input id="new-number" name="number" inputmode="tel" autocomplete="off" required placeholder="e.g. 14155550123">
        <label for="new-name">Customer’s name (optional)</label>
        <input id="new-name" name="name" autocomplete="off">
        <label for="new-text">First message</label>
        <textarea id="new-text" name="text" rows="3" required></textarea>
        <p id="compose-error" class="error" role="alert"></p>
        <button type="submit" class="primary">Send as customer</button>
      </form>
    </section>
    <section id="chat" aria-labelledby="chat-title" hidden>
      <div class="chat-head">
        <button type="button" class="secondary back">‹ Conversations</button>
        <h2 id="chat-title" tabindex="-1"></h2>
      </div>
      <p class="window" id="window"></p>
      <p class="note" id="earlier" hidden></p>
      <ol id="messages"></ol>
      <form id="reply">
        <div><label for="reply-text">Reply as customer</label><input id="reply-text" name="text" required autocomplete="off"></div>
        <button type="submit" class="primary">Send</button>
      </form>
      <p id="reply-error" class="error" role="alert"></p>
    </section>
  </main>
</div>
`;

export function inboxPage(tenantId: string): string {
  const id = JSON.stringify(tenantId);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sandbox inbox · tenant ${tenantId.replace(/[^\w-]/g, '')}</title>
<style>${style}</style>
</head>
<body>${body}<script>
const tenant = ${id};
${inboxScript}</script>
</body>
</html>`;
}

/** sha256 of one inline element's text, as a CSP source. */
function hashOf(html: string, tag: 'script' | 'style'): string {
  const text = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(html)?.[1] ?? '';
  return `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
}

/**
 * The headers the inbox is served with: a Content-Security-Policy that runs only its own inline
 * script and style (by hash), shows images and talks only to its own origin, and no framing.
 */
export function inboxHeaders(html: string): Record<string, string> {
  return {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': `default-src 'none'; script-src ${hashOf(html, 'script')}; style-src ${hashOf(html, 'style')}; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'`,
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
  };
}
