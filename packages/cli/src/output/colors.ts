/**
 * Colour for people, never for pipes: on when the stream is a terminal, off with NO_COLOR
 * (https://no-color.org) or TERM=dumb, forced on by FORCE_COLOR (off again with FORCE_COLOR=0),
 * the conventions gh and node follow. Styling is node's own `util.styleText`.
 */
import { styleText } from 'node:util';

export interface Style {
  readonly enabled: boolean;
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
}

/** Whether to colour a stream: FORCE_COLOR first, then NO_COLOR and TERM=dumb, then the terminal. */
export function colorEnabled(env: Readonly<Record<string, string | undefined>>, isTTY: boolean): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return isTTY;
}

type Format = Parameters<typeof styleText>[0];

export function createStyle(enabled: boolean): Style {
  // validateStream: false — the decision is colorEnabled's, made for the stream actually written to.
  const paint = (format: Format) => (text: string) =>
    enabled ? styleText(format, text, { validateStream: false }) : text;
  return {
    enabled,
    bold: paint('bold'),
    dim: paint('dim'),
    red: paint('red'),
    green: paint('green'),
    yellow: paint('yellow'),
    cyan: paint('cyan'),
  };
}

/** No colour at all: what tests and `--json` see. */
export const plainStyle: Style = createStyle(false);
