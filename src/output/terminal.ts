/** Terminal concerns: colour decisions and making untrusted text safe to print. */
import { Chalk, type ChalkInstance } from 'chalk';
import stringWidth from 'string-width';

export type Style = ChalkInstance;

/** A chalk instance that colours only when asked to, whatever chalk detects on its own. */
export function createStyle(color: boolean, level: 1 | 2 | 3 = 1): Style {
  return new Chalk({ level: color ? level : 0 });
}

/** Colour only on a terminal, never with NO_COLOR or --no-color, never in JSON. */
export function wantsColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv, flag: boolean): boolean {
  if (!flag) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return true;
  if (env.TERM === 'dumb') return false;
  return stream.isTTY === true;
}

// C0 controls except tab and newline, DEL, C1 controls, and bidi overrides that can disguise text.
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const UNSAFE_INLINE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

function escapeChar(ch: string): string {
  const code = ch.codePointAt(0)!;
  if (ch === '\n') return '\\n';
  if (ch === '\t') return '\\t';
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * Text from the backlog is data, never terminal commands: escape sequences and
 * control characters are shown escaped (ESC as \x1b), so they cannot recolour,
 * move the cursor, or retitle the terminal.
 */
export function safe(text: string, options: { multiline?: boolean } = {}): string {
  return text.replace(options.multiline ? UNSAFE : UNSAFE_INLINE, escapeChar);
}

export function displayWidth(text: string): number {
  return stringWidth(text);
}

/** Cuts text to a display width, ending in … when it had to cut. */
export function truncate(text: string, width: number): string {
  if (width <= 0) return '';
  if (displayWidth(text) <= width) return text;
  let out = '';
  let w = 0;
  for (const ch of text) {
    const cw = displayWidth(ch);
    if (w + cw > width - 1) break;
    out += ch;
    w += cw;
  }
  return `${out}…`;
}

export function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

export function padStart(text: string, width: number): string {
  return ' '.repeat(Math.max(0, width - displayWidth(text))) + text;
}
