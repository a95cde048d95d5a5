/**
 * The one parser for numbers people type (flags, arguments, prompts): decimal digits only.
 * JavaScript's Number() also takes " 5", "0x5", "1e3", "5.0" and "" (as 0); a backlog takes
 * none of them, so every numeric option reads its text through these two functions.
 */

import { UsageError } from '../errors.js';

const WHOLE = /^[0-9]+$/;
const POINTS = /^[0-9]+(?:\.[0-9]+)?$/;

/** A decimal whole number from `min` to `max` as typed ("12"), or null for anything else. */
export function parseWhole(text: string, min = 0, max = Number.MAX_SAFE_INTEGER): number | null {
  if (!WHOLE.test(text) || text.length > 16) return null;
  const n = Number(text);
  return Number.isSafeInteger(n) && n >= min && n <= max ? n : null;
}

/** A decimal number with an optional fraction ("3", "0.5"), from `min` to `max`, or null. */
export function parseDecimal(text: string, min: number, max: number): number | null {
  if (!POINTS.test(text) || text.length > 32) return null;
  const n = Number(text);
  return Number.isFinite(n) && n >= min && n <= max ? n : null;
}

/** Parses a 1-based position or step count given on the command line. */
export function parsePosition(text: string, flag: string): number {
  const n = parseWhole(text, 1);
  if (n === null) throw new UsageError(`${flag} expects a whole number of 1 or more, got "${text}".`, `For example: ${flag} 3`);
  return n;
}
