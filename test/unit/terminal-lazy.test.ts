import { describe, expect, it } from 'vitest';
import { createStyle, displayWidth, renderWithWidths } from '../../src/output/terminal.js';

describe('display widths without loading the Unicode tables up front', () => {
  // First in the file: the tables are not loaded yet, so this exercises the retry.
  it('renders again with exact widths when the text is not plain ASCII', async () => {
    let passes = 0;
    const out = await renderWithWidths(() => {
      passes += 1;
      return `${displayWidth('日本')} ${displayWidth('ab')} ${displayWidth('e\u0301')}`;
    });
    expect(out).toBe('4 2 1');
    expect(passes).toBe(2);
    expect(displayWidth('😀')).toBe(2);
  });

  it('renders once for plain ASCII', async () => {
    let passes = 0;
    expect(await renderWithWidths(() => String((passes += 1, displayWidth('ORD-12 Retry payment'))))).toBe('20');
    expect(passes).toBe(1);
  });
});

describe('the style without colour', () => {
  it('passes text through for any chain, as chalk does at level 0', () => {
    const st = createStyle(false);
    expect(st.bold.red('x')).toBe('x');
    expect(st.dim('a', 'b')).toBe('a b');
    expect(st.rgb(1, 2, 3).bgHex('#fff')('y')).toBe('y');
    expect(st(7)).toBe('7');
    expect(st.level).toBe(0);
  });
});
