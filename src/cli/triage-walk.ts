/**
 * `ordo triage` on a terminal: walks the proposed items (oldest first), then the pending
 * move proposals, asking the Product Owner to decide each. Every decision is its own
 * transaction, so quitting keeps what was decided; a decision that fails (an unknown
 * anchor, a stale proposal) is shown and the same question is asked again.
 */
import type { Context } from '../commands/context.js';
import { requirePermission } from '../core/roles.js';
import { OrdoError } from '../errors.js';
import type { Io } from './io.js';
import { listGoals } from '../commands/goal.js';
import { renderDecided, renderTransition } from '../output/human.js';
import { listIntake, listItems } from '../commands/list.js';
import { decideProposal } from '../commands/proposals.js';
import { triageItem } from '../commands/workflow.js';
import { printRuleWarnings } from './everyday.js';

interface Tally {
  accepted: number;
  rejected: number;
  skipped: number;
  applied: number;
  declined: number;
}

export async function walkTriage(io: Io, ctx: Context): Promise<void> {
  const config = await ctx.config();
  requirePermission('order', ctx.identity(), config, 'triage proposals');
  const { itemDecision, itemQuestion, proposalDecision, proposalQuestion } = await import('../prompts/triage.js');
  const { select } = await import('@inquirer/prompts');
  const onStderr = { output: process.stderr };
  const intake = await listIntake({}, ctx);
  if (intake.items.length === 0 && intake.proposals.length === 0) return io.err('Nothing to triage: no proposed items and no move proposals.');
  const tally: Tally = { accepted: 0, rejected: 0, skipped: 0, applied: 0, declined: 0 };
  const report = (error: unknown) => {
    if (!(error instanceof OrdoError)) throw error;
    io.err(`${io.errStyle().red('error:')} ${error.message}${error.hint ? `\n${io.errStyle().dim('hint:')} ${error.hint}` : ''}`);
  };
  const summary = () => {
    io.err(
      `Triage: ${tally.accepted} accepted, ${tally.rejected} rejected, ${tally.skipped} skipped; ` +
        `move proposals: ${tally.applied} applied, ${tally.declined} declined.`,
    );
  };

  try {
    for (const [i, item] of intake.items.entries()) {
      const edits: { value?: number; goal?: string } = {};
      for (;;) {
        const ranked = (await listItems({}, ctx)).items.length;
        const d = await itemDecision(itemQuestion({ item, edits, index: i + 1, total: intake.items.length, ranked, now: ctx.now() }), onStderr);
        if (d.value === 'quit') return summary();
        if (d.value === 'skip') {
          tally.skipped += 1;
          break;
        }
        if (d.value === 'edit') {
          edits.value = await select(
            { message: `Business value for ${item.key}`, choices: config.scale.map((v) => ({ value: v, name: String(v) })), default: edits.value ?? item.value ?? undefined },
            onStderr,
          );
          const { goals } = await listGoals({ status: 'active' }, ctx);
          edits.goal = await select(
            { message: `Roadmap goal for ${item.key}`, choices: goals.map((g) => ({ value: g.id, name: `${g.id}  ${g.title}` })), default: edits.goal ?? item.goal ?? undefined },
            onStderr,
          );
          continue;
        }
        try {
          if (d.value === 'reject') {
            io.err(renderTransition(await triageItem({ key: item.key, reject: true, reason: d.text }, ctx), { style: io.errStyle() }));
            tally.rejected += 1;
          } else {
            const at = d.value === 'position' ? d.text! : d.value === 'before' || d.value === 'after' ? `${d.value}:${d.text}` : d.value;
            const result = await triageItem(
              { key: item.key, accept: true, at, value: edits.value === undefined ? undefined : String(edits.value), goal: edits.goal },
              ctx,
            );
            printRuleWarnings(io, result.warnings);
            io.err(renderTransition(result, { style: io.errStyle() }));
            tally.accepted += 1;
          }
          break;
        } catch (error) {
          report(error);
        }
      }
    }
    // Read the proposals again: the decisions above may have moved the items they name.
    const proposals = (await listIntake({}, ctx)).proposals;
    for (const [i, p] of proposals.entries()) {
      for (;;) {
        const d = await proposalDecision(proposalQuestion(p, i + 1, proposals.length, ctx.now()), onStderr);
        if (d.value === 'quit') return summary();
        if (d.value === 'skip') {
          tally.skipped += 1;
          break;
        }
        try {
          const result = await decideProposal({ id: String(p.id), apply: d.value === 'apply', decline: d.value === 'decline', reason: d.text }, ctx);
          io.err(renderDecided(result, { style: io.errStyle() }));
          if (d.value === 'apply') tally.applied += 1;
          else tally.declined += 1;
          break;
        } catch (error) {
          report(error);
          if (error instanceof OrdoError && error.code === 'PROPOSAL_DECIDED') break;
        }
      }
    }
    summary();
  } catch (error) {
    // Ctrl+C at any question: stop like quit, keeping what was decided.
    if (error instanceof Error && error.name === 'ExitPromptError') return summary();
    throw error;
  }
}
