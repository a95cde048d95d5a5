/**
 * `ordo help TOPIC`: the reference pages that belong to no single command. Loaded only by
 * `ordo help` (the configuration page walks the zod schema, so zod is paid for here alone).
 */
import { configSchema } from '../config/schema.js';
import { RULE_DEFAULTS } from '../core/rules.js';
import type { TOPIC_NAMES } from './shell.js';

export interface Topic {
  name: (typeof TOPIC_NAMES)[number];
  summary: string;
  text(): string;
}

export const EXIT_CODES: [number, string][] = [
  [0, 'success'],
  [1, '`ordo check`, `ordo verify` or `ordo doctor` found problems at error severity'],
  [2, 'usage: unknown command or flag, missing or malformed argument, value outside the scale'],
  [3, "not permitted: your identity lacks the role, or the Product Owner's key is not on this machine"],
  [4, 'not found: no backlog here, unknown item, goal, release or sprint'],
  [5, 'conflict: the status does not allow this; the database stayed locked; a sync could not be completed'],
  [6, 'invalid configuration or data: ordo.yml invalid, database corrupt or from a newer ordo'],
  [70, 'internal error (a bug): the message says how to report it; ORDO_DEBUG=1 prints the stack'],
  [130, 'interrupted (Ctrl-C): nothing was half-written'],
];

function exitCodes(): string {
  return [
    'EXIT CODES',
    '',
    ...EXIT_CODES.map(([code, text]) => `  ${String(code).padStart(3)}  ${text}`),
    '',
    'A failing command writes nothing: every command is one SQLite transaction.',
    'With --json, an error is printed on stderr as',
    '  {"schemaVersion":1,"kind":"error","code":"ITEM_NOT_FOUND","message":"…","hint":"…"}',
    'and the exit code is the same as without it. Scripts can branch on it, e.g.:',
    '  ordo check --format json > report.json || [ $? -eq 1 ] && echo "violations found"',
  ].join('\n');
}

/** What each ordo.yml key means; keys the schema has but this table lacks are still listed. */
const KEY_HELP: Record<string, string> = {
  product: 'the product name, shown on pages and reports',
  owner: 'the Product Owner: the one identity who orders the backlog',
  managers: 'Product Managers: may add, edit, achieve and retire roadmap goals',
  team: 'Developers who may start and finish items; an empty list lets anyone',
  prefix: 'item key prefix: ORD gives ORD-1, ORD-2, … (1-10 capital letters or digits)',
  'owner-key': "the Product Owner's public key (ed25519:BASE64): decisions are signed and checked (`ordo key generate`)",
  value: 'business value settings',
  'value.scale': 'the allowed business values, e.g. [1, 2, 3, 5, 8, 13, 21]',
  check: 'what `ordo check` enforces',
  'check.rationale-min-words': 'the fewest words a value rationale may have',
  'check.stale-proposal-days': 'days a proposal may wait in the intake before stale-proposal warns',
  'check.rules': 'severity of each rule: error, warn or off (see the list below)',
  sync: 'sharing the backlog through git (see `ordo help sync`)',
  'sync.remote': 'the git remote the backlog branch is shared through',
  'sync.branch': 'the branch that holds the backlog',
  'sync.auto': 'sync after every writing command (unset: yes when the repository has the remote; false: only `ordo sync`)',
  'sync.stale-after': 'reading commands warn when the last sync is older than this (e.g. 1d, 12h)',
};

interface ZodLike {
  def: { type: string; defaultValue?: unknown; innerType?: ZodLike; element?: ZodLike; shape?: Record<string, ZodLike>; entries?: Record<string, string> };
  shape?: Record<string, ZodLike>;
}

function describeType(s: ZodLike): string {
  switch (s.def.type) {
    case 'default':
    case 'optional':
      return describeType(s.def.innerType!);
    case 'array':
      return `list of ${describeType(s.def.element!)}s`;
    case 'object':
      return 'mapping';
    case 'enum':
      return Object.values(s.def.entries ?? {}).join(' | ');
    default:
      return s.def.type;
  }
}

function configKeys(shape: Record<string, ZodLike>, prefix = ''): string[] {
  const lines: string[] = [];
  for (const [name, schema] of Object.entries(shape)) {
    const path = prefix + name;
    const def = schema.def;
    const required = def.type !== 'default' && def.type !== 'optional';
    const inner = def.type === 'default' || def.type === 'optional' ? def.innerType! : schema;
    const isObject = inner.def.type === 'object';
    const fallback = def.type === 'default' && !isObject ? `default ${JSON.stringify(def.defaultValue)}` : required ? 'required' : isObject ? '' : 'optional';
    lines.push(`  ${path}  (${describeType(schema)}${fallback ? `, ${fallback}` : ''})`);
    if (KEY_HELP[path]) lines.push(`      ${KEY_HELP[path]}`);
    const nested = inner.shape ?? inner.def.shape;
    // check.rules is keyed by rule id: its own table follows.
    if (isObject && nested && path !== 'check.rules') lines.push(...configKeys(nested, `${path}.`));
  }
  return lines;
}

function configuration(): string {
  const rules = Object.entries(RULE_DEFAULTS).map(([id, severity]) => `  ${id.padEnd(22)} ${severity}`);
  return [
    'CONFIGURATION: ordo.yml',
    '',
    'ordo finds its project by walking up from the working directory to the first ordo.yml',
    '(-C <dir> starts the search elsewhere). The file is validated when read; a mistake is',
    'reported with file, line, key, problem and fix (exit 6). Every key:',
    '',
    ...configKeys((configSchema as unknown as ZodLike).shape!),
    '',
    'check.rules: severity of each rule (error fails `ordo check`, warn reports, off skips):',
    ...rules,
    '',
    'Example:',
    '  product: Acme Checkout',
    '  owner: alice@example.com',
    '  managers: [bob@example.com]',
    '  team: []',
    '  prefix: ORD',
    '  value:',
    '    scale: [1, 2, 3, 5, 8, 13, 21]',
    '  check:',
    '    rationale-min-words: 5',
    '    rules: { stale-proposal: off }',
    '',
    'Environment: ORDO_USER (your identity), NO_COLOR, ORDO_PAGER / PAGER (the pager; empty or cat',
    'turns it off), EDITOR / VISUAL, ORDO_NOW (fixes the clock, for tests), ORDO_DEBUG=1 (stacks).',
  ].join('\n');
}

/** Every kind of envelope ordo prints with --json; test/e2e/help.test.ts keeps it complete. */
export const JSON_KINDS: [string, string][] = [
  ['item', 'one item (add, show, edit, start, done, accept, …): {item, …}'],
  ['item-list', 'items in order (list, next, triage): {items: [...], proposals?}'],
  ['label', '`ordo label`: {items: [{item, added, removed}]}'],
  ['dependency', '`ordo depend`: the item and what it depends on'],
  ['transition-list', 'status changes of several keys (start, done, accept, drop): {items: [{item, transition}]}'],
  ['release', '`ordo release add|edit|plan|show|ship`: {release} with its content, value, points and outlook'],
  ['release-list', '`ordo release list`: {releases: [...]}'],
  ['sprint', '`ordo sprint start|show|end`: {sprint} with its items, burndown and velocity'],
  ['sprint-list', '`ordo sprint list`: {sprints: [...]}'],
  ['goal', 'one roadmap goal: {goal, items?}'],
  ['goal-list', 'roadmap goals: {goals: [...]}'],
  ['move-proposal', 'a proposed move, or the decision on one'],
  ['reorder', 'the order after `ordo reorder`'],
  ['audit-log', '`ordo log`: {events: [...], chain}'],
  ['check-report', '`ordo check`: {ok, errors, warnings, violations: [...]}'],
  ['value-report', '`ordo report`'],
  ['roadmap', '`ordo roadmap`'],
  ['forecast', '`ordo forecast`'],
  ['page', '`ordo page`'],
  ['export', '`ordo export -o FILE`: {file, format, items}'],
  ['import', '`ordo import`: what the import changed'],
  ['tracker-import', '`ordo import --from`: {taken: [...], skipped: [...]}'],
  ['backlog-diff', '`ordo diff`'],
  ['sync', '`ordo sync`: {outcome, remote, branch, commit, …}'],
  ['order-signature', '`ordo sign` / `ordo verify`'],
  ['key', '`ordo key generate`'],
  ['key-list', '`ordo key list`'],
  ['key-rotation', '`ordo key rotate`'],
  ['owner-transfer', '`ordo owner transfer`'],
  ['init', '`ordo init`'],
  ['whoami', '`ordo whoami`: {id, source, roles, …}'],
  ['doctor', '`ordo doctor`: {ok, checks: [{id, status, message, fix}]}'],
  ['migration', '`ordo migrate`'],
  ['help', '`ordo help TOPIC --json`: {topic, text}'],
  ['error', 'on stderr, for any failure: {code, message, hint}'],
];

function json(): string {
  const width = Math.max(...JSON_KINDS.map(([k]) => k.length));
  return [
    'JSON OUTPUT',
    '',
    'With --json every command prints one JSON document on stdout: a versioned envelope,',
    'never raw rows, so scripts can rely on its shape:',
    '  {"schemaVersion":1,"kind":"item-list","items":[{"key":"ORD-3","position":1,…}]}',
    'schemaVersion changes only when a field changes meaning or goes away; new fields may be',
    'added at any time. Times are ISO 8601 in UTC (human output says "3 days ago" instead).',
    'Errors go to stderr as an envelope of kind "error"; the exit code says what went wrong',
    '(`ordo help exit-codes`). --json never prompts, never colours and never pages.',
    '',
    'Kinds:',
    ...JSON_KINDS.map(([kind, text]) => `  ${kind.padEnd(width)}  ${text}`),
    '',
    'Example:',
    '  ordo next 1 --json | jq -r \'.items[0].key\'',
  ].join('\n');
}

function sync(): string {
  return [
    'SHARING THE BACKLOG: ordo sync',
    '',
    'A backlog is the team\'s shared state, not part of a code branch: what `ordo next` says does',
    'not depend on the branch you have checked out. .ordo/backlog.db is this clone\'s copy and is',
    'never committed on code branches. The team\'s backlog lives on a branch of its own in the same',
    'repository, ordo/backlog by default (sync.branch), like gh-pages: the same remote, the same',
    'access rights, never merged into code. Each commit there holds backlog.db and BACKLOG.md, a',
    'readable rendering, so every commit\'s diff says in words what changed.',
    '',
    '`ordo sync`:',
    '  1. fetches the backlog branch from the remote (sync.remote, default origin);',
    '  2. merges item by item with ordo\'s own rules: a field changed on one side is taken; changed',
    '     on both sides differently, the published value stays and the other is kept in the',
    '     history and reported; only the Product Owner\'s decisions change the order; nothing is',
    '     dropped silently;',
    '  3. commits on top of what it fetched and pushes, trying again when a teammate pushed first.',
    'Keys already published never change: an item created here whose key was taken meanwhile gets',
    'the next free key when it is published, and you are told. Only ordo writes the branch, never',
    'with a force push.',
    '',
    'Writing commands sync after they write when the repository has the remote (sync.auto, unless it',
    'is false; --no-sync skips it once); offline, they keep the change and say it is not shared yet.',
    'Your working tree, index and code branch are never touched. Reading commands (list, next, show) never',
    'touch the network, but warn when the last sync is older than sync.stale-after (default 1d).',
    'A repository without a remote works locally; a fresh clone gets the backlog from its first',
    '`ordo sync`. `ordo doctor` shows the remote, the branch and when this clone last synced.',
    '',
    'Examples:',
    '  $ ordo sync',
    '  $ ordo doctor          # remote, branch, last sync',
    '  $ ordo add "Gift cards" --value 8 --why "…" --goal G1 --no-sync   # keep it here for now',
  ].join('\n');
}

/** One page per name in TOPIC_NAMES, in that order. */
export const TOPICS: Topic[] = [
  { name: 'exit-codes', summary: 'what each exit code means', text: exitCodes },
  { name: 'configuration', summary: 'every ordo.yml key, with its default', text: configuration },
  { name: 'json', summary: 'the --json envelopes and their kinds', text: json },
  { name: 'sync', summary: 'how the backlog is shared through git', text: sync },
];
