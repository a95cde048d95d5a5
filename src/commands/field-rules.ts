/**
 * The value rules at the keyboard (DESIGN.md section 6): `add`, `edit` and `triage` run the
 * rules `ordo check` would run on the item being written, at the configured severity. An
 * error refuses the command (exit 2, nothing written) with check's own message and fix; a
 * warning lets it through and is handed back for the CLI to print on stderr.
 */
import { checkItemFields, type FieldRule, type Violation } from '../core/check.js';
import type { Item } from '../core/types.js';
import { UsageError } from '../errors.js';
import { formatKey, type Writer } from './backlog.js';

/** An item as check sees it once this command's write is done; `isNew`: the key does not exist yet (add). */
export function enforceFieldRules(w: Writer, item: Item, rules: readonly FieldRule[], now: Date, isNew = false): Violation[] {
  if (rules.length === 0) return [];
  const c = w.config;
  const found = checkItemFields(
    item,
    w.store.goals.list(),
    {
      prefix: c.prefix,
      owner: c.owner,
      scale: c.scale,
      rationaleMinWords: c.check.rationaleMinWords,
      staleProposalDays: c.check.staleProposalDays,
      rules: c.check.rules,
      now,
    },
    rules,
  );
  const shown = isNew ? found.map((v) => forNewItem(v, formatKey(c, item.number))) : found;
  const error = shown.find((v) => v.severity === 'error');
  if (error) throw new UsageError(`${error.message} (rule ${error.rule}).`, error.fix, 'RULE_VIOLATION');
  return shown;
}

/** An item being added has no key yet: speak of "the new item", and fix it with the flag itself. */
function forNewItem(v: Violation, key: string): Violation {
  const message = v.message.startsWith(key) ? `The new item${v.message.slice(key.length)}` : v.message.replaceAll(key, 'the new item');
  const fix = v.fix.replaceAll(`ordo edit ${key} `, '').replaceAll(key, 'the new item');
  return { ...v, key: null, message, fix };
}

/** Which rules an edit can break: only those reading the fields it changes. */
export function rulesForFields(fields: readonly string[]): FieldRule[] {
  const rules = new Set<FieldRule>();
  for (const f of fields) {
    if (f === 'rationale' || f === 'title') rules.add('value-rationale');
    if (f === 'value') rules.add('value-on-scale');
    if (f === 'goal') {
      rules.add('goal-link');
      rules.add('goal-active');
    }
  }
  return [...rules];
}
