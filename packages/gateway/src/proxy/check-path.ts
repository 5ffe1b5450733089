/**
 * Path hygiene for `/wati/<native-api-path>`: the request must name a path below the
 * connection's API endpoint and nothing else. Dot segments, encoded slashes, dots or
 * backslashes, empty segments and absolute URLs are refused rather than normalised, so what the
 * allowlist matched is exactly what WATI receives.
 */
import { GatewayError } from '../errors/gateway-error.js';

export interface WatiTarget {
  /** Raw path below the API endpoint, e.g. `/api/v1/getMessages/14155551234`. */
  path: string;
  /** Raw query string without `?`, passed through byte for byte; '' when absent. */
  query: string;
}

const PREFIX = '/wati';

/** True when `text` holds a C0 control character or DEL. */
function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/** True when every `%XX` in `path` decodes (as UTF-8) and no `%` stands alone. */
function decodes(path: string): boolean {
  if (!path.includes('%')) return true;
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

const forbiddenInPath: Array<[RegExp, string]> = [
  [/\\/, 'a backslash'],
  [/%(2e|2f|5c|00)/i, 'an encoded dot, slash, backslash or NUL'],
  [/\/\//, 'an empty segment (//)'],
  // `..;x` is a dot segment to servers that strip path parameters (Tomcat, Spring, Jetty).
  [/(^|\/)\.\.?(;[^/]*)?(\/|$)/, 'a dot segment'],
  [/^\/[a-z][a-z0-9+.-]*:/i, 'an absolute URL'],
];

/** How many extra rounds of percent-decoding a server behind WATI's front might apply. */
const DECODE_ROUNDS = 3;

/**
 * True when a segment, decoded once more than HTTP requires (up to DECODE_ROUNDS times), stripped
 * of `;params` and NFKC-normalised (fullwidth dots become dots), is a dot segment or holds a
 * slash, backslash or NUL: `%252e%252e`, `a%252f..`, `%ef%bc%8e%ef%bc%8e`. A literal percent
 * sign that hides none of these (`50%25off`) passes.
 */
function hidesTraversal(path: string): boolean {
  if (!/[%\u0080-\uffff]/.test(path)) return false;
  for (const raw of path.split('/')) {
    let segment = raw;
    for (let round = 0; round <= DECODE_ROUNDS; round++) {
      const plain = segment.split(';', 1)[0]?.normalize('NFKC') ?? '';
      if (plain === '.' || plain === '..' || /[/\\\0]/.test(plain)) return true;
      if (!segment.includes('%')) break;
      try {
        segment = decodeURIComponent(segment);
      } catch {
        break;
      }
    }
  }
  return false;
}

/** Splits and checks the raw request URL (`request.raw.url`); throws 400 invalid_path. */
export function checkWatiPath(rawUrl: string): WatiTarget {
  const q = rawUrl.indexOf('?');
  const fullPath = q === -1 ? rawUrl : rawUrl.slice(0, q);
  const query = q === -1 ? '' : rawUrl.slice(q + 1);
  if (!fullPath.startsWith(`${PREFIX}/`)) {
    throw new GatewayError('invalid_path', 'The path must start with /wati/ followed by the WATI API path');
  }
  const path = fullPath.slice(PREFIX.length);
  if (hasControlCharacter(path) || path.includes(' ')) {
    throw new GatewayError(
      'invalid_path',
      'The path holds a control character or space; percent-encode path parameters once',
    );
  }
  for (const [pattern, what] of forbiddenInPath) {
    if (pattern.test(path)) {
      throw new GatewayError(
        'invalid_path',
        `The path holds ${what}; send the WATI path as documented, e.g. /wati/api/v1/getContacts`,
      );
    }
  }
  if (!decodes(path)) {
    throw new GatewayError(
      'invalid_path',
      'The path holds a malformed percent-encoding; encode each byte as %XX of valid UTF-8',
    );
  }
  if (hidesTraversal(path)) {
    throw new GatewayError(
      'invalid_path',
      'The path holds a dot segment or separator hidden by encoding; percent-encode path parameters once',
    );
  }
  if (hasControlCharacter(query) || /[#\\]/.test(query)) {
    throw new GatewayError('invalid_path', 'The query string holds a control character, a backslash or a #');
  }
  return { path, query };
}
