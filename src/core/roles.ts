/**
 * Who may do what (DESIGN.md section 1). The one place that answers
 * "who may move an item?": every command asks here before it writes.
 */
import { PermissionError } from '../errors.js';
import type { Identity, Item, Role } from './types.js';

export interface People {
  owner: string;
  managers: string[];
  /** Empty: anyone may start and finish items. */
  team: string[];
}

/** What a command needs permission for. */
export type Action =
  | 'order' // place items in the order or change it: move, reorder, triage into the order, add by the PO
  | 'decide' // accept or reject delivered work, reject proposals, drop items
  | 'manage-goals' // add, edit, achieve, retire roadmap goals
  | 'work' // start and finish items
  | 'plan' // releases and sprints: their content, dates and goals
  | 'transfer-ownership';

const ALLOWED: Record<Action, readonly Role[]> = {
  order: ['product-owner'],
  decide: ['product-owner'],
  'manage-goals': ['product-owner', 'product-manager'],
  work: ['product-owner', 'developer'],
  plan: ['product-owner'],
  'transfer-ownership': ['product-owner'],
};

const ROLE_NAMES: Record<Role, string> = {
  'product-owner': 'the Product Owner',
  'product-manager': 'a Product Manager',
  developer: 'a team member',
  stakeholder: 'a stakeholder',
};

/** E-mail addresses compare case-insensitively; other identities exactly. */
/** Longer than any e-mail address can be (RFC 5321 caps a path at 256). */
export const IDENTITY_MAX = 256;

/**
 * Why `text` cannot be an identity, or null when it can: an identity is compared, shown and
 * signed, so it must be non-empty, of sane length, and free of control and bidi characters
 * (a NUL or an invisible override would make two identities look alike or lock people out).
 */
export function identityProblem(text: string): string | null {
  if (text.trim() === '') return 'is empty';
  if (text.length > IDENTITY_MAX) return `is ${text.length} characters long (at most ${IDENTITY_MAX})`;
  const bad = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/.exec(text);
  if (bad) return `holds the control character U+${bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} at position ${bad.index + 1}`;
  return null;
}

export function sameIdentity(a: string, b: string): boolean {
  const x = a.trim();
  const y = b.trim();
  if (x.includes('@') || y.includes('@')) return x.toLowerCase() === y.toLowerCase();
  return x === y;
}

/** Every role the identity holds; stakeholder when it holds no other. */
export function rolesOf(id: string, people: People): Role[] {
  const roles: Role[] = [];
  if (sameIdentity(id, people.owner)) roles.push('product-owner');
  if (people.managers.some((m) => sameIdentity(id, m))) roles.push('product-manager');
  if (people.team.length === 0 || people.team.some((m) => sameIdentity(id, m))) roles.push('developer');
  if (roles.length === 0) roles.push('stakeholder');
  return roles;
}

export function permits(action: Action, roles: readonly Role[]): boolean {
  return roles.some((r) => ALLOWED[action].includes(r));
}

function describeIdentity(identity: Identity): string {
  return `you are ${identity.id} (from ${identity.source})`;
}

/**
 * Throws unless the identity may perform the action. `what` completes
 * "Only the Product Owner may …", e.g. "move items".
 */
export function requirePermission(action: Action, identity: Identity, people: People, what: string): void {
  const roles = rolesOf(identity.id, people);
  if (permits(action, roles)) return;
  const allowed = ALLOWED[action];
  if (allowed.length === 1 && allowed[0] === 'product-owner') {
    throw new PermissionError(
      'NOT_PRODUCT_OWNER',
      `Only the Product Owner (${people.owner}) may ${what}; ${describeIdentity(identity)}.`,
      `Ask ${people.owner} to do it. If you are the Product Owner, set ORDO_USER or git config user.email to ${people.owner}.`,
    );
  }
  const who = allowed.map((r) => ROLE_NAMES[r]).join(' or ');
  const listed = action === 'work' ? 'team:' : 'managers:';
  throw new PermissionError(
    action === 'work' ? 'NOT_TEAM_MEMBER' : 'NOT_PERMITTED',
    `Only ${who} may ${what}; ${describeIdentity(identity)}, ${ROLE_NAMES[roles[0] ?? 'stakeholder']}.`,
    `Ask ${people.owner} (the Product Owner) to add you to \`${listed}\` in ordo.yml, or to do it for you.`,
  );
}

/** The Product Owner may edit any item; its creator may edit it while it is still a proposal. */
export function requireEditPermission(identity: Identity, people: People, item: Item, key: string): void {
  const roles = rolesOf(identity.id, people);
  if (roles.includes('product-owner')) return;
  if (item.status === 'proposed' && sameIdentity(identity.id, item.createdBy)) return;
  throw new PermissionError(
    'NOT_PERMITTED',
    item.status === 'proposed'
      ? `Only the Product Owner (${people.owner}) or its creator (${item.createdBy}) may edit ${key}; ${describeIdentity(identity)}.`
      : `Only the Product Owner (${people.owner}) may edit ${key} once it has been triaged; ${describeIdentity(identity)}.`,
    `Ask ${people.owner} to make the change.`,
  );
}
