/** The shape of ordo.yml, validated with zod. Loaded only when the configuration must be parsed. */
import { z } from 'zod';
import validRange from 'semver/ranges/valid.js';
import { RULE_IDS, SEVERITIES } from '../core/rules.js';
import { DEFAULT_SCALE, DURATION_PATTERN, PREFIX_PATTERN, SYNC_DEFAULTS } from './defaults.js';

const identity = z.string().trim().min(1, 'must not be empty');

export { DEFAULT_SCALE, PREFIX_PATTERN };

const ruleSeverities = z.strictObject(
  Object.fromEntries(RULE_IDS.map((id) => [id, z.enum(SEVERITIES).optional()])) as Record<
    (typeof RULE_IDS)[number],
    z.ZodOptional<z.ZodEnum<{ error: 'error'; warn: 'warn'; off: 'off' }>>
  >,
);

export const configSchema = z.strictObject({
  /** Which ordo versions may write this backlog: a semver range, as in package.json. */
  ordo: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .refine((range) => validRange(range) !== null, 'must be a version range such as ">=0.2 <0.3" or "^0.2"')
    .optional(),
  product: z.string().trim().min(1, 'must name the product'),
  owner: identity,
  managers: z.array(identity).default([]),
  team: z.array(identity).default([]),
  prefix: z
    .string()
    .regex(PREFIX_PATTERN, 'must be 1-10 capital letters or digits, starting with a letter (e.g. ORD)')
    .default('ORD'),
  'owner-key': z
    .string()
    .regex(/^ed25519:[A-Za-z0-9+/=]+$/, 'must look like ed25519:BASE64 (see `ordo key generate`)')
    .optional(),
  value: z
    .strictObject({
      scale: z
        .array(z.number().int('must hold whole numbers').positive('must hold numbers above 0'))
        .min(1, 'must list at least one value')
        .refine((s) => new Set(s).size === s.length, 'must not repeat a value')
        .default(DEFAULT_SCALE),
    })
    .default({ scale: DEFAULT_SCALE }),
  sync: z
    .strictObject({
      remote: z.string().trim().min(1, 'must name a git remote').regex(/^[^\s~^:?*[\\]+$/, 'must be a git remote name such as origin').default('origin'),
      branch: z
        .string()
        .trim()
        .min(1, 'must name a branch')
        .regex(/^(?!\/|.*\/\/|.*\.\.|.*\/$|.*\.lock$)[A-Za-z0-9._/-]+$/, 'must be a git branch name such as ordo/backlog')
        .default(SYNC_DEFAULTS.branch),
      auto: z.boolean().optional(),
      'stale-after': z
        .string()
        .regex(DURATION_PATTERN, 'must be a duration such as 12h, 1d or 2w')
        .default(SYNC_DEFAULTS.staleAfter),
    })
    .default({ remote: 'origin', branch: SYNC_DEFAULTS.branch, 'stale-after': SYNC_DEFAULTS.staleAfter }),
  check: z
    .strictObject({
      'rationale-min-words': z.number().int().min(0).default(5),
      'stale-proposal-days': z.number().int().min(1).default(14),
      rules: ruleSeverities.default({}),
    })
    .default({ 'rationale-min-words': 5, 'stale-proposal-days': 14, rules: {} }),
});

export type ConfigFile = z.infer<typeof configSchema>;
