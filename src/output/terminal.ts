/**
 * Terminal concerns: colour decisions, display widths and making untrusted text safe to print.
 * chalk and string-width load only when needed (colour on a terminal, text beyond plain ASCII):
 * together they cost more start-up time than reading the backlog does.
 */
import type { ChalkInstance } from 'chalk';
import { fstatSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';

export type Style = ChalkInstance;

let chalkClass: typeof import('chalk').Chalk | undefined;

/** Loads chalk; createStyle(true) colours only after this (the CLI calls it when colour is wanted). */
export async function loadColors(): Promise<void> {
  chalkClass ??= (await import('chalk')).Chalk;
}

const MODEL_METHODS = new Set(['rgb', 'hex', 'ansi256', 'bgRgb', 'bgHex', 'bgAnsi256']);

/** Behaves as a chalk instance at level 0 (text passes through unchanged) without loading chalk. */
const PLAIN: Style = new Proxy((...text: unknown[]) => (text.length === 1 ? String(text[0]) : text.join(' ')), {
  get: (_target, prop) => (prop === 'level' ? 0 : typeof prop === 'string' && MODEL_METHODS.has(prop) ? () => PLAIN : PLAIN),
}) as unknown as Style;

/** A chalk instance that colours only when asked to, whatever chalk detects on its own. */
export function createStyle(color: boolean, level: 1 | 2 | 3 = 1): Style {
  // Without loadColors() first, degrade to plain text rather than fail.
  return color && chalkClass ? new chalkClass({ level }) : PLAIN;
}

let devNull: number | undefined;

/**
 * Whether a file descriptor is a terminal. node:tty would answer, but loading it loads Node's
 * networking modules, a few milliseconds on every start. A terminal is a character device, and
 * output that is not a terminal is a file, a pipe, a socket or /dev/null: those are answered
 * from one fstat. Any other character device is asked of node:tty.
 */
export function isTerminal(fd: number): boolean {
  let device;
  try {
    device = fstatSync(fd);
  } catch {
    return false;
  }
  if (!device.isCharacterDevice()) return false;
  devNull ??= statSync('/dev/null', { throwIfNoEntry: false })?.rdev ?? -1;
  if (device.rdev === devNull) return false;
  return (createRequire(import.meta.url)('node:tty') as typeof import('node:tty')).isatty(fd);
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

let stringWidth: ((text: string) => number) | undefined;
let approximated = false;
const PLAIN_ASCII = /^[\x20-\x7e]*$/;

/** Loads the Unicode width tables (wide CJK, emoji, combining marks). */
export async function loadWidths(): Promise<void> {
  stringWidth ??= (await import('string-width')).default;
}

/** Columns the text takes on a terminal. Exact for plain ASCII, and for anything once loadWidths() ran. */
export function displayWidth(text: string): number {
  if (PLAIN_ASCII.test(text)) return text.length;
  if (stringWidth) return stringWidth(text);
  approximated = true;
  return [...text].length;
}

/**
 * Renders with plain-ASCII widths, the common case; when the text needed the Unicode width
 * tables, loads them and renders again, so the result is always exact.
 */
export async function renderWithWidths(render: () => string): Promise<string> {
  if (!stringWidth) {
    approximated = false;
    const out = render();
    if (!approximated) return out;
    await loadWidths();
  }
  return render();
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
