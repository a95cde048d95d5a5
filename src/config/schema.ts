/** The shape of ordo.yml, validated with zod (./zod.ts). Loaded only when the configuration must be parsed. */
import { identityProblem } from '../core/roles.js';
import { RULE_IDS, SEVERITIES } from '../core/rules.js';
import { DEFAULT_SCALE, DURATION_PATTERN, PREFIX_PATTERN, SYNC_DEFAULTS } from './defaults.js';
import * as z from './zod.js';

const trimmed = () => z.string().check(z.trim());

const identity = trimmed().check(
  z.superRefine((v, ctx) => {
    const problem = identityProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: problem === 'is empty' ? 'must not be empty' : `is not a usable identity: it ${problem}` });
  }),
);

export { DEFAULT_SCALE, PREFIX_PATTERN };

const ruleSeverities = z.strictObject(
  Object.fromEntries(RULE_IDS.map((id) => [id, z.optional(z.enum(SEVERITIES))])) as Record<
    (typeof RULE_IDS)[number],
    z.ZodMiniOptional<z.ZodMiniEnum<{ error: 'error'; warn: 'warn'; off: 'off' }>>
  >,
);

/** A whole number of at least `min`, `fallback` when absent. */
const count = (min: number, fallback: number) => z._default(z.number().check(z.int(), z.gte(min)), fallback);

export const configSchema = z.strictObject({
  /** Which ordo versions may write this backlog: a semver range, as in package.json (parse.ts checks the range itself). */
  ordo: z.optional(trimmed().check(z.minLength(1, 'must not be empty'))),
  product: trimmed().check(z.minLength(1, 'must name the product')),
  owner: identity,
  managers: z._default(z.array(identity), []),
  team: z._default(z.array(identity), []),
  prefix: z._default(z.string().check(z.regex(PREFIX_PATTERN, 'must be 1-10 capital letters or digits, starting with a letter (e.g. ORD)')), 'ORD'),
  'owner-key': z.optional(z.string().check(z.regex(/^ed25519:[A-Za-z0-9+/=]+$/, 'must look like ed25519:BASE64 (see `ordo key generate`)'))),
  value: z._default(
    z.strictObject({
      scale: z._default(
        z.array(z.number().check(z.int('must hold whole numbers'), z.positive('must hold numbers above 0'))).check(
          z.minLength(1, 'must list at least one value'),
          z.refine((s) => new Set(s).size === s.length, 'must not repeat a value'),
        ),
        DEFAULT_SCALE,
      ),
    }),
    { scale: DEFAULT_SCALE },
  ),
  sync: z._default(
    z.strictObject({
      remote: z._default(trimmed().check(z.minLength(1, 'must name a git remote'), z.regex(/^[^\s~^:?*[\\]+$/, 'must be a git remote name such as origin')), 'origin'),
      branch: z._default(
        trimmed().check(
          z.minLength(1, 'must name a branch'),
          z.regex(/^(?!\/|.*\/\/|.*\.\.|.*\/$|.*\.lock$)[A-Za-z0-9._/-]+$/, 'must be a git branch name such as ordo/backlog'),
        ),
        SYNC_DEFAULTS.branch,
      ),
      auto: z.optional(z.boolean()),
      'stale-after': z._default(z.string().check(z.regex(DURATION_PATTERN, 'must be a duration such as 12h, 1d or 2w')), SYNC_DEFAULTS.staleAfter),
    }),
    { remote: 'origin', branch: SYNC_DEFAULTS.branch, 'stale-after': SYNC_DEFAULTS.staleAfter },
  ),
  check: z._default(
    z.strictObject({
      'rationale-min-words': count(0, 5),
      'stale-proposal-days': count(1, 14),
      /** acceptance-criteria: how many items from the top of the order must have criteria. */
      'criteria-top': count(0, 10),
      rules: z._default(ruleSeverities, {}),
    }),
    { 'rationale-min-words': 5, 'stale-proposal-days': 14, 'criteria-top': 10, rules: {} },
  ),
});

export type ConfigFile = z.infer<typeof configSchema>;
