import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyseRationale, compact, countWords, normalisedHash, normaliseText, type RationaleProblem } from '../../src/core/rationale.js';

// The reference: lower case, every run of Unicode punctuation, symbols and spaces as one space.
const reference = (text: string) => text.toLowerCase().replace(/[\p{P}\p{S}\s]+/gu, ' ').trim();

describe('normaliseText', () => {
  it('treats every ASCII character as the Unicode classes do (the ASCII fast path)', () => {
    for (let code = 0; code < 128; code++) {
      const text = `Ab${String.fromCharCode(code)}${String.fromCharCode(code)}Cd`;
      expect(normaliseText(text), `character ${code}`).toBe(reference(text));
    }
  });

  it('normalises text beyond ASCII with the Unicode classes', () => {
    for (const text of ['Größer — schneller…', '«Zahlung» fehlgeschlagen!', 'ＡＢＣ、テスト。', 'Ünïcode\u00a0spaces\u2003here']) {
      expect(normaliseText(text)).toBe(reference(text));
    }
  });
});

/**
 * analyseRationale as it was written before it measured ASCII text in single passes: it built
 * the normalised text of every rationale and the compact form of every title. The faster one
 * must give the same verdict on every text.
 */
const PLACEHOLDERS = new Set(['tbd', 'tbc', 'tba', 'todo', 'fixme', 'n/a', 'na', 'none', 'xxx', '?', 'same as above', 'see above', 'ditto', 'placeholder', 'same'].map((p) => compact(p)));
const LONGEST_PLACEHOLDER = Math.max(...[...PLACEHOLDERS].map((p) => p.length));
function referenceAnalysis(rationale: string | null, title: string, minWords: number): { problem: RationaleProblem | null; normalised: string } {
  const text = rationale === null ? '' : rationale.trim();
  if (text === '') return { problem: { kind: 'missing' }, normalised: '' };
  const normalised = normaliseText(text);
  if (normalised === '') return { problem: { kind: 'placeholder', text }, normalised };
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

// Characters where the shortcuts could go wrong: ASCII punctuation and controls, letters whose
// lower case is ASCII (Kelvin sign) or longer (dotted capital I), final sigma, Unicode spaces and
// punctuation, combining marks, CJK, astral symbols, lone surrogates.
const TRICKY = ['A', 'z', 'Q', '0', '9', ' ', '  ', '\t', '\n', '\r', '\u000b', '\u0000', '\u0007', '\u001f', '\u007f', '.', ',', '-', '/', ':', '@', '[', '`', '{', '~', '?', '!', '…', '—', '«', '»', '\u00a0', '\u2003', '\u3000', '\ufeff', 'K', 'k', 'İ', 'i', '\u0307', 'Σ', 'σ', 'ς', 'ß', 'É', 'é', 'Ä', 'ＡＢ', 'テスト', '。', '😀', '\ud800', '\udc00', 'tbd', 'TBD', 'n/a', 'same as above', 'Retry', 'retry'];
const trickyText = fc.array(fc.constantFrom(...TRICKY), { maxLength: 14 }).map((parts) => parts.join(''));
const anyText = fc.oneof(trickyText, fc.string({ unit: 'grapheme', maxLength: 20 }), fc.string({ unit: 'binary', maxLength: 20 }), fc.string({ maxLength: 40 }));

describe('analyseRationale', () => {
  it('gives the verdict the string-building version gave, on tricky text', () => {
    fc.assert(
      fc.property(fc.option(anyText, { nil: null }), anyText, fc.integer({ min: 0, max: 6 }), (rationale, title, minWords) => {
        expect(analyseRationale(rationale, title, minWords).problem).toEqual(referenceAnalysis(rationale, title, minWords).problem);
      }),
      { numRuns: 20_000 },
    );
  });

  it('gives the same verdict on a title repeated with changes of case, spacing and punctuation', () => {
    // The rationale is the title with some characters upper- or lower-cased and some tricky ones put in.
    const titleAndEcho = anyText.chain((title) =>
      fc
        .array(fc.tuple(fc.constantFrom('upper', 'lower', 'keep'), fc.constantFrom('', '', ' ', '.', '-', ' … ', 'K', 'İ', '\u00a0', 'x')), { minLength: title.length, maxLength: title.length })
        .map((edits) => [title, [...title].map((ch, i) => { const [c, put] = edits[i] ?? ['keep', '']; return (c === 'upper' ? ch.toUpperCase() : c === 'lower' ? ch.toLowerCase() : ch) + put; }).join('')] as const),
    );
    fc.assert(
      fc.property(titleAndEcho, fc.integer({ min: 0, max: 3 }), ([title, rationale], minWords) => {
        expect(analyseRationale(rationale, title, minWords).problem).toEqual(referenceAnalysis(rationale, title, minWords).problem);
      }),
      { numRuns: 20_000 },
    );
  });

  it('catches the title repeated with another case and punctuation, ASCII or not', () => {
    const cases: [string, string][] = [
      ['Retry 3-D Secure on timeout', 'retry 3D secure, on timeout!'],
      ['Kelvin scale', 'KELVIN SCALE'], // Kelvin sign: its lower case is an ASCII k
      ['İstanbul office', 'i̇stanbul office'], // dotted capital I: two characters in lower case
      ['ΟΔΟΣ', 'οδος'], // final sigma
    ];
    for (const [title, rationale] of cases) {
      expect(analyseRationale(rationale, title, 1).problem).toEqual(referenceAnalysis(rationale, title, 1).problem);
      expect(analyseRationale(rationale, title, 1).problem).toEqual({ kind: 'title-repeated' });
    }
  });

  it('hashes rationales that normalise alike alike, ASCII or not', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const trimmed = text.trim();
        fc.pre(trimmed !== '');
        expect(analyseRationale(text, '', 0).hash).toBe(normalisedHash(normaliseText(trimmed)));
        expect(normalisedHash(text)).toBe(normalisedHash(normaliseText(text)));
      }),
      { numRuns: 5_000 },
    );
    expect(normalisedHash('Carts are abandoned on MOBILE, often!')).toBe(normalisedHash('carts are abandoned on mobile often'));
    expect(normalisedHash('Größer — schneller…')).toBe(normalisedHash('größer schneller'));
  });
});
