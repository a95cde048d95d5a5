/** Aligned text tables: measured by display width, the last column cut to the terminal. */
import { displayWidth, padEnd, padStart, truncate, type Style } from './terminal.js';

export interface Column<T> {
  header: string;
  align?: 'left' | 'right';
  /** Plain text of the cell; it is measured before colour is applied. */
  text(row: T): string;
  color?(text: string, row: T, style: Style): string;
}

export function renderTable<T>(columns: Column<T>[], rows: T[], style: Style, maxWidth?: number): string {
  const cells = rows.map((row) => columns.map((c) => c.text(row)));
  const widths = columns.map((c, i) => Math.max(displayWidth(c.header), ...cells.map((r) => displayWidth(r[i]!))));
  const gap = 2;
  if (maxWidth !== undefined && widths.length > 0) {
    const fixed = widths.slice(0, -1).reduce((a, b) => a + b + gap, 0);
    widths[widths.length - 1] = Math.max(10, Math.min(widths[widths.length - 1]!, maxWidth - fixed));
  }
  const line = (values: string[], row: T | undefined, header: boolean): string =>
    columns
      .map((c, i) => {
        const last = i === columns.length - 1;
        const w = widths[i]!;
        let v = last ? truncate(values[i]!, w) : values[i]!;
        const padded = last ? v : c.align === 'right' ? padStart(v, w) : padEnd(v, w);
        if (header) return style.bold(padded);
        v = c.color && row !== undefined ? c.color(padded, row, style) : padded;
        return v;
      })
      .join(' '.repeat(gap))
      .trimEnd();
  return [line(columns.map((c) => c.header), undefined, true), ...cells.map((r, i) => line(r, rows[i], false))].join('\n');
}
