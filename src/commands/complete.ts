/** `ordo __complete keys|goals`: the words shell completion offers, `WORD<tab>title` each. */
import { activeGoalTitles, openItemTitles } from '../store/completion.js';
import { formatKey, readBacklog } from './backlog.js';
import type { Context } from './context.js';

// Titles are cut and kept to one line: they are hints beside the word, read in a menu.
const hint = (title: string) => title.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').slice(0, 60);

/** At most this many keys are offered: past it the user types more digits. */
export const MAX_KEYS = 500;

/** The words for `kind` (keys or goals); for keys, only those that can complete `typed` (ORD-12, 12, #12). */
export async function completionWords(kind: string, ctx: Context, typed = ''): Promise<string[]> {
  if (kind !== 'keys' && kind !== 'goals') return [];
  return readBacklog(ctx, (r) => {
    if (kind === 'goals') return activeGoalTitles(r.store.db).map((g) => `${hint(g.id)}\t${hint(g.title)}`);
    const digits = digitsTyped(typed, r.config.prefix);
    if (digits === null) return [];
    return openItemTitles(r.store.db, digits, MAX_KEYS).map((i) => `${formatKey(r.config, i.number)}\t${hint(i.title)}`);
  });
}

/** The digits of a key typed so far (ORD-12, ord-1, ORD, #12, 12), or null when no key starts so. */
function digitsTyped(typed: string, prefix: string): string | null {
  const t = typed.trim().toUpperCase();
  const head = `${prefix}-`;
  if (head.startsWith(t)) return '';
  const rest = t.startsWith(head) ? t.slice(head.length) : t.replace(/^#/, '');
  return /^\d*$/.test(rest) ? rest : null;
}
