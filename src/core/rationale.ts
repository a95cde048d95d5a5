/**
 * Is a value rationale a real reason? Placeholders (`tbd`, `n/a`, `same as above`, the
 * title repeated) and rationales shorter than the configured minimum are not.
 * Comparison ignores case, punctuation and spacing. Written to cost about a microsecond
 * per rationale: `ordo check` runs this on every open item.
 */

const SEPARATORS = /[\p{P}\p{S}\s]+/gu;
const WORDLIKE = /[\p{L}\p{N}]/u;
const SPACE = /\s/u;

// For plain ASCII text the same separators without Unicode property classes, several times
// faster: punctuation, symbols and whitespace are the ASCII characters that are neither letters,
// digits nor control characters.
const ASCII = /^[\x00-\x7f]*$/;
const ASCII_SEPARATORS = /[\t-\r -/:-@[-`{-~]+/g;

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
  return text.toLowerCase().replace(ASCII.test(text) ? ASCII_SEPARATORS : SEPARATORS, ' ').trim();
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
      space = code === 32 || (code >= 9 && code <= 13);
      word = (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
    } else {
      if (isUnspacedScript(code)) return segmentWords(text);
      const ch = text[i]!;
      space = SPACE.test(ch);
      word = !space && WORDLIKE.test(String.fromCodePoint(text.codePointAt(i)!));
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
  /** The normalised text, for finding the same rationale on several items; '' when missing. */
  normalised: string;
}

/** What is wrong with a rationale (null when it reads as a reason), and its normalised text. */
export function analyseRationale(rationale: string | null, title: string, minWords: number): RationaleAnalysis {
  const text = rationale === null ? '' : rationale.trim();
  if (text === '') return { problem: { kind: 'missing' }, normalised: '' };
  const normalised = normaliseText(text);
  if (normalised === '') return { problem: { kind: 'placeholder', text }, normalised };
  // Spaces in `normalised` are single and between words, so its compact form is at least
  // half as long: long rationales cannot be placeholders or short titles, and skip the work.
  const half = (normalised.length - 1) / 2;
  if (half <= LONGEST_PLACEHOLDER || half <= title.length) {
    const c = normalised.replaceAll(' ', '');
    if (PLACEHOLDERS.has(c)) return { problem: { kind: 'placeholder', text }, normalised };
    if (c === compact(title)) return { problem: { kind: 'title-repeated' }, normalised };
  }
  if (minWords > 0) {
    const words = countWords(text, minWords);
    if (words < minWords) return { problem: { kind: 'too-short', words, min: minWords }, normalised };
  }
  return { problem: null, normalised };
}

export function rationaleProblem(rationale: string | null, title: string, minWords: number): RationaleProblem | null {
  return analyseRationale(rationale, title, minWords).problem;
}

/** True for rationales that say nothing: empty, a placeholder, or the title repeated. */
export function isPlaceholder(rationale: string | null, title: string): boolean {
  return rationaleProblem(rationale, title, 0) !== null;
}
