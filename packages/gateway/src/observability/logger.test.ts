import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';

function capture(level: 'trace' | 'info') {
  const lines: string[] = [];
  const logger = createLogger({ level, destination: { write: (line: string) => lines.push(line) } });
  return { logger, lines };
}

const key = 'wg_pjMLe9RDS8mMfHSTaR5tRu8JP6kG-kBY1eMF1iybsQo';

describe('createLogger', () => {
  it('redacts keys and bearer tokens wherever they sit in a line, at every level', () => {
    const { logger, lines } = capture('trace');
    logger.trace({ note: `sent ${key}`, nested: { header: `Bearer ${key}` } }, `saw ${key}`);
    logger.info({ list: [key] }, 'list');
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).not.toContain(key.slice(3));
    expect(lines[0]).toContain('wg_[redacted]');
  });

  it('drops the raw request bytes Node attaches to a parse error', () => {
    const { logger, lines } = capture('trace');
    const err = Object.assign(new Error('Parse Error: Invalid header token'), {
      code: 'HPE_INVALID_HEADER_TOKEN',
      rawPacket: Buffer.from(`GET / HTTP/1.1\r\nAuthorization: Bearer ${key}\r\n`),
    });
    logger.trace({ err }, 'client error');
    const logged = JSON.parse(lines[0] ?? '{}') as { err: Record<string, unknown> };
    expect(logged.err).toMatchObject({
      code: 'HPE_INVALID_HEADER_TOKEN',
      message: 'Parse Error: Invalid header token',
    });
    expect(logged.err).not.toHaveProperty('rawPacket');
  });
});
