/**
 * The inbox page's script, as text for its one inline <script> (the page's CSP admits it by hash).
 * It polls the control API every two seconds and changes only what changed: a conversation row
 * whose last message moved, a message that is new (appended to the polite live region) or whose
 * ticks changed. Nothing a person is typing, has focused or has picked is rebuilt under them.
 * It writes with textContent and text nodes only, so message text can never inject markup.
 * Written without `${` or backticks: it lives in a template literal.
 */
export const inboxScript = String.raw`
const base = location.pathname.replace(/\/_sandbox\/.*$/, '');
const api = base + '/_sandbox/' + encodeURIComponent(tenant);
const pageSize = 50;
const ticks = { SENT: '✓ sent', DELIVERED: '✓✓ delivered', READ: '✓✓ read', FAILED: '✗ failed' };
const mediaTypes = ['image', 'video', 'audio', 'document', 'sticker'];
const narrow = matchMedia('(max-width: 700px)');
const $ = (id) => document.getElementById(id);
const state = {
  q: '', shown: pageSize, total: 0, listSeq: 0, chatSeq: 0, selected: null, mode: 'none',
  rows: new Map(), messages: new Map(), drafts: new Map(), loaded: false, everLoaded: false, atBottom: true,
};

function el(tag, props, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v === undefined || v === null) continue;
    if (k === 'role' || k.startsWith('aria-') || k.startsWith('data-')) e.setAttribute(k, v);
    else e[k] = v;
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) e.append(c);
  return e;
}
function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}
function plural(n, one, many) {
  return n + ' ' + (n === 1 ? one : many);
}
function labelOf(c) {
  if (!c.contact) return 'Unknown';
  const number = '+' + c.contact.wAid;
  return c.contact.fullName === number ? number : c.contact.fullName + ' (' + number + ')';
}
function timeOf(iso) {
  return new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}
function sizeOf(bytes) {
  return bytes < 1024 ? bytes + ' B' : bytes < 1048576 ? Math.round(bytes / 1024) + ' KB' : (bytes / 1048576).toFixed(1) + ' MB';
}
function previewOf(m) {
  if (!m) return '';
  if (m.eventType === 'ticket') return m.eventDescription;
  if (m.eventType === 'broadcastMessage') return 'Template: ' + m.finalText;
  const who = m.owner ? 'You: ' : '';
  if (m.file) return who + m.file.name + ' (' + m.type + ')';
  if (m.interactiveData && m.interactiveData.body) return who + m.interactiveData.body;
  return who + (m.text || '[' + m.type + ']');
}

async function problemOf(res) {
  try {
    const body = await res.json();
    return body.error.message;
  } catch {
    return 'The sandbox answered ' + res.status + '.';
  }
}
/** Writes as the customer; returns an error text, or undefined when it was sent. */
async function sendAsCustomer(body) {
  try {
    const res = await fetch(api + '/inbound', {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
    });
    return res.ok ? undefined : await problemOf(res);
  } catch (err) {
    return 'Cannot reach the sandbox: ' + err.message;
  }
}

// ---- The conversation list: one row per conversation, kept and updated in place.
function listRow(c) {
  const wAid = c.contact.wAid;
  let row = state.rows.get(wAid);
  if (!row) {
    const name = el('span', { className: 'name' });
    const when = el('span', { className: 'when' });
    const preview = el('span', { className: 'preview' });
    const button = el('button', { type: 'button', className: 'conv' }, name, when, preview);
    button.addEventListener('click', () => select(wAid, true));
    row = { li: el('li', {}, button), button, name, when, preview, sig: '' };
    state.rows.set(wAid, row);
  }
  const last = c.messages.at(-1);
  const sig = [labelOf(c), c.lastAt, last ? last.id + (last.statusString || '') : ''].join('|');
  if (sig !== row.sig) {
    row.sig = sig;
    setText(row.name, labelOf(c));
    setText(row.when, last ? timeOf(last.created) : '');
    setText(row.preview, previewOf(last));
  }
  markCurrent(row, wAid);
  return row.li;
}
function markCurrent(row, wAid) {
  const current = state.selected === wAid && state.mode === 'chat';
  if (current) row.button.setAttribute('aria-current', 'true');
  else row.button.removeAttribute('aria-current');
}
function renderList(data) {
  const list = $('list');
  const wanted = data.conversations.filter((c) => c.contact).map(listRow);
  const keep = new Set(wanted);
  for (const [wAid, row] of state.rows) {
    if (!keep.has(row.li)) {
      row.li.remove();
      state.rows.delete(wAid);
    }
  }
  const focused = document.activeElement;
  wanted.forEach((li, i) => {
    if (list.children[i] !== li) list.insertBefore(li, list.children[i] || null);
  });
  if (focused && focused !== document.activeElement && document.contains(focused)) focused.focus();
  state.total = data.total;
  const shown = data.conversations.length;
  let count = '';
  if (state.q) count = plural(data.total, 'conversation matches', 'conversations match') + ' “' + state.q + '”';
  else if (data.total > 0) count = plural(data.total, 'conversation', 'conversations');
  if (shown < data.total) count += ' · showing the newest ' + shown;
  setText($('count'), count);
  $('more').hidden = shown >= data.total;
  setText($('more'), 'Show ' + Math.min(pageSize, data.total - shown) + ' more');
  $('no-match').hidden = !(state.q && data.total === 0);
}

// ---- One message: text, a file, buttons or a list, drawn as a phone shows them.
function choice(title, description, onTap) {
  const button = el('button', { type: 'button', className: 'choice' }, el('span', {}, title));
  if (description) button.append(el('small', {}, description));
  button.addEventListener('click', onTap);
  return button;
}
function safeLink(url, text) {
  return /^https?:\/\//i.test(url) ? el('a', { href: url, rel: 'noopener noreferrer', target: '_blank', className: 'file' }, text) : el('span', { className: 'file' }, text);
}
async function tap(m, reply) {
  const problem = await sendAsCustomer({ whatsappNumber: state.selected, replyTo: m.id, ...reply });
  setText($('reply-error'), problem || '');
  refresh();
}
function interactiveView(bubble, m) {
  const d = m.interactiveData;
  const h = d.header;
  if (h && typeof h === 'object') {
    if (h.media && h.media.url) bubble.append(safeLink(h.media.url, h.media.fileName || h.media.url));
    else if (h.text) bubble.append(el('strong', { className: 'head' }, h.text));
  } else if (typeof h === 'string' && h) bubble.append(el('strong', { className: 'head' }, h));
  bubble.append(el('span', { className: 'body' }, String(d.body ?? m.text ?? '')));
  if (d.footer) bubble.append(el('small', { className: 'footer' }, String(d.footer)));
  if (d.type === 'button') {
    const group = el('div', { className: 'choices', role: 'group', 'aria-label': 'Buttons' });
    for (const b of d.buttons || []) {
      group.append(choice(String(b.text), null, () => tap(m, { buttonReply: { id: b.id, title: String(b.text) } })));
    }
    bubble.append(group);
  } else if (d.type === 'list') {
    const details = el('details', { className: 'list' }, el('summary', {}, '☰ ' + (d.buttonText || 'Options')));
    for (const s of d.sections || []) {
      const group = el('div', { className: 'choices', role: 'group', 'aria-label': s.title || 'Options' });
      if (s.title) group.append(el('p', { className: 'section-title', 'aria-hidden': 'true' }, s.title));
      for (const r of s.rows || []) {
        const reply = { id: r.id, title: String(r.title), description: r.description };
        group.append(choice(String(r.title), r.description, () => tap(m, { listReply: reply })));
      }
      details.append(group);
    }
    bubble.append(details);
  }
}
function fileView(bubble, m) {
  // A v3 fileViaUrl the sandbox did not fetch: its data is the URL itself.
  if (!m.file && /^https?:\/\//i.test(String(m.data))) {
    bubble.append(safeLink(String(m.data), String(m.data).split('/').pop() || String(m.data)));
    if (m.text) bubble.append(el('span', { className: 'caption' }, m.text));
    return;
  }
  const url = api + '/media?fileName=' + encodeURIComponent(m.data);
  const name = m.file ? m.file.name : String(m.data).split('/').pop();
  if (m.file && (m.type === 'image' || m.type === 'sticker')) {
    const img = el('img', { src: url, alt: 'Image ' + name, className: 'preview' });
    // The image grows the list once loaded: keep the newest message in view if it was.
    img.addEventListener('load', () => {
      const ol = $('messages');
      if (state.atBottom) ol.scrollTop = ol.scrollHeight;
    });
    bubble.append(img);
  }
  const link = el('a', { href: url, target: '_blank', rel: 'noopener', className: 'file' }, name);
  if (m.file) link.append(el('small', {}, ' · ' + m.type + ', ' + sizeOf(m.file.size)));
  bubble.append(link);
  if (m.text) bubble.append(el('span', { className: 'caption' }, m.text));
}
function metaText(m, out) {
  return timeOf(m.created) + (out ? ' · ' + (ticks[m.statusString] || m.statusString) : '');
}
function messageItem(m) {
  if (m.eventType === 'ticket') return { li: el('li', { className: 'event' }, m.eventDescription), sig: '' };
  const out = m.eventType === 'broadcastMessage' || m.owner;
  const bubble = el('div', { className: 'bubble' });
  if (m.eventType === 'broadcastMessage') {
    bubble.append(el('small', { className: 'kind' }, 'Template'), m.finalText);
  } else if (m.type === 'interactive' && m.interactiveData && typeof m.interactiveData === 'object') {
    interactiveView(bubble, m);
  } else if (m.data && mediaTypes.includes(m.type)) {
    fileView(bubble, m);
  } else {
    if (m.reply) bubble.append(el('small', { className: 'kind' }, m.reply.kind === 'list' ? '☰ Picked from a list' : '↩ Tapped a button'));
    bubble.append(m.text ?? '[' + m.type + ']');
  }
  const metaNode = document.createTextNode(metaText(m, out));
  bubble.append(el('span', { className: 'meta' }, metaNode));
  return { li: el('li', { className: out ? 'out' : 'in' }, bubble), metaNode, out, sig: m.statusString || '' };
}

// ---- The open conversation.
function freshMessages(messages) {
  state.messages = new Map();
  const ol = el('ol', { id: 'messages', tabIndex: 0, 'aria-label': 'Messages', 'aria-live': 'polite', 'aria-relevant': 'additions' });
  for (const m of messages) {
    const item = messageItem(m);
    state.messages.set(m.id, item);
    ol.append(item.li);
  }
  ol.addEventListener('scroll', () => {
    state.atBottom = ol.scrollHeight - ol.scrollTop - ol.clientHeight < 40;
  });
  $('messages').replaceWith(ol);
  ol.scrollTop = ol.scrollHeight;
  state.atBottom = true;
}
function updateMessages(messages) {
  const ol = $('messages');
  const atBottom = state.atBottom;
  let added = false;
  for (const m of messages) {
    const known = state.messages.get(m.id);
    if (!known) {
      const item = messageItem(m);
      state.messages.set(m.id, item);
      ol.append(item.li);
      added = true;
    } else if (known.metaNode && known.sig !== (m.statusString || '')) {
      known.sig = m.statusString || '';
      known.metaNode.data = metaText(m, known.out);
    }
  }
  if (added && atBottom) {
    ol.scrollTop = ol.scrollHeight;
    state.atBottom = true;
  }
}
async function refreshChat() {
  const wAid = state.selected;
  const seq = ++state.chatSeq;
  const res = await fetch(api + '/conversations/' + wAid + '?messages=200');
  if (seq !== state.chatSeq || wAid !== state.selected) return;
  if (res.status === 404) {
    // Gone (the sandbox was reset): back to the list, which shows the empty state if need be.
    state.selected = null;
    state.loaded = false;
    show('none');
    return;
  }
  if (!res.ok) throw new Error(await problemOf(res));
  const c = (await res.json()).conversation;
  if (seq !== state.chatSeq || wAid !== state.selected) return;
  setText($('chat-title'), labelOf(c));
  setText($('window'), c.windowOpen ? '24-hour window open' : '24-hour window closed: only templates can be sent');
  if (!state.loaded) {
    freshMessages(c.messages);
    state.loaded = true;
  } else updateMessages(c.messages);
  const earlier = c.messageTotal - state.messages.size;
  $('earlier').hidden = earlier <= 0;
  setText($('earlier'), 'Showing the newest ' + state.messages.size + ' of ' + c.messageTotal + ' messages.');
}

// ---- What the right-hand side shows: a conversation, the new-conversation form, or a hint.
function show(mode) {
  state.mode = mode;
  $('chat').hidden = mode !== 'chat';
  $('compose').hidden = mode !== 'compose';
  $('pick').hidden = mode !== 'none';
  $('app').dataset.view = mode === 'none' ? 'list' : 'detail';
  for (const [wAid, row] of state.rows) markCurrent(row, wAid);
}
function select(wAid, byPerson) {
  if (state.selected !== wAid) {
    if (state.selected) state.drafts.set(state.selected, $('reply-text').value);
    state.selected = wAid;
    state.loaded = false;
    $('reply-text').value = state.drafts.get(wAid) || '';
    setText($('reply-error'), '');
    freshMessages([]);
  }
  show('chat');
  if (byPerson) $('chat-title').focus();
  refreshChat().catch(showProblem);
}
function compose(byPerson) {
  show('compose');
  if (byPerson) $('new-number').focus();
}
function back() {
  show('none');
  const row = state.selected && state.rows.get(state.selected);
  if (row) row.button.focus();
}

// ---- Polling.
function showProblem(err) {
  // fetch rejects with a TypeError when the sandbox does not answer at all.
  setText($('problem'), !err ? '' : err instanceof TypeError ? 'Cannot reach the sandbox: ' + err.message : err.message);
}
async function refresh() {
  const seq = ++state.listSeq;
  try {
    const params = new URLSearchParams({ limit: String(state.shown), messages: '1' });
    if (state.q) params.set('q', state.q);
    const res = await fetch(api + '/conversations?' + params);
    if (!res.ok) throw new Error(await problemOf(res));
    const data = await res.json();
    if (seq !== state.listSeq) return;
    renderList(data);
    setText($('status'), 'Tenant ' + tenant + ' · sandbox time ' + new Date(data.now).toLocaleString());
    const empty = data.total === 0 && !state.q;
    $('intro').hidden = !empty;
    // With no conversation at all there is no list to go back to on a narrow screen.
    $('compose').querySelector('.back').hidden = empty;
    if (empty && state.mode !== 'compose' && !state.selected) compose(false);
    else if (!state.everLoaded && !empty && !narrow.matches && data.conversations[0]) select(data.conversations[0].contact.wAid, false);
    state.everLoaded = true;
    if (state.selected && state.mode === 'chat' && state.loaded) await refreshChat();
    showProblem();
  } catch (err) {
    showProblem(err);
  }
}

let searchTimer;
$('q').addEventListener('input', () => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(() => {
    state.q = $('q').value.trim();
    state.shown = pageSize;
    refresh();
  }, 250);
});
$('search').addEventListener('submit', (ev) => ev.preventDefault());
$('more').addEventListener('click', () => {
  state.shown += pageSize;
  refresh();
});
$('new').addEventListener('click', () => compose(true));
for (const b of document.querySelectorAll('.back')) b.addEventListener('click', back);
$('reply-text').addEventListener('input', () => state.drafts.set(state.selected, $('reply-text').value));
$('reply').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const input = $('reply-text');
  const wAid = state.selected;
  const problem = await sendAsCustomer({ whatsappNumber: wAid, text: input.value });
  setText($('reply-error'), problem || '');
  if (!problem && state.selected === wAid) {
    input.value = '';
    state.drafts.delete(wAid);
  }
  refresh();
});
$('compose-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const form = ev.target;
  const number = form.elements.number.value;
  const name = form.elements.name.value.trim();
  const problem = await sendAsCustomer({
    whatsappNumber: number, text: form.elements.text.value, ...(name ? { senderName: name } : {}),
  });
  setText($('compose-error'), problem || '');
  if (problem) return;
  form.reset();
  state.q = '';
  $('q').value = '';
  select(number.replace(/\D/g, ''), true);
  refresh();
});
narrow.addEventListener('change', () => show(state.mode));
addEventListener('resize', () => {
  if (state.atBottom) $('messages').scrollTop = $('messages').scrollHeight;
});
refresh();
setInterval(refresh, 2000);
`;
