/** What `ordo triage` asks on a terminal about a proposed item or a move proposal. */
import { parseWhole } from '../core/numbers.js';
import type { ProposalView } from '../commands/proposals.js';
import type { PlacedItem } from '../core/types.js';
import { safe } from '../output/terminal.js';
import { createDecisionPrompt, type DecisionChoice, type DecisionConfig } from './decision.js';

export type ItemChoice = 'top' | 'bottom' | 'position' | 'before' | 'after' | 'edit' | 'reject' | 'skip' | 'quit';
export type ProposalChoice = 'apply' | 'decline' | 'skip' | 'quit';

export const itemDecision = createDecisionPrompt<ItemChoice>();
export const proposalDecision = createDecisionPrompt<ProposalChoice>();

const KEY = /^(?:[A-Za-z][A-Za-z0-9]*-|#)?\d+$/;
const keyOrError = (t: string) => KEY.test(t) || 'Type an item key such as ORD-12.';

function age(createdAt: string, now: Date): string {
  const days = Math.floor((now.getTime() - new Date(createdAt).getTime()) / 86_400_000);
  return days <= 0 ? 'today' : days === 1 ? '1 day ago' : `${days} days ago`;
}

export interface ItemCardInput {
  item: PlacedItem;
  /** Edits made in this walk, applied when the item is accepted. */
  edits: { value?: number; goal?: string };
  index: number;
  total: number;
  ranked: number;
  now: Date;
}

/** The question about one proposed item: its card and every way to decide it. */
export function itemQuestion({ item, edits, index, total, ranked, now }: ItemCardInput): DecisionConfig<ItemChoice> {
  const edited = (field: 'value' | 'goal') => (edits[field] !== undefined ? ' (edited)' : '');
  const value = edits.value ?? item.value;
  const goal = edits.goal ?? item.goal;
  const details = [
    `${item.key}  ${safe(item.title)}`,
    `value      ${value ?? '-'}${edited('value')}`,
    `goal       ${safe(goal ?? '-')}${edited('goal')}`,
    `why        ${safe(item.rationale ?? '-')}`,
    `proposed   by ${safe(item.createdBy)}, ${age(item.createdAt, now)}`,
  ];
  const last = ranked + 1;
  const choices: DecisionChoice<ItemChoice>[] = [
    { key: 't', name: 'accept at the top', value: 'top' },
    { key: 'b', name: 'accept at the bottom', value: 'bottom' },
    {
      key: 'p',
      name: 'accept at a position…',
      value: 'position',
      input: { message: `Position (1-${last})`, validate: (t) => parseWhole(t.trim(), 1, last) !== null || `Type a number from 1 to ${last}.` },
    },
    { key: 'o', name: 'accept before an item…', value: 'before', input: { message: 'Before which item?', validate: keyOrError } },
    { key: 'a', name: 'accept after an item…', value: 'after', input: { message: 'After which item?', validate: keyOrError } },
    { key: 'e', name: 'edit value and goal, then decide', value: 'edit' },
    { key: 'r', name: 'reject…', value: 'reject', input: { message: 'Why is it rejected?' } },
    { key: 's', name: 'skip: decide later', value: 'skip' },
    { key: 'q', name: 'quit (decisions made so far are kept)', value: 'quit' },
  ];
  return { message: `Proposed item ${index} of ${total}`, details, choices };
}

/** The question about one pending move proposal. */
export function proposalQuestion(p: ProposalView, index: number, total: number, now: Date): DecisionConfig<ProposalChoice> {
  const where = p.placement === 'top' ? 'to the top' : `${p.placement} ${p.anchor}`;
  return {
    message: `Move proposal ${index} of ${total}`,
    details: [
      `${p.ref}  move ${p.item.key} (now #${p.item.position ?? '-'}) ${where}`,
      `item       ${safe(p.item.title)}`,
      `why        ${safe(p.why)}`,
      `proposed   by ${safe(p.proposedBy)}, ${age(p.createdAt, now)}`,
    ],
    choices: [
      { key: 'a', name: 'apply: make the move', value: 'apply' },
      { key: 'd', name: 'decline…', value: 'decline', input: { message: 'Why is it declined?' } },
      { key: 's', name: 'skip: decide later', value: 'skip' },
      { key: 'q', name: 'quit (decisions made so far are kept)', value: 'quit' },
    ],
  };
}
