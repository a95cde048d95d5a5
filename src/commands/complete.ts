/** `ordo __complete keys|goals`: the words shell completion offers, `WORD<tab>title` each. */
import { activeGoalTitles, openItemTitles } from '../store/completion.js';
import { formatKey, readBacklog } from './backlog.js';
import type { Context } from './context.js';

// Titles are cut and kept to one line: they are hints beside the word, read in a menu.
const hint = (title: string) => title.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').slice(0, 60);

export async function completionWords(kind: string, ctx: Context): Promise<string[]> {
  if (kind !== 'keys' && kind !== 'goals') return [];
  return readBacklog(ctx, (r) =>
    kind === 'keys'
      ? openItemTitles(r.store.db).map((i) => `${formatKey(r.config, i.number)}\t${hint(i.title)}`)
      : activeGoalTitles(r.store.db).map((g) => `${hint(g.id)}\t${hint(g.title)}`),
  );
}
