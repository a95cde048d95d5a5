/**
 * Is a value rationale a real reason? Placeholders (`tbd`, `n/a`, `same as above`, the
 * title repeated) and rationales shorter than the configured minimum are not.
 * Comparison ignores case, punctuation and spacing.
 */

const PUNCTUATION = /[\p{P}\p{S}]+/gu;
const SPACES = /\s+/gu;
// Scripts written without spaces between words: count their words with Intl.Segmenter.
const UNSPACED_SCRIPT = /[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\u0e00-\u0e7f\u1000-\u109f\u1780-\u17ff]/u;
const WORDLIKE = /[\p{L}\p{N}]/u;

/** Placeholders people type instead of a reason, in their compact form (see `compact`). */
const PLACEHOLDERS = new Set(
  ['tbd', 'tbc', 'tba', 'todo', 'fixme', 'n/a', 'na', 'none', 'xxx', '?', 'same as above', 'see above', 'ditto', 'placeholder', 'same'].map(
    (p) => compact(p),
  ),
);

let segmenter: Intl.Segmenter | undefined;

/** Lower case, punctuation and symbols as spaces, runs of spaces as one. */
export function normaliseText(text: string): string {
  return text.toLowerCase().replace(PUNCTUATION, ' ').replace(SPACES, ' ').trim();
}

/** `normaliseText` without any spaces: "N/A" and "n.a." both become "na". */
export function compact(text: string): string {
  return normaliseText(text).replace(SPACES, '');
}

/** Words in a text: runs holding a letter or digit ("3-D" is one word; Japanese is segmented). */
export function countWords(text: string): number {
  if (UNSPACED_SCRIPT.test(text)) {
    segmenter ??= new Intl.Segmenter(undefined, { granularity: 'word' });
    let n = 0;
    for (const s of segmenter.segment(text)) if (s.isWordLike) n += 1;
    return n;
  }
  let n = 0;
  for (const token of text.split(SPACES)) if (WORDLIKE.test(token)) n += 1;
  return n;
}

export type RationaleProblem =
  | { kind: 'missing' }
  | { kind: 'placeholder'; text: string }
  | { kind: 'title-repeated' }
  | { kind: 'too-short'; words: number; min: number };

/** What is wrong with a rationale, or null when it reads as a reason. */
export function rationaleProblem(rationale: string | null, title: string, minWords: number): RationaleProblem | null {
  const text = (rationale ?? '').trim();
  if (text === '') return { kind: 'missing' };
  const c = compact(text);
  if (c === '' || PLACEHOLDERS.has(c)) return { kind: 'placeholder', text };
  if (c === compact(title)) return { kind: 'title-repeated' };
  const words = countWords(text);
  if (words < minWords) return { kind: 'too-short', words, min: minWords };
  return null;
}

/** True for rationales that say nothing: empty, a placeholder, or the title repeated. */
export function isPlaceholder(rationale: string | null, title: string): boolean {
  const p = rationaleProblem(rationale, title, 0);
  return p !== null;
}
