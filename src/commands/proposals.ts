/**
 * Move proposals: anyone asks the Product Owner to move a ranked item (`ordo propose`);
 * the Product Owner applies or declines it (`ordo triage --proposal ID`). A proposal
 * never changes the order by itself.
 */
import { validateReason } from '../core/item-fields.js';
import { parseWhole } from '../core/numbers.js';
import { requirePermission } from '../core/roles.js';
import type { MoveProposal, PlacedItem } from '../core/types.js';
import { ConflictError, NotFoundError, UsageError } from '../errors.js';
import { formatKey, place, placeInOrder, requireItem, ensureSigningKey, writeBacklog, type Reader, type Writer } from './backlog.js';
import type { Context } from './context.js';

export interface ProposalView {
  id: number;
  /** P1, P2, …: how proposals are named on the command line. */
  ref: string;
  item: PlacedItem;
  placement: MoveProposal['placement'];
  /** The key of the item to move it before or after; null for top. */
  anchor: string | null;
  why: string;
  proposedBy: string;
  createdAt: string;
  status: MoveProposal['status'];
  decidedBy: string | null;
  decidedAt: string | null;
  reason: string | null;
}

export function proposalView(r: Reader, p: MoveProposal): ProposalView {
  return {
    id: p.id,
    ref: `P${p.id}`,
    item: place(r, r.store.items.get(p.item)!),
    placement: p.placement,
    anchor: p.anchor === null ? null : formatKey(r.config, p.anchor),
    why: p.why,
    proposedBy: p.proposedBy,
    createdAt: p.createdAt,
    status: p.status,
    decidedBy: p.decidedBy,
    decidedAt: p.decidedAt,
    reason: p.reason,
  };
}

/** Pending proposals, oldest first. */
export function pendingProposals(r: Reader): ProposalView[] {
  return r.store.proposals.pending().map((p) => proposalView(r, p));
}

export interface ProposeInput {
  key: string;
  top?: boolean;
  before?: string;
  after?: string;
  why?: string;
}

function requireRanked(w: Reader, text: string, role: string): { number: number; key: string } {
  const item = requireItem(w, text);
  const key = formatKey(w.config, item.number);
  if (item.rank === null) {
    throw new ConflictError('NOT_RANKED', `${key} is ${item.status}, so it is not in the order${role}.`, 'Only ready and in-progress items have a place in the order; `ordo list` shows them.');
  }
  return { number: item.number, key };
}

/** `ordo propose`: anyone asks for a move; the order stays as it is. */
export async function proposeMove(input: ProposeInput, ctx: Context): Promise<{ proposal: ProposalView }> {
  const chosen = [input.top ? 'top' : null, input.before !== undefined ? 'before' : null, input.after !== undefined ? 'after' : null].filter((x) => x !== null);
  if (chosen.length !== 1) {
    throw new UsageError(
      chosen.length === 0 ? 'Say where the item should go.' : 'Give only one place: --top, --before KEY or --after KEY.',
      `For example: ordo propose ${input.key} --before ORD-3 --why "Blocks the EU launch"`,
    );
  }
  const placement = chosen[0] as MoveProposal['placement'];
  const why = (input.why ?? '').trim();
  if (!why) throw new UsageError('Say why the item should move (--why TEXT): the Product Owner decides on it.', `For example: --why "Customers in the EU cannot pay without it"`);
  validateReason(why, true, 'propose a move for');
  return writeBacklog(ctx, 'propose', (w) => {
    const item = requireRanked(w, input.key, '');
    let anchor: number | null = null;
    if (placement !== 'top') {
      const a = requireRanked(w, (placement === 'before' ? input.before : input.after)!, `, so nothing can be placed ${placement} it`);
      if (a.number === item.number) throw new UsageError(`Cannot place ${item.key} ${placement} itself.`, 'Name a different item to place it next to.');
      anchor = a.number;
    }
    const id = w.store.proposals.insert({ item: item.number, placement, anchor, why, proposedBy: w.identity.id, createdAt: w.at });
    w.record('move.propose', { item: item.number }, { proposal: id, placement, anchor: anchor === null ? null : formatKey(w.config, anchor), why });
    return { proposal: proposalView(w, w.store.proposals.get(id)!) };
  });
}

/** Accepts P3, p3, #3 or 3. */
export function parseProposalRef(text: string): number {
  const m = /^(?:[Pp]|#)?([0-9]+)$/.exec(text.trim());
  const n = m ? parseWhole(m[1]!, 1) : null;
  if (n === null) throw new UsageError(`"${text}" is not a proposal id.`, 'Proposal ids look like P3; `ordo triage` lists the pending ones.');
  return n;
}

export interface DecideInput {
  id: string;
  apply?: boolean;
  decline?: boolean;
  reason?: string;
}

export interface DecideResult {
  proposal: ProposalView;
  moved: { from: number; to: number } | null;
}

function requirePending(w: Writer, id: number): MoveProposal {
  const p = w.store.proposals.get(id);
  if (!p) throw new NotFoundError('PROPOSAL_NOT_FOUND', `No move proposal P${id}.`, '`ordo triage` lists the pending proposals.');
  if (p.status !== 'pending') {
    throw new ConflictError('PROPOSAL_DECIDED', `Move proposal P${id} was already ${p.status} by ${p.decidedBy} on ${p.decidedAt}.`, 'Only pending proposals can be applied or declined.');
  }
  return p;
}

/** `ordo triage --proposal ID --apply|--decline`: the Product Owner decides a move proposal. */
export async function decideProposal(input: DecideInput, ctx: Context): Promise<DecideResult> {
  if (Boolean(input.apply) === Boolean(input.decline)) {
    throw new UsageError('Say what to do with the move proposal: --apply or --decline --reason TEXT.', `For example: ordo triage --proposal ${input.id} --apply`);
  }
  const id = parseProposalRef(input.id);
  const config = await ctx.config();
  if (input.apply) {
    if (input.reason !== undefined) throw new UsageError('--reason goes with --decline, not --apply.');
    requirePermission('order', ctx.identity(), config, 'apply move proposals');
    await ensureSigningKey(ctx, config);
    return writeBacklog(ctx, 'triage', (w) => {
      const p = requirePending(w, id);
      const item = w.store.items.get(p.item)!;
      const key = formatKey(config, item.number);
      if (item.rank === null) {
        throw new ConflictError('NOT_RANKED', `${key} is ${item.status} now, so P${id} cannot be applied.`, `Decline it: ordo triage --proposal P${id} --decline --reason "${key} left the order"`);
      }
      if (p.anchor !== null && w.store.items.get(p.anchor)?.rank == null) {
        const anchorKey = formatKey(config, p.anchor);
        throw new ConflictError('NOT_RANKED', `${anchorKey} is no longer in the order, so P${id} (${p.placement} ${anchorKey}) cannot be applied.`, `Move ${key} yourself with \`ordo move\`, and decline P${id}.`);
      }
      const from = w.store.items.positionOf(item.rank);
      const to = placeInOrder(w, item, p.placement === 'top' ? { kind: 'top' } : { kind: p.placement, key: formatKey(config, p.anchor!) });
      if (w.store.items.get(item.number)!.rank !== item.rank) w.record('move', { item: item.number }, { from, to, proposal: id });
      w.store.proposals.decide(id, { status: 'applied', decidedBy: w.identity.id, decidedAt: w.at, reason: null });
      w.record('move.apply', { item: item.number }, { proposal: id, from, to });
      return { proposal: proposalView(w, w.store.proposals.get(id)!), moved: { from, to } };
    });
  }
  const reason = validateReason(input.reason, true, 'decline a move proposal for')!;
  requirePermission('decide', ctx.identity(), config, 'decline move proposals');
  return writeBacklog(ctx, 'triage', (w) => {
    const p = requirePending(w, id);
    w.store.proposals.decide(id, { status: 'declined', decidedBy: w.identity.id, decidedAt: w.at, reason });
    w.record('move.decline', { item: p.item }, { proposal: id, reason });
    return { proposal: proposalView(w, w.store.proposals.get(id)!), moved: null };
  });
}
