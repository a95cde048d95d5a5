import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { NATIVE_AFTER, sha256 } from '../../src/core/audit.js';

const native = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe('the audit trail hash', () => {
  it('gives node:crypto’s SHA-256 of the UTF-8 text, before and after it switches to node:crypto', () => {
    const texts = [
      '',
      'abc',
      'ordo-audit-v1\n["2026-01-05T09:00:00.000Z","owner@example.com","env","move","move",12,null,{}]',
      'x'.repeat(55),
      'x'.repeat(56),
      'x'.repeat(64),
      'y'.repeat(1000),
      'Zoë wants crème brûlée: ✓ 🚀 日本語',
      'a lone surrogate \ud800 and \udfff',
      '\u0000\n\t"\\',
    ];
    for (let i = 0; i < NATIVE_AFTER + 2 * texts.length; i++) {
      const text = `${texts[i % texts.length]}${i >= texts.length ? i : ''}`;
      expect(sha256(text), JSON.stringify(text)).toBe(native(text));
    }
  });
});
