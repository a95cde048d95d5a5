/**
 * Reading an export file back (`ordo import`): like ordo.yml, a file a person may have
 * edited, so it is parsed and validated in full before anything is written, and every
 * problem names where it is (YAML: line and column; JSON: the path, and line and column).
 */
import { LineCounter, parseDocument, type Document } from 'yaml';
import { DOCUMENT_END, DOCUMENT_KIND, DOCUMENT_VERSION } from '../core/backlog-document.js';
import { cycleThrough } from '../core/dependencies.js';
import { labelProblem, normaliseLabels } from '../core/labels.js';
import { validateIncomingGoal, validateIncomingItem, timestampProblem, type FieldProblem } from '../core/item-fields.js';
import { identityProblem } from '../core/roles.js';
import { isRanked } from '../core/lifecycle.js';
import { isValidRankKey } from '../core/ranking.js';
import { compareKeys, type Snapshot } from '../core/snapshot.js';
import { GOAL_STATUSES, ITEM_STATUSES, ITEM_TYPES, RELEASE_STATUSES, SPRINT_STATUSES, type Goal, type Item, type Release, type Sprint } from '../core/types.js';
import { DataError } from '../errors.js';
import * as z from './zod.js';

// The shapes (which fields, of which types) are checked here; what the values must satisfy is
// checked by validateIncomingItem/validateIncomingGoal, the rules `ordo add` and `goal add` apply.
const text = z.string().check(z.minLength(1, 'must not be empty'));
const optionalText = z.nullish(z.string());
const id = z.string().check(z.trim(), z.minLength(1, 'must not be empty'));
const counting = z.number().check(z.int(), z.positive());
const stamp = z.string();

const goalSchema = z.strictObject({
  id,
  title: text,
  status: z.enum(GOAL_STATUSES),
  horizon: optionalText,
  metric: optionalText,
  description: optionalText,
  createdAt: stamp,
  updatedAt: stamp,
});

export const itemSchema = z.strictObject({
  number: counting,
  position: z.nullish(counting),
  rank: z.nullish(z.string()),
  title: text,
  type: z.enum(ITEM_TYPES),
  status: z.enum(ITEM_STATUSES),
  value: z.nullish(z.number().check(z.int())),
  goal: z.nullish(z.string()),
  estimate: z.nullish(z.number()),
  labels: z.nullish(z.array(z.string())),
  dependsOn: z.nullish(z.array(counting)),
  rationale: optionalText,
  description: optionalText,
  reason: optionalText,
  createdBy: text,
  createdAt: stamp,
  updatedAt: stamp,
  startedAt: optionalText,
  doneAt: optionalText,
  closedAt: optionalText,
  criteria: z.nullish(z.array(text)),
  assignee: optionalText,
  uid: z.nullish(z.string().check(z.regex(/^[0-9a-f]{16}$/, 'must be 16 hexadecimal digits'))),
});

/**
 * True only for an item record that itemSchema accepts as it stands: every field known, of its
 * type, within its bounds. It may refuse more than the schema does, never less (a unit test holds
 * it to that); an import whose items all pass skips the schema for them, which at 100,000 items
 * costs more than the rest of the file's checks. Any item it refuses sends the whole file through
 * the schema, so the problems reported are the schema's own.
 */
export function isPlainItem(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  for (const key in v) if (!ITEM_FIELDS.has(key) || !Object.hasOwn(v, key)) return false;
  return (
    isCounting(v.number) &&
    (v.position == null || isCounting(v.position)) &&
    (v.rank == null || typeof v.rank === 'string') &&
    isFilled(v.title) &&
    ITEM_TYPE_SET.has(v.type as string) &&
    ITEM_STATUS_SET.has(v.status as string) &&
    (v.value == null || Number.isSafeInteger(v.value)) &&
    (v.goal == null || typeof v.goal === 'string') &&
    (v.estimate == null || (typeof v.estimate === 'number' && Number.isFinite(v.estimate))) &&
    (v.labels == null || isListOf(v.labels, isString)) &&
    (v.dependsOn == null || isListOf(v.dependsOn, isCounting)) &&
    (v.rationale == null || typeof v.rationale === 'string') &&
    (v.description == null || typeof v.description === 'string') &&
    (v.reason == null || typeof v.reason === 'string') &&
    isFilled(v.createdBy) &&
    typeof v.createdAt === 'string' &&
    typeof v.updatedAt === 'string' &&
    (v.startedAt == null || typeof v.startedAt === 'string') &&
    (v.doneAt == null || typeof v.doneAt === 'string') &&
    (v.closedAt == null || typeof v.closedAt === 'string') &&
    (v.criteria == null || isListOf(v.criteria, isFilled)) &&
    (v.assignee == null || typeof v.assignee === 'string') &&
    (v.uid == null || (typeof v.uid === 'string' && UID.test(v.uid)))
  );
}
const isString = (x: unknown): boolean => typeof x === 'string';
const isFilled = (x: unknown): boolean => typeof x === 'string' && x.length > 0;
const isCounting = (x: unknown): boolean => Number.isSafeInteger(x) && (x as number) > 0;
const isListOf = (x: unknown, ok: (x: unknown) => boolean): boolean => Array.isArray(x) && x.every(ok);
const ITEM_FIELDS: ReadonlySet<string> = new Set(Object.keys(itemSchema.shape));
const ITEM_TYPE_SET: ReadonlySet<string> = new Set(ITEM_TYPES);
const ITEM_STATUS_SET: ReadonlySet<string> = new Set(ITEM_STATUSES);
const UID = /^[0-9a-f]{16}$/;

const day = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date, YYYY-MM-DD'));
const itemNumbers = z._default(z.array(counting), []);

const releaseSchema = z.strictObject({
  id,
  name: text,
  date: day,
  status: z.enum(RELEASE_STATUSES),
  items: itemNumbers,
  shippedAt: optionalText,
  createdAt: stamp,
  updatedAt: stamp,
});

const sprintSchema = z.strictObject({
  id,
  goal: text,
  status: z.enum(SPRINT_STATUSES),
  start: day,
  end: day,
  capacity: z.nullish(z.number().check(z.gte(0))),
  items: itemNumbers,
  goalMet: z.nullish(z.boolean()),
  velocity: z.nullish(z.number().check(z.gte(0))),
  endedAt: optionalText,
  createdAt: stamp,
  updatedAt: stamp,
});

const eventSchema = z.strictObject({
  at: stamp,
  actor: text,
  source: z.string(),
  command: text,
  action: text,
  item: z.nullish(counting),
  goal: z.nullish(z.string()),
  details: z.nullish(z.record(z.string(), z.unknown())),
});

const count = z.number().check(z.int(), z.gte(0));
const documentSchema = z.strictObject({
  schemaVersion: z.literal(DOCUMENT_VERSION, { error: `must be ${DOCUMENT_VERSION} (this ordo reads backlog files of version ${DOCUMENT_VERSION})` }),
  kind: z.literal(DOCUMENT_KIND, { error: `must be "${DOCUMENT_KIND}" (a file written by \`ordo export --format yaml|json\`)` }),
  counts: z.optional(z.strictObject({ goals: count, items: count, events: count })),
  goals: z.array(goalSchema),
  items: z.array(itemSchema),
  events: z._default(z.array(eventSchema), []),
  releases: z._default(z.array(releaseSchema), []),
  sprints: z._default(z.array(sprintSchema), []),
  end: z.optional(z.literal(DOCUMENT_END, { error: `must be "${DOCUMENT_END}", the last line ordo writes` })),
});

/** Above this size a file is read only in the layout `ordo export` writes: the general YAML parser needs about 50 times the file's size in memory. */
export const GENERAL_YAML_MAX_BYTES = 4 * 1024 * 1024;

type Path = (string | number)[];
interface Problem {
  path: Path;
  message: string;
}

const MAX_REPORTED = 20;

/** Lines that git writes into a file it could not merge. */
const CONFLICT_MARKER = /^(?:<{7}|={7}|>{7})(?: |$)/m;

export type FileFormat = 'yaml' | 'json';

export function detectFormat(file: string, content: string): FileFormat {
  if (/\.json$/i.test(file)) return 'json';
  if (/\.ya?ml$/i.test(file)) return 'yaml';
  return content.trimStart().startsWith('{') ? 'json' : 'yaml';
}

function lineCol(content: string, offset: number): { line: number; col: number } {
  let line = 1;
  let start = 0;
  for (let i = content.indexOf('\n'); i !== -1 && i < offset; i = content.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, col: offset - start + 1 };
}

/** The path and each of its ancestors, as text, outermost first. */
function prefixes(path: Path): string[] {
  return path.map((_, i) => pathText(path.slice(0, i + 1)));
}

export function pathText(path: Path): string {
  return path.reduce<string>((s, p) => (typeof p === 'number' ? `${s}[${p}]` : s ? `${s}.${p}` : p), '') || '(top level)';
}

/** The deepest node on `path` that exists, for a location. */
function locate(doc: Document, counter: LineCounter, path: Path): string {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
    if (node?.range) {
      const pos = counter.linePos(node.range[0]);
      return `${pos.line}:${pos.col}`;
    }
  }
  return '1:1';
}

const NUMBER = /^[-+]?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?$/;
const UNSURE_PLAIN = /^[-+]?(?:\.|0[oxOX])|^[-?:,\[\]{}#&*!|>'"%@`]|\s#|:\s|:$/;

function fastScalar(text: string): { value: unknown } | null {
  const t = text.trim();
  if (t === '' || t === '~' || t === 'null' || t === 'Null' || t === 'NULL') return { value: null };
  if (t === 'true' || t === 'True' || t === 'TRUE') return { value: true };
  if (t === 'false' || t === 'False' || t === 'FALSE') return { value: false };
  if (t[0] === '"' || t[0] === '{' || t[0] === '[') {
    try {
      return { value: JSON.parse(t) as unknown };
    } catch {
      return null;
    }
  }
  if (NUMBER.test(t)) return { value: Number(t) };
  if (UNSURE_PLAIN.test(t)) return null;
  return { value: t };
}

/**
 * Reads the YAML that `ordo export` writes (top-level keys, sequences of flat records,
 * plain or JSON-quoted scalars, comment lines) in one pass over the lines: the general
 * parser needs minutes and gigabytes for 100,000 items. Anything else returns null and
 * the general parser takes over, so hand-edited files with any YAML still work.
 */
export function parseExportYaml(content: string): Record<string, unknown> | null {
  const root: Record<string, unknown> = {};
  let list: Record<string, unknown>[] | null = null;
  let record: Record<string, unknown> | null = null;
  const lines = content.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!.endsWith('\r') ? lines[n]!.slice(0, -1) : lines[n]!;
    const trimmed = line.trimStart();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    if (n === 0 && line === '---') continue;
    let m: RegExpExecArray | null;
    if ((m = /^([A-Za-z][\w-]*):(?: (.*))?$/.exec(line))) {
      if (Object.hasOwn(root, m[1]!)) return null;
      const rest = (m[2] ?? '').trim();
      if (rest === '') {
        list = [];
        root[m[1]!] = list;
      } else {
        const v = fastScalar(rest);
        if (!v) return null;
        root[m[1]!] = v.value;
        list = null;
      }
      record = null;
    } else if (list && (m = /^  - ([A-Za-z][\w-]*):(?: (.*))?$/.exec(line))) {
      const v = fastScalar(m[2] ?? '');
      if (!v) return null;
      record = { [m[1]!]: v.value };
      list.push(record);
    } else if (record && (m = /^    ([A-Za-z][\w-]*):(?: (.*))?$/.exec(line))) {
      if (Object.hasOwn(record, m[1]!)) return null;
      const v = fastScalar(m[2] ?? '');
      if (!v) return null;
      record[m[1]!] = v.value;
    } else {
      return null;
    }
  }
  return root;
}

/** Line and column of each wanted path in a file `parseExportYaml` reads. */
function locateExportYaml(content: string, wanted: Set<string>): Map<string, string> {
  const found = new Map<string, string>();
  let section = '';
  let index = -1;
  const lines = content.split('\n');
  const note = (path: string, line: number, col: number) => {
    if (wanted.has(path) && !found.has(path)) found.set(path, `${line}:${col}`);
  };
  for (let n = 0; n < lines.length && found.size < wanted.size; n++) {
    const line = lines[n]!;
    let m: RegExpExecArray | null;
    if ((m = /^([A-Za-z][\w-]*):/.exec(line))) {
      section = m[1]!;
      index = -1;
      note(section, n + 1, 1);
    } else if ((m = /^  - ([A-Za-z][\w-]*):/.exec(line))) {
      index++;
      note(`${section}[${index}]`, n + 1, 3);
      note(`${section}[${index}].${m[1]}`, n + 1, 5);
    } else if ((m = /^    ([A-Za-z][\w-]*):/.exec(line))) {
      note(`${section}[${index}].${m[1]}`, n + 1, 5);
    }
  }
  return found;
}

/**
 * The first key that occurs twice in one JSON object, in text JSON.parse accepted (it keeps the
 * last silently, so a hand-edited or crafted file could carry two titles and show one), given
 * what it parsed to. Each duplicate leaves one key fewer in the parsed objects than the text
 * writes, so counting both (cheap) tells whether there is one; only then is each object's keys
 * looked through to name it.
 */
function findDuplicateJsonKey(text: string, parsed: unknown): { offset: number; key: string } | null {
  return countJsonKeys(text) === countParsedKeys(parsed) ? null : locateDuplicateJsonKey(text);
}

/** The number of keys valid JSON text writes in its objects, duplicates included. */
function countJsonKeys(text: string): number {
  // One entry per open bracket: KEY while an object expects a key, VALUE in an object after one, 0 in an array.
  const KEY = 1;
  const VALUE = 2;
  const stack: number[] = [];
  let keys = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      // The closing quote: the next one not escaped, that is after an even run of backslashes.
      let j = text.indexOf('"', i + 1);
      for (;;) {
        if (j === -1) return keys; // unterminated: not text JSON.parse accepted
        let k = j - 1;
        while (text.charCodeAt(k) === 92) k--;
        if ((j - 1 - k) % 2 === 0) break;
        j = text.indexOf('"', j + 1);
      }
      if (stack[stack.length - 1] === KEY) {
        keys++;
        stack[stack.length - 1] = VALUE;
      }
      i = j;
    } else if (c === 123) stack.push(KEY);
    else if (c === 91) stack.push(0);
    else if (c === 125 || c === 93) stack.pop();
    else if (c === 44 && stack[stack.length - 1] === VALUE) stack[stack.length - 1] = KEY;
  }
  return keys;
}

/** The number of keys in the objects of a value JSON.parse returned (without recursion: files may nest deep). */
function countParsedKeys(value: unknown): number {
  let keys = 0;
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const v = pending.pop();
    if (v === null || typeof v !== 'object') continue;
    if (Array.isArray(v)) {
      for (const x of v) if (x !== null && typeof x === 'object') pending.push(x);
      continue;
    }
    // for-in rather than Object.values: no array per object. JSON.parse makes plain objects,
    // whose prototype has nothing enumerable; a miscount could only send the search to the
    // full look through the text.
    for (const k in v) {
      keys += 1;
      const x = (v as Record<string, unknown>)[k];
      if (x !== null && typeof x === 'object') pending.push(x);
    }
  }
  return keys;
}

function locateDuplicateJsonKey(text: string): { offset: number; key: string } | null {
  const stack: { keys: Set<string> | null; expectKey: boolean }[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      let j = i + 1;
      let escaped = false;
      for (; j < text.length; j++) {
        const d = text.charCodeAt(j);
        if (d === 92) {
          j++;
          escaped = true;
        } else if (d === 34) break;
      }
      const top = stack[stack.length - 1];
      if (top?.keys && top.expectKey) {
        const key = escaped ? (JSON.parse(text.slice(i, j + 1)) as string) : text.slice(i + 1, j);
        if (top.keys.has(key)) return { offset: i, key };
        top.keys.add(key);
        top.expectKey = false;
      }
      i = j;
    } else if (c === 123) stack.push({ keys: new Set(), expectKey: true });
    else if (c === 91) stack.push({ keys: null, expectKey: false });
    else if (c === 125 || c === 93) stack.pop();
    else if (c === 44) {
      const top = stack[stack.length - 1];
      if (top?.keys) top.expectKey = true;
    }
  }
  return null;
}

/** Parses, validates and converts an export file; throws one DataError listing the problems. */
export function parseBacklogFile(content: string, file: string, scale: readonly number[]): Snapshot {
  const marker = CONFLICT_MARKER.exec(content);
  if (marker) {
    const { line } = lineCol(content, marker.index);
    throw new DataError(
      'IMPORT_CONFLICT_MARKERS',
      `${file}:${line}: the file holds git conflict markers (${marker[0].trim().slice(0, 7)}); it is the unfinished result of a merge.`,
      'Resolve the conflict first (keep one side of each <<<<<<< … >>>>>>> block), or export again from a merged backlog. The backlog itself is merged item by item by `ordo sync`.',
    );
  }
  const format = detectFormat(file, content);
  let raw: unknown;
  let yamlDoc: { doc: Document; counter: LineCounter } | undefined;
  const yamlView = () => {
    if (!yamlDoc) {
      const counter = new LineCounter();
      yamlDoc = { doc: parseDocument(content, { lineCounter: counter, prettyErrors: false, uniqueKeys: true }), counter };
    }
    return yamlDoc;
  };
  if (format === 'json') {
    try {
      raw = JSON.parse(content);
    } catch (error) {
      const message = (error as Error).message;
      const at = /position (\d+)/.exec(message);
      let where = at ? `:${Object.values(lineCol(content, Number(at[1]))).join(':')}` : '';
      if (!at && content.length <= 5_000_000) {
        // This message has no position: JSON is YAML too, and the YAML parser says where.
        const first = yamlView().doc.errors[0];
        if (first) where = `:${Object.values(yamlView().counter.linePos(first.pos[0])).join(':')}`;
      }
      throw new DataError('IMPORT_INVALID', `${file}${where}: not valid JSON: ${message}`, 'Fix the JSON syntax there, or export the file again.');
    }
    const duplicate = findDuplicateJsonKey(content, raw);
    if (duplicate) {
      throw new DataError(
        'IMPORT_INVALID',
        `${file}:${Object.values(lineCol(content, duplicate.offset)).join(':')}: the field "${duplicate.key}" appears twice in one record; readers disagree on which one counts.`,
        'Keep one of the two, or export the file again.',
      );
    }
  } else {
    raw = parseExportYaml(content);
  }
  if (format === 'yaml' && raw === null) {
    if (content.length > GENERAL_YAML_MAX_BYTES) {
      throw new DataError(
        'IMPORT_TOO_LARGE',
        `${file} is not in the layout \`ordo export\` writes, and a file of ${Math.round(content.length / 1024 / 1024)} MB is read only in that layout (other YAML up to ${GENERAL_YAML_MAX_BYTES / 1024 / 1024} MB).`,
        'Export the backlog again (`ordo export --format yaml` or `--format json`), or convert the file to JSON.',
      );
    }
    const { doc, counter } = yamlView();
    if (doc.errors.length > 0) {
      const lines = doc.errors.slice(0, MAX_REPORTED).map((e) => {
        const pos = counter.linePos(e.pos[0]);
        return `${file}:${pos.line}:${pos.col}: not valid YAML: ${e.message.split('\n')[0]}`;
      });
      throw new DataError('IMPORT_INVALID', lines.join('\n'), 'Fix the YAML syntax there (indentation, quotes, a missing colon), or export the file again.');
    }
    try {
      raw = doc.toJS({ maxAliasCount: 0 });
    } catch (error) {
      throw new DataError(
        'IMPORT_INVALID',
        `${file}: uses YAML anchors and aliases (&name, *name), which a backlog file never needs (${(error as Error).message}).`,
        'Write the values out in full, or export the file again.',
      );
    }
  }

  const problems: Problem[] = [];
  // Items that plainly pass the schema are spared it (isPlainItem); otherwise all of it runs.
  const rawItems = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>).items : undefined;
  const plainItems = Array.isArray(rawItems) && rawItems.every(isPlainItem) ? (rawItems as ParsedDocument['items']) : null;
  const parsed = documentSchema.safeParse(plainItems ? { ...(raw as Record<string, unknown>), items: [] } : raw);
  if (parsed.success && plainItems) parsed.data.items = plainItems;
  // The items converted once, for the checks and for the snapshot.
  let items: Item[] | undefined;
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
      const unknown = issue.code === 'unrecognized_keys' ? issue.keys : [];
      const present = valueAt(raw, path);
      const message =
        unknown.length > 0
          ? `unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')}`
          : !present.found
            ? 'is required'
            : issue.code === 'invalid_type'
              ? `must be ${article(issue.expected)}, got ${describe(present.value)}`
              : issue.message;
      problems.push({ path: unknown.length > 0 ? [...path, unknown[0]!] : path, message });
    }
  } else {
    checkTruncation(parsed.data, file);
    items = parsed.data.items.map(toItem);
    checkReferences(parsed.data, items, scale, problems);
  }
  if (problems.length > 0) {
    const reported = problems.slice(0, MAX_REPORTED);
    const fast = format === 'yaml' && !yamlDoc ? locateExportYaml(content, new Set(reported.flatMap((p) => prefixes(p.path)))) : null;
    const where = (p: Path) => {
      if (fast) {
        const hit = prefixes(p).reverse().find((k) => fast.has(k));
        return hit ? `${file}:${fast.get(hit)}` : file;
      }
      if (format === 'yaml') return `${file}:${locate(yamlView().doc, yamlView().counter, p)}`;
      // JSON is YAML too: parse it again only now, to find line and column of each problem
      // (not for huge files, where the path alone must do).
      if (content.length > 5_000_000) return file;
      const view = yamlView();
      return view.doc.errors.length === 0 ? `${file}:${locate(view.doc, view.counter, p)}` : file;
    };
    const lines = reported.map((p) => `${where(p.path)}: ${pathText(p.path)} ${p.message}`);
    if (problems.length > MAX_REPORTED) lines.push(`… and ${problems.length - MAX_REPORTED} more problems`);
    throw new DataError(
      'IMPORT_INVALID',
      `${file} is not a valid backlog file:\n${lines.join('\n')}`,
      'Fix the fields named above; nothing was imported.',
    );
  }
  return toSnapshot(parsed.data!, items!);
}

type ParsedDocument = z.infer<typeof documentSchema>;

/** The value at `path` in parsed data, and whether the key is there at all. */
function valueAt(raw: unknown, path: Path): { found: boolean; value: unknown } {
  let v: unknown = raw;
  for (const p of path) {
    if (v === null || typeof v !== 'object' || !Object.hasOwn(v, p)) return { found: false, value: undefined };
    v = (v as Record<string | number, unknown>)[p];
  }
  return { found: v !== undefined, value: v };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : Number.isFinite(value) ? `the number ${value}` : `${value}`;
  if (typeof value === 'string') return `the text ${JSON.stringify(value.length > 30 ? `${value.slice(0, 30)}…` : value)}`;
  if (typeof value === 'object') return 'a mapping';
  return typeof value;
}

const article = (expected: string | undefined) =>
  expected === 'object' ? 'a mapping' : expected === 'array' ? 'a list' : expected === 'int' ? 'a whole number' : /^[aeiou]/.test(expected ?? '') ? `an ${expected}` : `a ${expected ?? 'value'}`;

/** A file that counts its records must hold them all and end where ordo ends it. */
function checkTruncation(doc: ParsedDocument, file: string): void {
  if (!doc.counts && !doc.end) return; // written before files were counted
  const hint = 'Export the backlog again, or copy the whole file; if you removed records by hand, correct `counts:` to match.';
  if (!doc.counts) {
    throw new DataError('IMPORT_TRUNCATED', `${file} ends with \`end: ${DOCUMENT_END}\` but has no \`counts:\` line near its top.`, hint);
  }
  const short = (['goals', 'items', 'events'] as const).filter((k) => doc[k].length !== doc.counts![k]);
  if (short.length > 0) {
    throw new DataError(
      'IMPORT_TRUNCATED',
      `${file} says it holds ${short.map((k) => `${doc.counts![k]} ${k}`).join(', ')}, but holds ${short.map((k) => `${doc[k].length} ${k}`).join(', ')}: it is incomplete (cut short?). Nothing was imported.`,
      hint,
    );
  }
  if (!doc.end) {
    throw new DataError('IMPORT_TRUNCATED', `${file} ends before its last line \`end: ${DOCUMENT_END}\`: it was cut short. Nothing was imported.`, hint);
  }
}

function checkReferences(doc: ParsedDocument, converted: readonly Item[], scale: readonly number[], problems: Problem[]): void {
  const goalIds = new Map<string, number>();
  doc.goals.forEach((g, i) => {
    const id = g.id.toLowerCase();
    if (goalIds.has(id)) problems.push({ path: ['goals', i, 'id'], message: `"${g.id}" is already used by goals[${goalIds.get(id)}]` });
    else goalIds.set(id, i);
  });
  const numbers = new Map<number, number>();
  const ranks = new Map<string, number>();
  const ranked: { index: number; rank: string; position: number }[] = [];
  const add = (section: string, i: number, found: FieldProblem[]) => {
    for (const p of found) problems.push({ path: [section, i, p.field], message: p.message });
  };
  const goalSet = new Set(goalIds.keys());
  doc.goals.forEach((g, i) => add('goals', i, validateIncomingGoal({ ...g, description: g.description ?? null, horizon: g.horizon ?? null, metric: g.metric ?? null })));
  doc.items.forEach((item, i) => {
    const at = (field: string, message: string) => problems.push({ path: ['items', i, field], message });
    add('items', i, validateIncomingItem(converted[i]!, { scale, goals: goalSet, goalsIn: 'this file' }));
    if (numbers.has(item.number)) at('number', `${item.number} is already used by items[${numbers.get(item.number)}]`);
    else numbers.set(item.number, i);
    const hasRank = item.rank != null;
    if (isRanked(item.status) !== hasRank) {
      at('rank', hasRank ? `is set, but a ${item.status} item has no place in the order` : `is missing: a ${item.status} item needs its place in the order`);
      return;
    }
    if ((item.position != null) !== hasRank) {
      at('position', hasRank ? 'is missing: a ranked item needs its position' : 'is set, but the item has no rank key');
      return;
    }
    if (!hasRank) return;
    if (!isValidRankKey(item.rank!)) at('rank', `"${item.rank}" is not a valid rank key`);
    else if (ranks.has(item.rank!)) at('rank', `"${item.rank}" is already used by items[${ranks.get(item.rank!)}]`);
    else {
      ranks.set(item.rank!, i);
      ranked.push({ index: i, rank: item.rank!, position: item.position! });
    }
  });
  doc.events.forEach((e, i) => {
    const at = (field: string, message: string) => problems.push({ path: ['events', i, field], message });
    const when = timestampProblem(e.at);
    if (when) at('at', when);
    const actor = identityProblem(e.actor);
    if (actor) at('actor', `is not an identity: it ${actor}`);
    if (e.item != null && !numbers.has(e.item)) at('item', `names item ${e.item}, which is not in this file`);
    if (e.goal != null && !goalIds.has(e.goal.toLowerCase())) at('goal', `names goal ${JSON.stringify(e.goal)}, which is not in this file`);
  });
  checkRelations(doc, numbers, problems);
  const plans = [['releases', doc.releases], ['sprints', doc.sprints]] as const;
  for (const [section, list] of plans) {
    const ids = new Map<string, number>();
    list.forEach((p, i) => {
      const id = p.id.toLowerCase();
      if (ids.has(id)) problems.push({ path: [section, i, 'id'], message: `"${p.id}" is already used by ${section}[${ids.get(id)}]` });
      else ids.set(id, i);
      const unknown = p.items.find((n) => !numbers.has(n));
      if (unknown !== undefined) problems.push({ path: [section, i, 'items'], message: `names item ${unknown}, which is not in this file` });
    });
  }
  // An exported file lists the order first, already sorted: checking that is cheaper than sorting.
  if (ranked.some((r, i) => i > 0 && compareKeys(ranked[i - 1]!.rank, r.rank) > 0)) ranked.sort((a, b) => compareKeys(a.rank, b.rank));
  const wrong = ranked.findIndex((r, i) => r.position !== i + 1);
  if (wrong !== -1) {
    const r = ranked[wrong]!;
    problems.push({
      path: ['items', r.index, 'position'],
      message: `is ${r.position}, but its rank key "${r.rank}" puts it at position ${wrong + 1}; positions must follow the rank keys (1, 2, 3, … in key order)`,
    });
  }
}

/** Labels must be storable; dependencies must name other items of the file and close no cycle. */
function checkRelations(doc: ParsedDocument, numbers: ReadonlyMap<number, number>, problems: Problem[]): void {
  const graph = new Map<number, number[]>();
  doc.items.forEach((item, i) => {
    (item.labels ?? []).forEach((label, j) => {
      const problem = labelProblem(label);
      if (problem) problems.push({ path: ['items', i, 'labels', j], message: `"${label}" ${problem}` });
    });
    const needs: number[] = [];
    (item.dependsOn ?? []).forEach((n, j) => {
      const at = (message: string) => problems.push({ path: ['items', i, 'dependsOn', j], message });
      if (n === item.number) at(`${n} is the item itself; an item cannot depend on itself`);
      else if (!numbers.has(n)) at(`${n} is not the number of an item in this file`);
      else {
        const cycle = cycleThrough(graph, item.number, n);
        if (cycle) at(`${n} closes a dependency cycle (${cycle.join(' → ')})`);
        else needs.push(n);
      }
      graph.set(item.number, needs);
    });
  });
}

function toSnapshot(doc: ParsedDocument, converted: readonly Item[]): Snapshot {
  const goals: Goal[] = doc.goals.map((g) => ({
    id: g.id,
    title: g.title,
    description: g.description ?? null,
    horizon: g.horizon ?? null,
    metric: g.metric ?? null,
    status: g.status,
    createdAt: g.createdAt,
    updatedAt: g.updatedAt,
  }));
  const items = byNumber(converted);
  const events = doc.events.map((e) => ({
    at: e.at,
    actor: e.actor,
    source: e.source,
    command: e.command,
    action: e.action,
    item: e.item ?? null,
    goal: e.goal ?? null,
    details: e.details ?? {},
  }));
  const releases: Release[] = doc.releases.map((r) => ({ ...r, shippedAt: r.shippedAt ?? null }));
  const sprints: Sprint[] = doc.sprints.map((x) => ({
    ...x,
    capacity: x.capacity ?? null,
    goalMet: x.goalMet ?? null,
    velocity: x.velocity ?? null,
    endedAt: x.endedAt ?? null,
  }));
  return { goals, items, events, releases, sprints };
}

/**
 * Items in number order (an export lists them in rank order). Sorting 100,000 objects with a
 * comparator cost a tenth of a second; sorting number and index packed into one float, a third
 * of that. The packing is exact while numbers stay below 2^32 and files below 2^20 items;
 * others are sorted the plain way. The numbers are known to be distinct whole numbers.
 */
function byNumber(items: readonly Item[]): Item[] {
  const SLOTS = 2 ** 20;
  if (items.length >= SLOTS || items.some((i) => i.number >= 2 ** 32)) return [...items].sort((a, b) => a.number - b.number);
  const keys = new Float64Array(items.length);
  for (let i = 0; i < items.length; i++) keys[i] = items[i]!.number * SLOTS + i;
  keys.sort();
  return Array.from(keys, (key) => items[key % SLOTS]!);
}

function toItem(i: ParsedDocument['items'][number]): Item {
  const item: Item = {
      number: i.number,
      title: i.title,
      description: i.description ?? null,
      type: i.type,
      value: i.value ?? null,
      rationale: i.rationale ?? null,
      goal: i.goal ?? null,
      estimate: i.estimate ?? null,
      status: i.status,
      rank: i.rank ?? null,
      createdBy: i.createdBy,
      createdAt: i.createdAt,
      updatedAt: i.updatedAt,
      startedAt: i.startedAt ?? null,
      doneAt: i.doneAt ?? null,
      closedAt: i.closedAt ?? null,
      reason: i.reason ?? null,
      labels: i.labels ? normaliseLabels(i.labels) : [],
      dependsOn: i.dependsOn ? [...new Set(i.dependsOn)].sort((a, b) => a - b) : [],
      criteria: i.criteria ?? [],
      assignee: i.assignee ?? null,
  };
  if (i.uid) item.uid = i.uid;
  return item;
}
