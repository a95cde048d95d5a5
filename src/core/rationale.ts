/**
 * Is a value rationale a real reason? Placeholders (`tbd`, `n/a`, `same as above`, the
 * title repeated) and rationales shorter than the configured minimum are not.
 * Comparison ignores case, punctuation and spacing. Written to cost well under a microsecond
 * per rationale: `ordo check` runs this on every open item, so plain ASCII text (nearly all of
 * it) is measured and compared in single passes over its characters, without building the
 * normalised text; other text goes through `normaliseText` with the Unicode classes.
 */

import { hasWordCharacter, isWhitespace, separatorRuns } from './text-classes.js';

// For plain ASCII text the same separators without Unicode property classes, several times
// faster: punctuation, symbols and whitespace are the ASCII characters that are neither letters,
// digits nor control characters.
const ASCII = /^[\x00-\x7f]*$/;
const ASCII_SEPARATORS = /[\t-\r -/:-@[-`{-~]+/g;
/** The same class as ASCII_SEPARATORS, as a table by character code, for the single-pass scans. */
const IS_ASCII_SEPARATOR = new Uint8Array(128).map((_, c) => ((c >= 9 && c <= 13) || (c >= 32 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126) ? 1 : 0));
/** ASCII whitespace, as `countWords` splits on it. */
const isAsciiSpace = (code: number): boolean => code === 32 || (code >= 9 && code <= 13);
/** ASCII letters and digits: what makes a token a word for `countWords`. */
const isAsciiWordlike = (code: number): boolean => (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);

/** Placeholders people type instead of a reason, in their compact form (see `compact`). */
const PLACEHOLDERS = new Set(
  ['tbd', 'tbc', 'tba', 'todo', 'fixme', 'n/a', 'na', 'none', 'xxx', '?', 'same as above', 'see above', 'ditto', 'placeholder', 'same'].map(
    (p) => compact(p),
  ),
);
const LONGEST_PLACEHOLDER = Math.max(...[...PLACEHOLDERS].map((p) => p.length));

let segmenter: Intl.Segmenter | undefined;

/** Lower case, punctuation, symbols and runs of spaces as one space. */
export function normaliseText(text: string): string {
  return text.toLowerCase().replace(ASCII.test(text) ? ASCII_SEPARATORS : separatorRuns(), ' ').trim();
}

/** `normaliseText` without any spaces: "N/A" and "n.a." both become "na". */
export function compact(text: string): string {
  return normaliseText(text).replaceAll(' ', '');
}

// Scripts written without spaces between words (CJK, Thai, Lao, Myanmar, Khmer).
function isUnspacedScript(code: number): boolean {
  return (
    (code >= 0x3040 && code <= 0x30ff) ||
    (code >= 0x3400 && code <= 0x9fff) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0x0e00 && code <= 0x0eff) ||
    (code >= 0x1000 && code <= 0x109f) ||
    (code >= 0x1780 && code <= 0x17ff)
  );
}

/**
 * Words in a text: whitespace-separated runs holding a letter or digit ("3-D" is one word;
 * Japanese and Thai are segmented). Stops counting at `stopAt`.
 */
export function countWords(text: string, stopAt = Number.POSITIVE_INFINITY): number {
  let words = 0;
  let inToken = false;
  let tokenHasWord = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    let space: boolean;
    let word = false;
    if (code < 128) {
      space = isAsciiSpace(code);
      word = isAsciiWordlike(code);
    } else {
      if (isUnspacedScript(code)) return segmentWords(text);
      const ch = text[i]!;
      space = isWhitespace(ch);
      word = !space && hasWordCharacter(String.fromCodePoint(text.codePointAt(i)!));
    }
    if (space) {
      if (inToken && tokenHasWord && ++words >= stopAt) return words;
      inToken = false;
      tokenHasWord = false;
    } else {
      inToken = true;
      tokenHasWord ||= word;
    }
  }
  if (inToken && tokenHasWord) words += 1;
  return words;
}

function segmentWords(text: string): number {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'word' });
  let n = 0;
  for (const s of segmenter.segment(text)) if (s.isWordLike) n += 1;
  return n;
}

export type RationaleProblem =
  | { kind: 'missing' }
  | { kind: 'placeholder'; text: string }
  | { kind: 'title-repeated' }
  | { kind: 'too-short'; words: number; min: number };

export interface RationaleAnalysis {
  problem: RationaleProblem | null;
  /**
   * A hash of the normalised text, for finding the same rationale on several items: rationales
   * that normalise alike hash alike, and two that hash alike are the same only if their
   * `normaliseText` are. 0 when missing.
   */
  hash: number;
}

/** A normalised text, measured: its length, its length without spaces (`compact`), its hash. */
interface Measure {
  length: number;
  compactLength: number;
  hash: number;
  /** `countWords` of the text it was measured from, when the same pass could count them; -1 otherwise. */
  words: number;
}

// FNV-1a over UTF-16 code units, with the length mixed in at the end.
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** `normaliseText(text)` measured in one pass without building it, its words counted too; null when the text is not plain ASCII. */
function measureAscii(text: string): Measure | null {
  let hash = FNV_OFFSET;
  let length = 0;
  let compactLength = 0;
  let space = false;
  let words = 0;
  let tokenHasWord = false;
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    if (code >= 128) return null;
    if (IS_ASCII_SEPARATOR[code] === 1) {
      // A run of separators is one space, and only between other characters (normaliseText trims).
      space = length > 0;
      // Words are split on whitespace only: "3-D" is one.
      if (tokenHasWord && isAsciiSpace(code)) {
        words += 1;
        tokenHasWord = false;
      }
      continue;
    }
    // Not a separator: a letter, a digit or a control character.
    tokenHasWord ||= isAsciiWordlike(code);
    if (space) {
      hash = Math.imul(hash ^ 32, FNV_PRIME);
      length += 1;
      space = false;
    }
    code = lowerAscii(code);
    hash = Math.imul(hash ^ code, FNV_PRIME);
    length += 1;
    compactLength += 1;
  }
  return { length, compactLength, hash: Math.imul(hash ^ length, FNV_PRIME), words: tokenHasWord ? words + 1 : words };
}

/** The same measure of a text already normalised (any characters). */
function measureNormalised(normalised: string): Measure {
  let hash = FNV_OFFSET;
  let compactLength = 0;
  for (let i = 0; i < normalised.length; i++) {
    const code = normalised.charCodeAt(i);
    hash = Math.imul(hash ^ code, FNV_PRIME);
    if (code !== 32) compactLength += 1;
  }
  return { length: normalised.length, compactLength, hash: Math.imul(hash ^ normalised.length, FNV_PRIME), words: -1 };
}

/** The hash `analyseRationale` gives a text: the same for every text with the same `normaliseText`. */
export function normalisedHash(text: string): number {
  return (measureAscii(text) ?? measureNormalised(normaliseText(text))).hash;
}

/**
 * `compact(a) === compact(b)`, decided character by character without building either; null
 * when a character beyond ASCII comes before the answer (lower-casing it may yield ASCII, or more
 * than one character, so only `compact` itself can tell).
 */
function sameCompactAscii(a: string, b: string): boolean | null {
  let i = 0;
  let j = 0;
  for (;;) {
    i = nextCompactAscii(a, i);
    j = nextCompactAscii(b, j);
    if (i < 0 || j < 0) return null;
    // The next character of each compact form, lower-cased; -1 at its end.
    const x = i < a.length ? lowerAscii(a.charCodeAt(i++)) : -1;
    const y = j < b.length ? lowerAscii(b.charCodeAt(j++)) : -1;
    if (x !== y) return false;
    if (x === -1) return true;
  }
}

/** Where the next character of `text`'s compact form is, from `at` (its length at the end); -1 when a character beyond ASCII comes first. */
function nextCompactAscii(text: string, at: number): number {
  for (; at < text.length; at++) {
    const code = text.charCodeAt(at);
    if (code >= 128) return -1;
    if (IS_ASCII_SEPARATOR[code] === 0) return at;
  }
  return at;
}

function lowerAscii(code: number): number {
  return code >= 65 && code <= 90 ? code + 32 : code;
}

/** What is wrong with a rationale (null when it reads as a reason), and the hash of its normalised text. */
export function analyseRationale(rationale: string | null, title: string, minWords: number): RationaleAnalysis {
  const text = rationale === null ? '' : rationale.trim();
  if (text === '') return { problem: { kind: 'missing' }, hash: 0 };
  const { length, compactLength, hash, words: counted } = measureAscii(text) ?? measureNormalised(normaliseText(text));
  if (length === 0) return { problem: { kind: 'placeholder', text }, hash };
  // Spaces in the normalised text are single and between words, so its compact form is at least
  // half as long: long rationales cannot be placeholders or short titles, and skip the work.
  const half = (length - 1) / 2;
  if (half <= LONGEST_PLACEHOLDER || half <= title.length) {
    if (compactLength <= LONGEST_PLACEHOLDER && PLACEHOLDERS.has(compact(text))) return { problem: { kind: 'placeholder', text }, hash };
    if (sameCompactAscii(text, title) ?? compact(text) === compact(title)) return { problem: { kind: 'title-repeated' }, hash };
  }
  if (minWords > 0) {
    const words = counted >= 0 ? counted : countWords(text, minWords);
    if (words < minWords) return { problem: { kind: 'too-short', words, min: minWords }, hash };
  }
  return { problem: null, hash };
}

export function rationaleProblem(rationale: string | null, title: string, minWords: number): RationaleProblem | null {
  return analyseRationale(rationale, title, minWords).problem;
}

/** True for rationales that say nothing: empty, a placeholder, or the title repeated. */
export function isPlaceholder(rationale: string | null, title: string): boolean {
  return rationaleProblem(rationale, title, 0) !== null;
}
