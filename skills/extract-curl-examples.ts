/**
 * Reads the curl examples out of a SKILL.md: every `curl` line of every ```bash block, parsed
 * into method, URL, headers and body, with the shell lines before it in the same block (files it
 * needs) and the shell variables it uses. Used by skill.test.ts to check each example's path
 * against the registry, and by whoever runs the examples against a live gateway.
 */

export interface CurlExample {
  /** 1-based line of the curl command in the file. */
  line: number;
  /** The `##` heading the example sits under. */
  section: string;
  /** The command as written. */
  command: string;
  /** Shell lines that come before it in the same block (e.g. creating the file it uploads). */
  setup: string[];
  method: string;
  /** The URL as written, variables unexpanded: `$WATIGATE_URL/wati/api/v1/getContacts?pageSize=10`. */
  url: string;
  /** The path after `$WATIGATE_URL`, without the query: `/wati/api/v1/getContacts`. */
  path: string;
  /** The query string as written, without `?`; with `-G`, the `-d`/`--data-urlencode` values too. */
  query: string;
  headers: Record<string, string>;
  /** `-d`/`--data` and `--data-urlencode` values (in the body unless `-G`). */
  data: string[];
  /** `-F` multipart fields. */
  form: string[];
  /** Flags without a value: `-s`, `-g`, `-G`. */
  flags: string[];
  /** Output file (`-o`), if any. */
  output?: string;
  /** Shell variables used, e.g. `WATIGATE_URL`, `connection_id`. */
  variables: string[];
}

/** Splits a shell line into words: single quotes literal, double quotes keep `$VAR` as written. */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (quote) {
      if (c === quote) quote = undefined;
      else if (quote === '"' && c === '\\' && i + 1 < line.length) word += line[++i];
      else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

const valued = new Set([
  '-X',
  '--request',
  '-H',
  '--header',
  '-d',
  '--data',
  '--data-urlencode',
  '-F',
  '--form',
  '-o',
]);

function parseCurl(command: string): Omit<CurlExample, 'line' | 'section' | 'setup'> {
  const words = shellWords(command.replace(/^.*?\bcurl\s/, 'curl '));
  let method: string | undefined;
  let url = '';
  const headers: Record<string, string> = {};
  const data: string[] = [];
  const form: string[] = [];
  const flags: string[] = [];
  let output: string | undefined;
  for (let i = 1; i < words.length; i++) {
    const w = words[i] as string;
    if (w === '|') break;
    if (valued.has(w)) {
      const v = words[++i] ?? '';
      if (w === '-X' || w === '--request') method = v;
      else if (w === '-H' || w === '--header') {
        const at = v.indexOf(':');
        headers[v.slice(0, at).trim().toLowerCase()] = v.slice(at + 1).trim();
      } else if (w === '-F' || w === '--form') form.push(v);
      else if (w === '-o') output = v;
      else data.push(v);
    } else if (w.startsWith('-')) flags.push(w);
    else if (url === '') url = w;
  }
  const get = flags.includes('-G') || flags.includes('--get');
  const [base = '', written = ''] = url.split(/\?(.*)/s);
  const query = [written, ...(get ? data : [])].filter((q) => q !== '').join('&');
  const variables = [
    ...new Set([...command.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1] as string)),
  ];
  return {
    command,
    method: method ?? (!get && (data.length > 0 || form.length > 0) ? 'POST' : 'GET'),
    url,
    path: base.replace(/^\$\{?WATIGATE_URL\}?/, ''),
    query,
    headers,
    data,
    form,
    flags,
    ...(output === undefined ? {} : { output }),
    variables,
  };
}

/** Every curl example of a Markdown document, in order. */
export function extractCurlExamples(markdown: string): CurlExample[] {
  const examples: CurlExample[] = [];
  const lines = markdown.split('\n');
  let section = '';
  let block: string[] | undefined;
  lines.forEach((line, index) => {
    if (block === undefined) {
      if (/^##\s/.test(line)) section = line.replace(/^#+\s*/, '');
      if (/^```(bash|sh|shell)\s*$/.test(line)) block = [];
      return;
    }
    if (/^```\s*$/.test(line)) {
      block = undefined;
      return;
    }
    if (/(^|\$\()\s*curl\s/.test(line)) {
      examples.push({ line: index + 1, section, setup: [...block], ...parseCurl(line.trim()) });
    }
    block.push(line);
  });
  return examples;
}
