import { render } from '@inquirer/testing';
import { describe, expect, it } from 'vitest';
import type { PlacedItem } from '../../src/core/types.js';
import { itemDecision, itemQuestion } from '../../src/prompts/triage.js';

const item: PlacedItem = {
  number: 7, key: 'ORD-7', position: null, title: 'Save cards for returning shoppers', description: null, type: 'story',
  value: 8, rationale: 'Returning shoppers retype card numbers on every order', goal: 'G1', estimate: null, status: 'proposed',
  rank: null, createdBy: 'carol@example.com', createdAt: '2026-11-20T09:00:00Z', updatedAt: '2026-11-20T09:00:00Z',
  startedAt: null, doneAt: null, closedAt: null, reason: null, labels: [], dependsOn: [],
};
const question = (edits = {}) => itemQuestion({ item, edits, index: 1, total: 2, ranked: 4, now: new Date('2026-11-23T09:00:00Z') });

describe('the triage question for a proposed item', () => {
  it('shows title, value, rationale, goal, creator and age, and every choice', async () => {
    const { answer, getScreen, events } = await render(itemDecision, question());
    const screen = getScreen();
    expect(screen).toContain('Proposed item 1 of 2');
    expect(screen).toContain('ORD-7  Save cards for returning shoppers');
    expect(screen).toMatch(/value +8/);
    expect(screen).toMatch(/goal +G1/);
    expect(screen).toContain('Returning shoppers retype card numbers on every order');
    expect(screen).toContain('by carol@example.com, 3 days ago');
    for (const c of ['[t] accept at the top', '[p] accept at a position', '[o] accept before', '[a] accept after', '[e] edit value and goal', '[r] reject', '[s] skip', '[q] quit']) {
      expect(screen).toContain(c);
    }
    events.keypress('t');
    await expect(answer).resolves.toEqual({ value: 'top' });
  });

  it('arrow keys and enter choose too', async () => {
    const { answer, events } = await render(itemDecision, question());
    events.keypress('down');
    events.keypress('enter');
    await expect(answer).resolves.toEqual({ value: 'bottom' });
  });

  it('a position is checked against the order before it is accepted', async () => {
    const { answer, getScreen, events } = await render(itemDecision, question());
    events.keypress('p');
    expect(getScreen()).toContain('Position (1-5)');
    events.type('9');
    events.keypress('enter');
    expect(getScreen()).toContain('Type a number from 1 to 5.');
    events.keypress('backspace');
    events.type('2');
    events.keypress('enter');
    await expect(answer).resolves.toEqual({ value: 'position', text: '2' });
  });

  it('reject asks for a reason; escape goes back to the choices', async () => {
    const { answer, getScreen, events } = await render(itemDecision, question());
    events.keypress('r');
    expect(getScreen()).toContain('Why is it rejected?');
    events.keypress('escape');
    expect(getScreen()).toContain('[s] skip');
    events.keypress('r');
    events.keypress('enter');
    expect(getScreen()).toContain('Type something');
    events.type('Covered by ORD-2');
    events.keypress('enter');
    await expect(answer).resolves.toEqual({ value: 'reject', text: 'Covered by ORD-2' });
  });

  it('shows edits made in the walk', async () => {
    const { answer, getScreen, events } = await render(itemDecision, question({ value: 13, goal: 'G2' }));
    expect(getScreen()).toMatch(/value +13 \(edited\)/);
    expect(getScreen()).toMatch(/goal +G2 \(edited\)/);
    events.keypress('q');
    await expect(answer).resolves.toEqual({ value: 'quit' });
  });
});
