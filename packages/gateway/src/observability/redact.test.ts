import { describe, expect, it } from 'vitest';
import { maskPhones, redact } from './redact.js';

describe('redact', () => {
  it('hides keys, bearer tokens and connect-session tokens', () => {
    expect(redact('key wg_AbCdEfGh123 used; Authorization: Bearer abc.def; GET /connect/Zx9_-aa?x')).toBe(
      'key wg_[redacted] used; Authorization: Bearer [redacted]; GET /connect/[redacted]?x',
    );
  });
});

describe('redact in JSON log lines', () => {
  it('hides a secret glued to an escaped newline or tab, as JSON.stringify writes it', () => {
    const line = JSON.stringify({ msg: 'body:\nwg_AbCdEfGh123\tBearer abc.def\nwhk_Zz99zz\nwhsec_Yy88yy==' });
    const out = redact(line);
    expect(out).not.toContain('AbCdEfGh123');
    expect(out).not.toContain('abc.def');
    expect(out).not.toContain('Zz99zz');
    expect(out).not.toContain('Yy88yy');
    expect(out).toContain('wg_[redacted]');
  });
});

describe('maskPhones', () => {
  it('masks phone numbers in paths and queries but not other digits', () => {
    expect(maskPhones('/wati/api/v1/getMessages/14155551234?pageSize=10&whatsappNumber=447700900123')).toBe(
      '/wati/api/v1/getMessages/14*******34?pageSize=10&whatsappNumber=44********23',
    );
    expect(maskPhones('/connections/6f1c7a52-0d52-4a4c-9a8e-1c2b3d4e5f60')).toBe(
      '/connections/6f1c7a52-0d52-4a4c-9a8e-1c2b3d4e5f60',
    );
  });
});
