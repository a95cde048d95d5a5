/**
 * The mapping file of `ordo import --from … --map FILE`: how another tracker's priorities
 * and labels become business value and roadmap goals.
 *
 *   goal: G1                  # the goal of items no label maps
 *   value: 3                  # the value of items no priority maps
 *   priority: { high: 13, medium: 5, low: 2 }
 *   labels: { checkout: G1, loyalty: G2, "epic:SHOP-1": G2 }
 *   why: description          # take the first paragraph of their description as the value rationale
 */
import { parse as parseYaml } from 'yaml';
import { UsageError } from '../../errors.js';
import * as z from '../zod.js';

const value = z.union([z.number(), z.pipe(z.string().check(z.trim(), z.regex(/^\d+$/, 'must be a number')), z.transform(Number))]);
const mappingSchema = z.strictObject({
  goal: z.optional(z.string().check(z.trim(), z.minLength(1))),
  value: z.optional(value),
  priority: z._default(z.record(z.string(), value), {}),
  labels: z._default(z.record(z.string(), z.string().check(z.trim(), z.minLength(1))), {}),
  why: z._default(z.enum(['description', 'none']), 'none'),
});

export interface Mapping {
  goal: string | null;
  value: number | null;
  /** Lower-cased priority name → value. */
  priority: Map<string, number>;
  /** Lower-cased label → goal id. */
  labels: Map<string, string>;
  why: 'description' | 'none';
}

export const EMPTY_MAPPING: Mapping = { goal: null, value: null, priority: new Map(), labels: new Map(), why: 'none' };

export function parseMapping(content: string, file: string): Mapping {
  let raw: unknown;
  try {
    raw = parseYaml(content) ?? {};
  } catch (error) {
    throw new UsageError(`${file} is not YAML: ${(error as Error).message.split('\n')[0]}`, 'Write the mapping as YAML, e.g. goal: G1, value: 3, priority: { high: 13 }, labels: { checkout: G1 }.');
  }
  const parsed = mappingSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.join('.') || '(top level)';
    throw new UsageError(`${file}: ${where}: ${issue.message}.`, 'The keys are goal, value, priority (name: value), labels (label: goal) and why (description or none); `ordo import --help` shows an example.');
  }
  const m = parsed.data;
  const lower = <V>(r: Record<string, V>) => new Map(Object.entries(r).map(([k, v]) => [k.trim().toLowerCase(), v]));
  return { goal: m.goal ?? null, value: m.value ?? null, priority: lower(m.priority), labels: lower(m.labels), why: m.why };
}
