/**
 * Parsing and validating ordo.yml text: yaml and zod live here, loaded only when
 * a command must read the file.
 */
import { LineCounter, parseDocument } from 'yaml';
import { RULE_DEFAULTS } from '../core/rules.js';
import { DataError } from '../errors.js';
import type { Config } from './load.js';
import { configSchema } from './schema.js';
import { durationMs } from './defaults.js';

/**
 * A configuration has no use for YAML aliases beyond a few; a low limit stops
 * "billion laughs" files from expanding into gigabytes.
 */
export const MAX_ALIAS_COUNT = 20;

/** What the `ordo:` key must hold, said when it holds something else. */
const NOT_A_RANGE = 'must be a version range such as ">=0.2 <0.3" or "^0.2"';

/** Parses and validates the text of an ordo.yml; errors name the file, line, key, problem and fix. */
export async function parseConfigText(text: string, file: string, root: string): Promise<Config> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const first = doc.errors[0]!;
    const pos = lineCounter.linePos(first.pos[0]);
    const problem = /call stack/i.test(first.message) ? 'it is nested too deeply' : first.message.split('\n')[0];
    throw new DataError(
      'CONFIG_INVALID',
      `${file}:${pos.line}:${pos.col}: not valid YAML: ${problem}`,
      'Fix the YAML syntax at that line (indentation, quotes, a missing colon).',
    );
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) ?? {};
  } catch (error) {
    throw new DataError(
      'CONFIG_INVALID',
      `${file}: not a usable configuration: ${(error as Error).message}.`,
      'ordo.yml needs no YAML anchors or aliases: write the values out (the README section "Configuration" lists every key).',
    );
  }
  const parsed = configSchema.safeParse(raw);
  // The version range is checked apart from the schema, and only in a file that has the key.
  const pinned = (raw as { ordo?: unknown }).ordo;
  const range = typeof pinned === 'string' ? pinned.trim() : '';
  const pin = range === '' ? null : (await import('./version-pin.js')).versionPin(range);
  const rangeIssue = range !== '' && pin === null ? [{ path: ['ordo'], message: NOT_A_RANGE }] : [];
  if (!parsed.success || rangeIssue.length > 0) {
    // The schema lists ordo first: its problem comes first.
    const lines = [...rangeIssue, ...(parsed.error?.issues ?? [])].map((issue) => {
      const path = issue.path.map(String);
      const unknown = 'code' in issue && issue.code === 'unrecognized_keys' ? issue.keys : [];
      const keyPath = unknown.length > 0 ? [...path, unknown[0]!] : path;
      const node = doc.getIn(keyPath, true) as { range?: [number, number, number] } | undefined;
      const where = node?.range ? `:${lineCounter.linePos(node.range[0]).line}` : '';
      const key = keyPath.join('.') || '(top level)';
      const problem =
        unknown.length > 0
          ? `unknown key${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')}${suggest(unknown[0]!, path)}`
          : 'code' in issue && issue.code === 'invalid_type' && !doc.hasIn(keyPath)
            ? 'is required'
            : issue.message;
      return `${file}${where}: \`${key}\` ${problem}`;
    });
    throw new DataError(
      'CONFIG_INVALID',
      lines.join('\n'),
      'Fix the key named above in ordo.yml (the README section "Configuration" lists every key).',
    );
  }
  const c = parsed.data!;
  return {
    root,
    file,
    product: c.product,
    owner: c.owner,
    managers: c.managers,
    team: c.team,
    prefix: c.prefix,
    ownerKey: c['owner-key'] ?? null,
    // Decided here, once per file text and build (the cache key), so that no command loads semver.
    versionPin: pin,
    scale: c.value.scale,
    sync: { remote: c.sync.remote, branch: c.sync.branch, auto: c.sync.auto ?? null, staleAfterMs: durationMs(c.sync['stale-after']) },
    check: {
      rationaleMinWords: c.check['rationale-min-words'],
      staleProposalDays: c.check['stale-proposal-days'],
      criteriaTop: c.check['criteria-top'],
      rules: { ...RULE_DEFAULTS, ...stripUndefined(c.check.rules) },
    },
  };
}

function stripUndefined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

const KNOWN_KEYS: Record<string, string[]> = {
  '': ['ordo', 'product', 'owner', 'managers', 'team', 'prefix', 'owner-key', 'sync', 'value', 'check'],
  sync: ['remote', 'branch', 'auto', 'stale-after'],
  value: ['scale'],
  check: ['rationale-min-words', 'stale-proposal-days', 'criteria-top', 'rules'],
  'check.rules': Object.keys(RULE_DEFAULTS),
};

function suggest(key: string, path: string[]): string {
  const known = KNOWN_KEYS[path.join('.')] ?? [];
  const best = known
    .map((k) => ({ k, d: editDistance(k, key) }))
    .filter(({ d }) => d <= 2)
    .sort((a, b) => a.d - b.d)[0];
  return best ? ` (did you mean "${best.k}"?)` : '';
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}
