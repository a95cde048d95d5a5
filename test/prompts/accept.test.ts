import { checkbox } from '@inquirer/prompts';
import { render } from '@inquirer/testing';
import { describe, expect, it } from 'vitest';
import { criteriaQuestion } from '../../src/prompts/accept.js';

const criteria = ['Works on Safari', 'Declines show the bank\'s reason', 'Saved cards can be removed'];

describe('ticking acceptance criteria', () => {
  it('lists every criterion, numbered, none ticked; space ticks, enter answers with the ticked numbers', async () => {
    const { answer, getScreen, events } = await render(checkbox<number>, criteriaQuestion('ORD-7', criteria));
    const screen = getScreen();
    expect(screen).toContain('Which acceptance criteria of ORD-7 are met?');
    for (const [i, c] of criteria.entries()) expect(screen).toContain(`◯ ${i + 1}. ${c}`);
    events.keypress('space');
    events.keypress('down');
    events.keypress('down');
    events.keypress('space');
    events.keypress('enter');
    await expect(answer).resolves.toEqual([1, 3]);
  });

  it('criterion text cannot drive the terminal', () => {
    const q = criteriaQuestion('ORD-7', ['Red \u001b[31mtext']);
    expect(q.choices[0]!.name).not.toContain('\u001b');
  });
});
