import { render } from '@inquirer/testing';
import { describe, expect, it } from 'vitest';
import { reorderPrompt } from '../../src/prompts/reorder.js';

const rows = Array.from({ length: 30 }, (_, i) => ({ key: `ORD-${i + 1}`, value: 8, goal: 'G1', title: `Item ${i + 1}` }));

describe('the interactive reorder list', () => {
  it('shows position, key, value, goal and title, and the keys to use', async () => {
    const { answer, getScreen, events } = await render(reorderPrompt, { message: 'Reorder the backlog', rows: rows.slice(0, 3) });
    const screen = getScreen();
    expect(screen).toContain('❯ 1. ORD-1  8  G1  Item 1');
    expect(screen).toContain('  3. ORD-3  8  G1  Item 3');
    expect(screen).toContain('space pick up');
    events.keypress('enter');
    await expect(answer).resolves.toEqual(['ORD-1', 'ORD-2', 'ORD-3']);
  });

  it('space picks the item up, ↓/j carry it, space drops it, enter saves', async () => {
    const { answer, getScreen, events } = await render(reorderPrompt, { message: 'Reorder', rows: rows.slice(0, 4) });
    events.keypress('space');
    expect(getScreen()).toContain('≡ 1. ORD-1');
    events.keypress('down');
    events.keypress('j');
    expect(getScreen()).toContain('≡ 3. ORD-1');
    events.keypress('space');
    events.keypress('up'); // the cursor moves; nothing is carried
    expect(getScreen()).toContain('❯ 2. ORD-3');
    events.keypress('enter');
    await expect(answer).resolves.toEqual(['ORD-2', 'ORD-3', 'ORD-1', 'ORD-4']);
  });

  it('k moves a carried item up and stops at the top', async () => {
    const { answer, events } = await render(reorderPrompt, { message: 'Reorder', rows: rows.slice(0, 3) });
    events.keypress('down');
    events.keypress('down');
    events.keypress('space');
    for (let i = 0; i < 5; i++) events.keypress('k');
    events.keypress('enter');
    await expect(answer).resolves.toEqual(['ORD-3', 'ORD-1', 'ORD-2']);
  });

  it('escape cancels: no order comes back', async () => {
    const { answer, getScreen, events } = await render(reorderPrompt, { message: 'Reorder', rows: rows.slice(0, 3) });
    events.keypress('space');
    events.keypress('down');
    events.keypress('escape');
    await expect(answer).resolves.toBeNull();
    expect(getScreen()).toContain('cancelled');
  });

  it('scrolls a long backlog: only a page of rows at a time', async () => {
    const { answer, getScreen, events } = await render(reorderPrompt, { message: 'Reorder', rows, pageSize: 8 });
    expect(getScreen()).not.toContain('ORD-20 ');
    for (let i = 0; i < 20; i++) events.keypress('down');
    const screen = getScreen();
    expect(screen).toContain('❯ 21. ORD-21');
    expect(screen).not.toContain(' 1. ORD-1 ');
    events.keypress('space');
    for (let i = 0; i < 25; i++) events.keypress('up');
    events.keypress('enter');
    const keys = await answer;
    expect(keys?.[0]).toBe('ORD-21');
    expect(keys).toHaveLength(30);
  });

  it('escapes control characters in titles', async () => {
    const { answer, getScreen, events } = await render(reorderPrompt, {
      message: 'Reorder',
      rows: [{ key: 'ORD-1', value: 1, goal: 'G1', title: 'evil \u001b[2J title' }],
    });
    expect(getScreen()).toContain('evil \\x1b[2J title');
    events.keypress('enter');
    await answer;
  });
});
