/**
 * The sortable list `ordo reorder` shows on a terminal: ↑/↓ (or k/j) move the cursor,
 * space picks the item up and drops it (while carried, ↑/↓ move it), enter saves,
 * escape cancels. Resolves to the keys in their new order, or null when cancelled.
 */
import {
  createPrompt,
  isDownKey,
  isEnterKey,
  isSpaceKey,
  isUpKey,
  makeTheme,
  useKeypress,
  usePagination,
  usePrefix,
  useState,
  type KeypressEvent,
} from '@inquirer/core';
import { padEnd, padStart, safe, truncate } from '../output/terminal.js';

export interface ReorderRow {
  key: string;
  value: number | null;
  goal: string | null;
  title: string;
}

export interface ReorderPromptConfig {
  message: string;
  rows: ReorderRow[];
  /** Rows shown at once; the list scrolls past it. */
  pageSize?: number;
  /** Width to cut titles to (the terminal's). */
  width?: number;
}

type State = 'idle' | 'done' | 'cancelled';

export const reorderPrompt = createPrompt<string[] | null, ReorderPromptConfig>((config, done) => {
  const theme = makeTheme({});
  const [rows, setRows] = useState<ReorderRow[]>(config.rows);
  const [cursor, setCursor] = useState(0);
  const [carrying, setCarrying] = useState(false);
  const [state, setState] = useState<State>('idle');
  const prefix = usePrefix({ status: state === 'idle' ? 'idle' : 'done', theme });

  useKeypress((key: KeypressEvent) => {
    if (state !== 'idle') return;
    if (isEnterKey(key)) {
      setState('done');
      done(rows.map((r) => r.key));
    } else if (key.name === 'escape') {
      setState('cancelled');
      done(null);
    } else if (isSpaceKey(key)) {
      setCarrying(!carrying);
    } else if (isUpKey(key, ['vim']) || isDownKey(key, ['vim'])) {
      const to = cursor + (isUpKey(key, ['vim']) ? -1 : 1);
      if (to < 0 || to >= rows.length) return;
      if (carrying) {
        const next = [...rows];
        [next[cursor], next[to]] = [next[to]!, next[cursor]!];
        setRows(next);
      }
      setCursor(to);
    }
  });

  const message = theme.style.message(config.message, state === 'idle' ? 'idle' : 'done');
  if (state === 'cancelled') return `${prefix} ${message} ${theme.style.help('cancelled: the order is unchanged')}`;
  if (state === 'done') return `${prefix} ${message} ${theme.style.answer('saved')}`;

  const posWidth = String(rows.length).length;
  const keyWidth = Math.max(...rows.map((r) => r.key.length), 3);
  const valueWidth = Math.max(...rows.map((r) => String(r.value ?? '-').length), 1);
  const goalWidth = Math.min(12, Math.max(...rows.map((r) => safe(r.goal ?? '-').length), 1));
  const page = usePagination({
    items: rows,
    active: cursor,
    pageSize: config.pageSize ?? 12,
    loop: false,
    renderItem: ({ item, index, isActive }) => {
      const mark = isActive ? (carrying ? '≡' : '❯') : ' ';
      const fixed = `${mark} ${padStart(String(index + 1), posWidth)}. ${padEnd(item.key, keyWidth)}  ${padStart(String(item.value ?? '-'), valueWidth)}  ${padEnd(truncate(safe(item.goal ?? '-'), goalWidth), goalWidth)}  `;
      const title = config.width ? truncate(safe(item.title), Math.max(10, config.width - fixed.length - 1)) : safe(item.title);
      const line = `${fixed}${title}`;
      if (!isActive) return line;
      return carrying ? theme.style.answer(line) : theme.style.highlight(line);
    },
  });
  const help = carrying
    ? '↑/↓ move the item · space drop it · enter save · esc cancel'
    : '↑/↓ (k/j) move the cursor · space pick up · enter save · esc cancel';
  return [`${prefix} ${message}\n${page}`, theme.style.help(help)];
});
