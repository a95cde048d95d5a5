/** The check rules' ids and default severities (DESIGN.md section 6). */

export const SEVERITIES = ['error', 'warn', 'off'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const RULE_DEFAULTS = {
  'value-rationale': 'error',
  'value-on-scale': 'error',
  'goal-link': 'error',
  'goal-active': 'error',
  'rationale-duplicate': 'warn',
  'stale-proposal': 'warn',
  'order-integrity': 'error',
  'owner-handover': 'error',
  'order-signed': 'error',
  'audit-trail': 'error',
  'order-dependency': 'warn',
} as const satisfies Record<string, Severity>;

export type RuleId = keyof typeof RULE_DEFAULTS;
export const RULE_IDS = Object.keys(RULE_DEFAULTS) as RuleId[];
