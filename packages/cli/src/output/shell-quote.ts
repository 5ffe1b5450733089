/** Quotes one argument for a POSIX shell, only when it needs it: printed commands must work when pasted. */
export function shellQuote(arg: string): string {
  if (/^[\w@%+=:,./-]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** A command line from its words, each quoted as needed. */
export const shellCommand = (words: readonly string[]) => words.map(shellQuote).join(' ');
