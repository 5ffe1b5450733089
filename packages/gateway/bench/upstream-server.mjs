/**
 * The proxy benchmark's minimal WATI upstream, in its own process: `node:http` answering a fixed,
 * WATI-shaped getContacts page (about 1 KB) and the one-template page the connect page verifies
 * with, each only for `Authorization: Bearer <token>`. Started by bench-lib.mjs's startUpstream,
 * which reads `{port}` from the IPC channel; it exits when the parent disconnects.
 */
import { createServer } from 'node:http';

const token = process.argv[2] ?? 'bench-wati-token';

const contact = (i) => ({
  id: `65f0c0ffee00000000000${String(i).padStart(3, '0')}`,
  wAid: `1415555${String(1000 + i)}`,
  firstName: `Contact ${i}`,
  fullName: `Contact ${i} Example`,
  phone: `1415555${String(1000 + i)}`,
  source: null,
  contactStatus: 'VALID',
  photo: null,
  created: 'Jan-01-2026',
  customParams: [{ name: 'city', value: 'Lisbon' }],
  optedIn: true,
  isDeleted: false,
  lastUpdated: '2026-01-01T00:00:00.000Z',
  allowBroadcast: true,
  allowSMS: false,
  teamIds: [],
});
const contacts = Buffer.from(
  JSON.stringify({
    result: 'success',
    contact_list: [contact(1), contact(2), contact(3)],
    link: { prevPage: null, nextPage: null, pageNumber: 1, pageSize: 3, total: 3 },
  }),
);
const templates = Buffer.from(
  JSON.stringify({
    result: 'success',
    messageTemplates: [
      { id: 't1', elementName: 'login_code', status: 'APPROVED', language: { value: 'en' } },
    ],
    link: { prevPage: null, nextPage: null, pageNumber: 1, pageSize: 1, total: 1 },
  }),
);
const expected = `Bearer ${token}`;

const server = createServer((req, res) => {
  req.resume();
  if (req.headers.authorization !== expected) {
    res.writeHead(401, { 'content-type': 'application/json' }).end('{"result":false,"info":"Unauthorized"}');
    return;
  }
  const path = req.url?.split('?')[0] ?? '';
  const body = path.endsWith('/api/v1/getContacts')
    ? contacts
    : path.endsWith('/api/v1/getMessageTemplates')
      ? templates
      : undefined;
  if (!body) {
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"result":false,"info":"Not found"}');
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
  res.end(body);
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.send?.({ type: 'ready', port: server.address().port, bodyBytes: contacts.length });
});
process.on('disconnect', () => process.exit(0));
