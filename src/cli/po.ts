/** The Product Owner's grooming commands: `ordo reorder`, `ordo propose`, `ordo owner transfer`. */
import type { Command } from 'commander';
import type { ReorderResult } from '../commands/reorder.js';
import { UsageError } from '../errors.js';
import { action, examples, loadHuman, loadJson } from './action.js';
import type { Io } from './io.js';
import { proposeMove } from '../commands/proposals.js';
import { applyReorder, loadOrder } from '../commands/reorder.js';
import { safe } from '../output/terminal.js';
import { parseReorderFile, renderReorderFile } from '../core/reorder-file.js';

export function registerProductOwnerCommands(program: Command): void {
  registerReorderCommand(program);
  registerProposeCommand(program);
  registerOwnerCommands(program);
}

function registerOwnerCommands(program: Command): void {
  const owner = program
    .command('owner')
    .description('the Product Owner role')
    .addHelpText('after', examples('ordo owner transfer dave@example.com'));
  owner
    .command('transfer <id>')
    .description('hand the Product Owner role to someone else (Product Owner only)')
    .option('--key <ed25519:...>', "the new owner's public key, required when owner-key is set (the handover is signed with yours)")
    .addHelpText(
      'after',
      examples('ordo owner transfer dave@example.com', 'ordo owner transfer dave@example.com --key ed25519:6Qk…  # a signed backlog') +
        `
Rewrites only \`owner:\` in ordo.yml (comments and the rest of the file stay as they
are) and records the handover in the backlog database, both or neither. From then on
only the new owner may order the backlog. Commit ordo.yml and .ordo/backlog.db together:
\`ordo check\` (rule owner-handover) fails when ordo.yml names an owner that no recorded
handover produced.
`,
    )
    .action(
      action(async ({ io, ctx }, id: string, opts: { key?: string }) => {
        const { transferOwnership } = await import('../commands/owner.js');
        const result = await transferOwnership({ to: id, key: opts.key }, ctx);
        if (io.json) return io.out((await loadJson()).envelope('owner-transfer', { ...result }));
        if (io.quiet) return;
        io.out(`${safe(result.to)} is now the Product Owner (was ${safe(result.from)}).\nCommit ordo.yml and .ordo/backlog.db together.`);
      }),
    );
}

function registerReorderCommand(program: Command): void {
  program
    .command('reorder')
    .description('rearrange the whole order at once (Product Owner only): an interactive list, or the order in your editor')
    .option('--editor', 'edit the order as text in $VISUAL or $EDITOR, like `git rebase -i` (works without a terminal)')
    .addHelpText(
      'after',
      examples('ordo reorder', 'ordo reorder --editor', 'EDITOR="code --wait" ordo reorder --editor') +
        `
Interactive (needs a terminal): ↑/↓ or k/j move the cursor, space picks an item up
and drops it (while carried, ↑/↓ move it), enter saves, escape cancels.

--editor: one line per ranked item, top first: KEY  VALUE  GOAL  TITLE. Move lines,
save and close. A missing, repeated or unknown key, or an edited line, is reported
with its line number (exit 2) and nothing changes. Deleting every line cancels, as in
\`git rebase -i\` ("Nothing to do"): it exits 0, because cancelling is something you
chose to do, not a mistake; nothing is written either way.

Only the items whose place changed relative to the others are moved; every other
item keeps its rank key. All moves are written in one transaction, or none.
`,
    )
    .action(
      action(async ({ io, ctx }, opts: { editor?: boolean }) => {
        if (!opts.editor && !ctx.interactive) {
          throw new UsageError(
            'The interactive `ordo reorder` needs a terminal.',
            'Use `ordo reorder --editor` with EDITOR set (it works in scripts), or move single items with `ordo move`.',
          );
        }
        const snapshot = await loadOrder({}, ctx);
        const shown = snapshot.items.map((i) => i.number);
        if (snapshot.items.length < 2) {
          if (io.json) return io.out((await loadJson()).envelope('reorder', { moved: [], total: snapshot.items.length }));
          return io.err(`Nothing to reorder: the order holds ${snapshot.items.length} item${snapshot.items.length === 1 ? '' : 's'}.`);
        }
        let wanted: number[];
        if (opts.editor) {
          const { editText } = await import('./editor.js');
          const edited = editText(renderReorderFile(snapshot.items, snapshot.product), 'ordo-reorder.txt', ctx.env);
          const parsed = parseReorderFile(edited, snapshot.items);
          if (parsed.kind === 'empty') {
            if (io.json) return io.out((await loadJson()).envelope('reorder', { moved: [], total: shown.length, cancelled: true }));
            return io.err('Nothing to do: the list was empty, so the order is unchanged.');
          }
          wanted = parsed.numbers;
        } else {
          const { reorderPrompt } = await import('../prompts/reorder.js');
          const keys = await reorderPrompt(
            {
              message: 'Reorder the backlog',
              rows: snapshot.items,
              pageSize: Math.max(5, Math.min(20, (process.stderr.rows || 24) - 4)),
              width: process.stderr.columns || 80,
            },
            { output: process.stderr },
          ).catch((error: unknown) => {
            if (error instanceof Error && error.name === 'ExitPromptError') return null; // Ctrl+C: same as escape
            throw error;
          });
          if (keys === null) return io.err('Cancelled: the order is unchanged.');
          const byKey = new Map(snapshot.items.map((i) => [i.key, i.number]));
          wanted = keys.map((k) => byKey.get(k)!);
        }
        await printReorder(io, await applyReorder({ shown, wanted }, ctx));
      }),
    );
}

function registerProposeCommand(program: Command): void {
  program
    .command('propose <key>')
    .description('ask the Product Owner to move a ranked item (anyone); the order changes only when the Product Owner applies it')
    .option('--top', 'to position 1')
    .option('--before <key>', 'just above another item')
    .option('--after <key>', 'just below another item')
    .option('--why <text>', 'why it should move (required)')
    .addHelpText(
      'after',
      examples('ordo propose ORD-12 --top --why "The EU launch depends on it"', 'ordo propose ORD-12 --before ORD-3 --why "Cheaper while the payment code is open"') +
        '\nThe Product Owner sees proposals in `ordo triage` and `ordo list --all`, and applies or declines them:\n  ordo triage --proposal P1 --apply\n',
    )
    .action(
      action(async ({ io, ctx }, key: string, opts: { top?: boolean; before?: string; after?: string; why?: string }) => {
        const result = await proposeMove({ key, ...opts }, ctx);
        if (io.json) {
          const { envelope, proposalJson } = await loadJson();
          return io.out(envelope('move-proposal', { proposal: proposalJson(result.proposal) }));
        }
        if (!io.quiet) io.out((await loadHuman()).renderProposed(result.proposal, (await ctx.config()).owner, io.render()));
      }),
    );
}

async function printReorder(io: Io, result: ReorderResult): Promise<void> {
  if (io.json) return io.out((await loadJson()).envelope('reorder', { ...result }));
  if (io.quiet) return;
  if (result.moved.length === 0) return io.out('The order is unchanged; nothing was written.');
  const lines = result.moved.map((m) => `  ${m.key}  #${m.from} → #${m.to}  ${safe(m.title)}`);
  io.out([`Reordered: moved ${result.moved.length} of ${result.total} items.`, ...lines].join('\n'));
}
