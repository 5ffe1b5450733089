/**
 * The sandbox inbox: one page per tenant showing conversations as a phone would, customer on the
 * left, business on the right, with delivery ticks. It polls the control API every two seconds and
 * renders with textContent only, so message text can never inject markup.
 */
import { createHash } from 'node:crypto';

export function inboxPage(tenantId: string): string {
  const id = JSON.stringify(tenantId);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sandbox inbox · tenant ${tenantId.replace(/[^\w-]/g, '')}</title>
<style>
  body { font: 15px/1.4 system-ui, sans-serif; margin: 0; background: #ece5dd; color: #111; }
  header { background: #075e54; color: #fff; padding: 12px 16px; }
  header h1 { font-size: 18px; margin: 0; }
  main { max-width: 760px; margin: 0 auto; padding: 12px; }
  section { background: #fff; border-radius: 8px; margin: 12px 0; padding: 8px 12px; }
  h2 { font-size: 16px; margin: 4px 0 8px; }
  .window { font-size: 12px; color: #555; }
  ol { list-style: none; padding: 0; margin: 0; }
  li { margin: 6px 0; display: flex; }
  li.out { justify-content: flex-end; }
  .bubble { max-width: 75%; padding: 6px 10px; border-radius: 8px; background: #f1f0f0; white-space: pre-wrap; }
  li.out .bubble { background: #dcf8c6; }
  li.event { justify-content: center; font-size: 12px; color: #555; }
  .meta { display: block; font-size: 11px; color: #555; text-align: right; }
  form { display: flex; gap: 6px; margin-top: 8px; }
  form input { flex: 1; padding: 6px; }
</style>
</head>
<body>
<header><h1>WATI sandbox inbox</h1><p id="status" aria-live="polite">Loading…</p></header>
<main id="conversations" aria-label="Conversations"></main>
<script>
const tenant = ${id};
const base = location.pathname.replace(/\\/_sandbox\\/.*$/, '');
const ticks = { SENT: '✓ sent', DELIVERED: '✓✓ delivered', READ: '✓✓ read', FAILED: '✗ failed' };
function el(tag, props, ...children) {
  const e = document.createElement(tag);
  Object.assign(e, props || {});
  for (const c of children) e.append(c);
  return e;
}
function item(m) {
  if (m.eventType === 'ticket') return el('li', { className: 'event' }, m.eventDescription);
  const out = m.eventType === 'broadcastMessage' || m.owner;
  const text = m.eventType === 'broadcastMessage' ? m.finalText : (m.text ?? (m.data ? '[' + m.type + '] ' + m.data : ''));
  const when = new Date(m.created).toLocaleTimeString();
  const meta = el('span', { className: 'meta' }, when + (out ? ' · ' + (ticks[m.statusString] || m.statusString) : ''));
  return el('li', { className: out ? 'out' : 'in' }, el('div', { className: 'bubble' }, text, meta));
}
function conversation(c) {
  const name = c.contact ? c.contact.fullName + ' (+' + c.contact.wAid + ')' : 'Unknown';
  const form = el('form', {}, el('label', { htmlFor: 'r-' + c.contact.wAid, textContent: 'Reply as customer' }),
    el('input', { id: 'r-' + c.contact.wAid, name: 'text', required: true, autocomplete: 'off' }), el('button', { type: 'submit' }, 'Send'));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const text = form.elements.text.value;
    await fetch(base + '/_sandbox/' + tenant + '/inbound', { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ whatsappNumber: c.contact.wAid, text }) });
    form.elements.text.value = '';
    refresh();
  });
  return el('section', { ariaLabel: name }, el('h2', {}, name),
    el('p', { className: 'window' }, c.windowOpen ? '24-hour window open' : '24-hour window closed: only templates can be sent'),
    el('ol', {}, ...c.messages.map(item)), form);
}
async function refresh() {
  try {
    const res = await fetch(base + '/_sandbox/' + tenant + '/conversations');
    const data = await res.json();
    const active = document.activeElement && document.activeElement.id;
    const typed = active ? document.activeElement.value : '';
    document.getElementById('conversations').replaceChildren(...data.conversations.map(conversation));
    if (active && document.getElementById(active)) { const i = document.getElementById(active); i.value = typed; i.focus(); }
    document.getElementById('status').textContent = 'Tenant ' + tenant + ' · sandbox time ' + new Date(data.now).toLocaleString();
  } catch (err) {
    document.getElementById('status').textContent = 'Cannot reach the sandbox: ' + err;
  }
}
refresh();
setInterval(refresh, 2000);
</script>
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
 * script and style (by hash) and talks only to its own origin, and no framing.
 */
export function inboxHeaders(html: string): Record<string, string> {
  return {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': `default-src 'none'; script-src ${hashOf(html, 'script')}; style-src ${hashOf(html, 'style')}; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'`,
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
  };
}
