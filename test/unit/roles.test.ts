import { describe, expect, it } from 'vitest';
import { permits, requireEditPermission, requirePermission, rolesOf, sameIdentity, type Action, type People } from '../../src/core/roles.js';
import type { Identity, Item, ItemStatus, Role } from '../../src/core/types.js';
import { ExitCode, PermissionError } from '../../src/errors.js';

const OWNER = 'alice@example.com';
const MANAGER = 'bob@example.com';
const DEV = 'carol@example.com';
const STRANGER = 'zed@example.com';

const openTeam: People = { owner: OWNER, managers: [MANAGER], team: [] };
const closedTeam: People = { owner: OWNER, managers: [MANAGER], team: [DEV] };

const ACTIONS: Action[] = ['order', 'decide', 'manage-goals', 'work', 'transfer-ownership'];

function id(value: string, source: Identity['source'] = 'ORDO_USER'): Identity {
  return { id: value, source };
}

function item(status: ItemStatus, createdBy: string): Item {
  return {
    number: 7,
    title: 'Save the card for next time',
    description: null,
    type: 'story',
    value: 8,
    rationale: 'Returning shoppers re-type card details on every order',
    goal: 'G1',
    estimate: null,
    status,
    rank: status === 'ready' || status === 'in-progress' ? 'a0' : null,
    createdBy,
    createdAt: '2026-11-01T00:00:00.000Z',
    updatedAt: '2026-11-01T00:00:00.000Z',
    startedAt: null,
    doneAt: null,
    closedAt: null,
    reason: null,
    labels: [],
    dependsOn: [],
  };
}

function thrown(fn: () => void): PermissionError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(PermissionError);
    return error as PermissionError;
  }
  throw new Error('expected a PermissionError, nothing was thrown');
}

describe('sameIdentity', () => {
  it('compares e-mail addresses case-insensitively and ignores surrounding blanks', () => {
    expect(sameIdentity('Alice@Example.COM', 'alice@example.com')).toBe(true);
    expect(sameIdentity('  alice@example.com ', 'ALICE@example.com')).toBe(true);
    expect(sameIdentity('alice@example.com', 'alice@example.org')).toBe(false);
  });

  it('compares other identities exactly', () => {
    expect(sameIdentity('alice', 'alice')).toBe(true);
    expect(sameIdentity('Alice', 'alice')).toBe(false);
    expect(sameIdentity(' alice ', 'alice')).toBe(true);
    expect(sameIdentity('alice', 'alice@example.com')).toBe(false);
  });
});

describe('rolesOf', () => {
  it('finds each configured role, case-insensitively for e-mail', () => {
    expect(rolesOf('ALICE@example.com', closedTeam)).toEqual(['product-owner']);
    expect(rolesOf(MANAGER, closedTeam)).toEqual(['product-manager']);
    expect(rolesOf('Carol@Example.com', closedTeam)).toEqual(['developer']);
    expect(rolesOf(STRANGER, closedTeam)).toEqual(['stakeholder']);
  });

  it('makes everyone a developer when the team is empty', () => {
    expect(rolesOf(STRANGER, openTeam)).toEqual(['developer']);
    expect(rolesOf(OWNER, openTeam)).toEqual(['product-owner', 'developer']);
    expect(rolesOf(MANAGER, openTeam)).toEqual(['product-manager', 'developer']);
  });

  it('holds several roles at once', () => {
    const people: People = { owner: OWNER, managers: [OWNER], team: [OWNER] };
    expect(rolesOf(OWNER, people)).toEqual(['product-owner', 'product-manager', 'developer']);
  });
});

describe('permissions for every role and action', () => {
  // DESIGN.md section 1: the expected answer for each role, written out independently of the code.
  const table: Record<Role, Record<Action, boolean>> = {
    'product-owner': { order: true, decide: true, 'manage-goals': true, work: true, 'transfer-ownership': true },
    'product-manager': { order: false, decide: false, 'manage-goals': true, work: false, 'transfer-ownership': false },
    developer: { order: false, decide: false, 'manage-goals': false, work: true, 'transfer-ownership': false },
    stakeholder: { order: false, decide: false, 'manage-goals': false, work: false, 'transfer-ownership': false },
  };

  for (const [role, row] of Object.entries(table) as [Role, Record<Action, boolean>][]) {
    for (const action of ACTIONS) {
      it(`${role} ${row[action] ? 'may' : 'may not'} ${action}`, () => {
        expect(permits(action, [role])).toBe(row[action]);
      });
    }
  }

  // The same table through requirePermission, with identities resolved from ordo.yml-like people.
  const cases: { who: string; people: People; label: string; allowed: Action[] }[] = [
    { who: OWNER, people: closedTeam, label: 'the Product Owner', allowed: ACTIONS },
    { who: MANAGER, people: closedTeam, label: 'a Product Manager (team set)', allowed: ['manage-goals'] },
    { who: MANAGER, people: openTeam, label: 'a Product Manager (team empty)', allowed: ['manage-goals', 'work'] },
    { who: DEV, people: closedTeam, label: 'a team member (team set)', allowed: ['work'] },
    { who: STRANGER, people: openTeam, label: 'anyone (team empty)', allowed: ['work'] },
    { who: STRANGER, people: closedTeam, label: 'a stakeholder (team set)', allowed: [] },
  ];
  for (const c of cases) {
    for (const action of ACTIONS) {
      const allowed = c.allowed.includes(action);
      it(`requirePermission: ${c.label} ${allowed ? 'may' : 'may not'} ${action}`, () => {
        const run = () => requirePermission(action, id(c.who), c.people, 'do this');
        if (allowed) expect(run).not.toThrow();
        else expect(thrown(run).exitCode).toBe(ExitCode.notPermitted);
      });
    }
  }
});

describe('permission messages', () => {
  it('NOT_PRODUCT_OWNER names the owner, the identity seen and where it came from', () => {
    const e = thrown(() => requirePermission('order', id(DEV, 'git config user.email'), closedTeam, 'change the order'));
    expect(e.code).toBe('NOT_PRODUCT_OWNER');
    expect(e.exitCode).toBe(3);
    expect(e.message).toContain(`Only the Product Owner (${OWNER}) may change the order`);
    expect(e.message).toContain(`${DEV} (from git config user.email)`);
    expect(e.hint).toContain(OWNER);
    expect(e.hint).toMatch(/ORDO_USER|git config user\.email/);
  });

  it('uses the same code for every Product-Owner-only action', () => {
    for (const action of ['order', 'decide', 'transfer-ownership'] as const) {
      const e = thrown(() => requirePermission(action, id(STRANGER, 'OS user'), closedTeam, 'x'));
      expect(e.code).toBe('NOT_PRODUCT_OWNER');
      expect(e.message).toContain('(from OS user)');
    }
  });

  it('a non-member starting work is told to ask for a place in team:', () => {
    const e = thrown(() => requirePermission('work', id(STRANGER), closedTeam, 'start items'));
    expect(e.code).toBe('NOT_TEAM_MEMBER');
    expect(e.message).toContain(`${STRANGER} (from ORDO_USER)`);
    expect(e.message).toContain('a stakeholder');
    expect(e.hint).toContain('team:');
    expect(e.hint).toContain(OWNER);
  });

  it('a developer managing goals is told to ask for a place in managers:', () => {
    const e = thrown(() => requirePermission('manage-goals', id(DEV), closedTeam, 'add roadmap goals'));
    expect(e.code).toBe('NOT_PERMITTED');
    expect(e.message).toContain('Product Manager');
    expect(e.message).toContain('a team member');
    expect(e.hint).toContain('managers:');
  });
});

describe('requireEditPermission', () => {
  const statuses: ItemStatus[] = ['proposed', 'ready', 'in-progress', 'done', 'accepted', 'rejected', 'dropped'];

  it('lets the Product Owner edit any item, whoever created it', () => {
    for (const s of statuses) {
      expect(() => requireEditPermission(id('Alice@Example.com'), closedTeam, item(s, STRANGER), 'ORD-7')).not.toThrow();
    }
  });

  it('lets the creator edit only while the item is proposed', () => {
    expect(() => requireEditPermission(id('ZED@example.com'), closedTeam, item('proposed', STRANGER), 'ORD-7')).not.toThrow();
    for (const s of statuses.filter((x) => x !== 'proposed')) {
      const e = thrown(() => requireEditPermission(id(STRANGER), closedTeam, item(s, STRANGER), 'ORD-7'));
      expect(e.exitCode).toBe(3);
      expect(e.message).toContain('ORD-7');
      expect(e.message).toContain('once it has been triaged');
      expect(e.message).toContain(OWNER);
    }
  });

  it('refuses anyone else, even a manager or team member, naming owner and creator', () => {
    for (const who of [MANAGER, DEV]) {
      const e = thrown(() => requireEditPermission(id(who), closedTeam, item('proposed', STRANGER), 'ORD-7'));
      expect(e.code).toBe('NOT_PERMITTED');
      expect(e.message).toContain(`Product Owner (${OWNER})`);
      expect(e.message).toContain(`creator (${STRANGER})`);
      expect(e.message).toContain(`${who} (from ORDO_USER)`);
    }
  });
});
