import { describe, expect, it } from 'vitest';
import { assertTransition, FINISHED_STATUSES, isRanked, RANKED_STATUSES, TRANSITIONS, type Transition } from '../../src/core/lifecycle.js';
import { ITEM_STATUSES, type ItemStatus } from '../../src/core/types.js';
import { ConflictError } from '../../src/errors.js';

// DESIGN.md section 2, written out independently: transition → (from → to).
const ALLOWED: Record<Transition, Partial<Record<ItemStatus, ItemStatus>>> = {
  triage: { proposed: 'ready' },
  start: { ready: 'in-progress' },
  done: { 'in-progress': 'done' },
  accept: { done: 'accepted' },
  // Delivered work that is rejected goes back into the order; a rejected proposal is closed.
  reject: { proposed: 'rejected', done: 'ready' },
  drop: { proposed: 'dropped', ready: 'dropped', 'in-progress': 'dropped' },
  reopen: { accepted: 'ready', rejected: 'ready', dropped: 'ready' },
};

describe('the transition matrix', () => {
  it('covers exactly the transitions ordo knows', () => {
    expect(Object.keys(TRANSITIONS).sort()).toEqual(Object.keys(ALLOWED).sort());
  });

  for (const transition of Object.keys(ALLOWED) as Transition[]) {
    for (const from of ITEM_STATUSES) {
      const to = ALLOWED[transition][from];
      if (to) {
        it(`${transition} from ${from} → ${to}`, () => {
          expect(assertTransition(transition, from, 'ORD-3')).toBe(to);
        });
      } else {
        it(`${transition} from ${from} is a conflict (exit 5)`, () => {
          let error: unknown;
          try {
            assertTransition(transition, from, 'ORD-3');
          } catch (e) {
            error = e;
          }
          expect(error).toBeInstanceOf(ConflictError);
          const c = error as ConflictError;
          expect(c.exitCode).toBe(5);
          expect(c.code).toBe('INVALID_TRANSITION');
          expect(c.message).toContain('ORD-3');
          expect(c.message).toContain(`it is ${from}`);
          // The hint says what can happen next, with the key filled in.
          expect(c.hint).toBeTruthy();
          expect(c.hint).not.toContain('KEY');
        });
      }
    }
  }
});

describe('ranked and finished statuses', () => {
  it('only ready and in-progress items hold a place in the order', () => {
    expect([...RANKED_STATUSES].sort()).toEqual(['in-progress', 'ready']);
    for (const s of ITEM_STATUSES) expect(isRanked(s)).toBe(s === 'ready' || s === 'in-progress');
  });

  it('done, accepted, rejected and dropped items leave the order', () => {
    expect([...FINISHED_STATUSES].sort()).toEqual(['accepted', 'done', 'dropped', 'rejected']);
  });

  it('every transition into the order lands on a ranked status and every exit on an unranked one', () => {
    expect(isRanked(TRANSITIONS.triage.to)).toBe(true);
    expect(isRanked(TRANSITIONS.start.to)).toBe(true);
    expect(isRanked(TRANSITIONS.reopen.to)).toBe(true);
    for (const t of ['done', 'accept', 'reject', 'drop'] as const) expect(isRanked(TRANSITIONS[t].to)).toBe(false);
  });

  it('the Product Owner decides; the team works; triage orders', () => {
    expect(TRANSITIONS.triage.action).toBe('order');
    expect(TRANSITIONS.start.action).toBe('work');
    expect(TRANSITIONS.done.action).toBe('work');
    expect(TRANSITIONS.accept.action).toBe('decide');
    expect(TRANSITIONS.reject.action).toBe('decide');
    expect(TRANSITIONS.drop.action).toBe('decide');
    expect(TRANSITIONS.reopen.action).toBe('order');
  });
});
