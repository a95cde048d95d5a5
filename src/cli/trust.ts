/** `ordo log`, `ordo verify`, `ordo sign`, `ordo key …`: the audit trail and the signed order. */
import type { Command } from 'commander';
import { CheckFailedError, UsageError } from '../errors.js';
import { action, count, examples, formatKeyFor, loadJson } from './action.js';
import { generateOwnerKey, rotateOwnerKey, showKeys } from '../commands/keys.js';
import { auditLog } from '../commands/log.js';
import { previewSignature, signOrder } from '../commands/sign.js';
import { verifyBacklog } from '../commands/verify.js';
import { logJson, renderKeyGenerated, renderKeys, renderLog, renderRotated, renderSigned, renderSignPreview, renderVerify } from '../output/trust.js';

export function registerTrustCommands(program: Command): void {
  program
    .command('log [key]')
    .description('the audit trail: who changed what, when and with which command (oldest first, like git log --reverse)')
    .option('--since <when>', 'only events since: today, yesterday, 3h, 7d, 2w, 2026-03-01 or 2026-03-01T09:00:00Z (UTC)')
    .option('--actor <id>', 'only events by this identity')
    .option('--limit <n>', 'only the newest n events (still printed oldest first)', count('--limit'))
    .addHelpText('after', examples('ordo log', 'ordo log ORD-12', 'ordo log --since 2026-03-01 --actor alice@example.com', 'ordo log --since yesterday', 'ordo log --limit 20 --json'))
    .action(
      action(async ({ io, ctx }, key: string | undefined, opts: { since?: string; actor?: string; limit?: number }) => {
        const result = await auditLog({ key, ...opts }, ctx);
        const fk = await formatKeyFor(ctx);
        if (io.json) return io.out((await loadJson()).envelope('audit-log', logJson(result, fk)));
        if (result.events.length === 0) io.err('No events match.');
        else io.out(renderLog(result, fk, io.render()));
        if (result.chain.broken) {
          io.err(`${io.errStyle().red('warning:')} ${result.chain.broken.message}; \`ordo verify\` says more.`);
        }
      }),
    );

  program
    .command('verify')
    .description('prove the audit trail is unbroken and the order is the one the Product Owner signed (read-only; exit 1 on failure)')
    .addHelpText(
      'after',
      examples('ordo verify', 'ordo verify --json') +
        '\nChecks the rules audit-trail (the hash chain of events) and order-signed (when owner-key is set in ordo.yml).\n',
    )
    .action(
      action(async ({ io, ctx }) => {
        const result = await verifyBacklog({}, ctx);
        if (io.json) {
          io.out((await loadJson()).envelope('check-report', { ...result }));
        } else {
          io.out(renderVerify(result, io.render()));
        }
        const errors = result.violations.filter((v) => v.severity === 'error').length;
        if (errors > 0) throw new CheckFailedError(errors);
      }),
    );

  program
    .command('sign')
    .description("review the changes since the last signature and sign the current order with the Product Owner's key")
    .option('-y, --yes', 'sign without asking')
    .addHelpText(
      'after',
      examples('ordo sign', 'ordo sign --yes   # in scripts; without a terminal --yes is required') +
        '\nUse it when owner-key was first set, or to sign an order changed without ordo (after reviewing it).\n',
    )
    .action(
      action(async ({ io, ctx }, opts: { yes?: boolean }) => {
        const preview = await previewSignature({}, ctx);
        if (!opts.yes) {
          if (!ctx.interactive) {
            if (io.json) io.out((await loadJson()).envelope('order-signature', { signed: false, preview }));
            else io.out(renderSignPreview(preview, io.render()));
            throw new UsageError('Not signed: confirm with --yes (there is no terminal to ask on).', 'Review the changes above, then run `ordo sign --yes`.');
          }
          io.err(renderSignPreview(preview, { style: io.errStyle() }));
          const { askConfirm } = await import('../prompts/confirm.js');
          if (!(await askConfirm('Sign this order with your key?'))) {
            io.err('Not signed.');
            return;
          }
        }
        const result = await signOrder({}, ctx);
        if (io.json) return io.out((await loadJson()).envelope('order-signature', { signed: true, preview, signature: result }));
        if (opts.yes && !io.quiet) io.out(renderSignPreview(preview, io.render()));
        if (!io.quiet) io.out(renderSigned(result));
      }),
    );

  const key = program
    .command('key')
    .description("the Product Owner's Ed25519 keys, which make the order verifiable")
    .addHelpText('after', examples('ordo key generate', 'ordo key show', 'ordo key rotate'));

  key
    .command('generate')
    .description('make a new Ed25519 key pair; the private key stays in ~/.config/ordo/keys (mode 0600)')
    .addHelpText('after', examples('ordo key generate') + '\nPut the printed public key in ordo.yml as owner-key:, then run `ordo sign`.\n')
    .action(
      action(async ({ io, ctx }) => {
        const result = await generateOwnerKey({}, ctx);
        if (io.json) return io.out((await loadJson()).envelope('key', { publicKey: result.publicKey, fingerprint: result.fingerprint, file: result.file }));
        io.out(renderKeyGenerated(result));
      }),
    );

  key
    .command('show')
    .description('print the public keys whose private keys this machine holds')
    .addHelpText('after', examples('ordo key show', 'ordo key show --json'))
    .action(
      action(async ({ io, ctx }) => {
        const result = await showKeys({}, ctx);
        if (io.json) return io.out((await loadJson()).envelope('key-list', { ...result }));
        if (result.keys.length === 0) return io.err('No keys on this machine. Make one with `ordo key generate`.');
        io.out(renderKeys(result, io.render()));
      }),
    );

  key
    .command('rotate')
    .description("replace the Product Owner's key: a handover signed with the old key, then owner-key in ordo.yml is rewritten")
    .addHelpText('after', examples('ordo key rotate'))
    .action(
      action(async ({ io, ctx }) => {
        const result = await rotateOwnerKey({}, ctx);
        if (io.json) return io.out((await loadJson()).envelope('key-rotation', { ...result }));
        if (!io.quiet) io.out(renderRotated(result));
      }),
    );
}
