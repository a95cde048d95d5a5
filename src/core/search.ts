/**
 * Turning what a user types after `--search` into a full-text query. The user's text is
 * never FTS5 syntax: each word becomes a quoted FTS5 string (quotes doubled inside), so
 * operators (OR, NOT, NEAR, -, *, ^, column filters) and SQL are just words to find.
 * Every word must match, as a word or the start of one, in any searched field.
 */
import { UsageError } from '../errors.js';
import { hasWordCharacter } from './text-classes.js';

export const SEARCH_MAX = 500;

export function searchWords(text: string): string[] {
  return text.split(/\s+/u).filter(hasWordCharacter);
}

/** The FTS5 MATCH expression for a search text. */
export function searchQuery(text: string): string {
  if (text.length > SEARCH_MAX) throw new UsageError(`The search text is ${text.length} characters long; the limit is ${SEARCH_MAX}.`, 'Search for a few distinctive words.');
  const words = searchWords(text);
  if (words.length === 0) throw new UsageError(`--search "${text}" holds no word to look for.`, 'For example: ordo list --search "card payment"');
  return words.map((w) => `"${w.replaceAll('"', '""')}"*`).join(' ');
}
