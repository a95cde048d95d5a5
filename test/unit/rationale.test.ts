import { describe, expect, it } from 'vitest';
import { normaliseText } from '../../src/core/rationale.js';

describe('normaliseText', () => {
  // The reference: lower case, every run of Unicode punctuation, symbols and spaces as one space.
  const reference = (text: string) => text.toLowerCase().replace(/[\p{P}\p{S}\s]+/gu, ' ').trim();

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
