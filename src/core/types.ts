/** Domain types shared by every layer. Plain data: no behaviour, no I/O. */

export const ITEM_TYPES = ['story', 'bug', 'chore', 'spike'] as const;
export type ItemType = (typeof ITEM_TYPES)[number];

export const ITEM_STATUSES = ['proposed', 'ready', 'in-progress', 'done', 'accepted', 'rejected', 'dropped'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

export const GOAL_STATUSES = ['active', 'achieved', 'retired'] as const;
export type GoalStatus = (typeof GOAL_STATUSES)[number];

export interface Goal {
  id: string;
  title: string;
  description: string | null;
  horizon: string | null;
  metric: string | null;
  status: GoalStatus;
  createdAt: string;
  updatedAt: string;
}

export interface Item {
  /** Sequence number; the user-facing key is `${prefix}-${number}`. */
  number: number;
  title: string;
  description: string | null;
  type: ItemType;
  value: number | null;
  rationale: string | null;
  goal: string | null;
  estimate: number | null;
  status: ItemStatus;
  /** Fractional rank key; null when the item is not in the order. */
  rank: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  startedAt: string | null;
  doneAt: string | null;
  closedAt: string | null;
  /** Why the item was rejected or dropped. */
  reason: string | null;
  /** Free-form labels, each once (compared without case), sorted. */
  labels: string[];
  /** Numbers of the items this one needs done first, ascending. */
  dependsOn: number[];
}

/** An item as it is shown: with its key and its 1-based position in the order (null when unranked). */
export interface PlacedItem extends Item {
  key: string;
  position: number | null;
  /** In lists: the items it depends on that are not done yet (absent when nothing blocks it). */
  blockedBy?: number[];
}

export type IdentitySource = 'ORDO_USER' | 'git config user.email' | 'OS user';

export interface Identity {
  id: string;
  source: IdentitySource;
}

export type Role = 'product-owner' | 'product-manager' | 'developer' | 'stakeholder';

export const PROPOSAL_STATUSES = ['pending', 'applied', 'declined'] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

/** Someone asks the Product Owner to move a ranked item; only the Product Owner applies it. */
export interface MoveProposal {
  id: number;
  /** The item to move (its number). */
  item: number;
  placement: 'top' | 'before' | 'after';
  /** The item to move it before or after; null for top. */
  anchor: number | null;
  why: string;
  proposedBy: string;
  createdAt: string;
  status: ProposalStatus;
  decidedBy: string | null;
  decidedAt: string | null;
  /** Why it was declined. */
  reason: string | null;
}
