/** `ordo owner transfer`: the Product Owner hands the role to someone else. */
import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { parseConfig, readConfigText } from '../config/load.js';
import { writeFileAtomic } from '../config/files.js';
import { setConfigValue, setOwnerInConfig } from '../config/edit.js';
import { identityProblem, requirePermission, sameIdentity } from '../core/roles.js';
import { ConflictError, UsageError } from '../errors.js';
import { writeBacklog } from './backlog.js';
import type { Context } from './context.js';
import { handoverKey, requireSigningKey } from './signing.js';

export interface TransferResult {
  from: string;
  to: string;
  config: string;
  /** The new owner-key when the order is signed; null otherwise. */
  key: string | null;
}

export async function transferOwnership(input: { to: string; key?: string }, ctx: Context): Promise<TransferResult> {
  const config = await ctx.config();
  const identity = ctx.identity();
  requirePermission('transfer-ownership', identity, config, 'hand the Product Owner role over');
  const to = input.to.trim();
  if (identityProblem(input.to) !== null) {
    throw new UsageError(`"${input.to}" cannot be an identity.`, 'Give the new Product Owner as they are identified, usually an e-mail address: ordo owner transfer dave@example.com');
  }
  if (sameIdentity(to, config.owner)) throw new UsageError(`${config.owner} is already the Product Owner.`, 'Name the person who takes the role over.');
  // A signed order changes hands only by a handover signed with the current key, naming
  // the new owner's public key: without it nobody could sign the order afterwards.
  const key = input.key?.trim() ? handoverKey(input.key.trim()) : undefined;
  if (config.ownerKey !== null && !key) {
    throw new UsageError(
      "This backlog's order is signed (owner-key in ordo.yml), so the handover must name the new Product Owner's public key.",
      `The new owner runs \`ordo key generate\` and gives you the ed25519:... key it prints: ordo owner transfer ${to} --key ed25519:...`,
    );
  }
  if (config.ownerKey === null && key) {
    throw new UsageError('--key goes with a signed order, and this backlog has no owner-key in ordo.yml.', 'Transfer without --key; the new owner can turn signing on later with `ordo key generate`.');
  }
  requireSigningKey(ctx, config);
  const before = readConfigText(config.file);
  let after = setOwnerInConfig(before, to, config.file);
  if (key) after = setConfigValue(after, 'owner-key', key, config.file);
  await parseConfig(after, config.file, config.root); // the new file must be one every command accepts

  // The record and the file must agree. The new file is written to a temporary copy first,
  // then, inside the database transaction and as its last step, renamed over ordo.yml:
  // if the rename fails, the transaction rolls back and no handover is recorded. If the
  // commit itself fails after the rename, the old file is put back (a compensating write),
  // so a failure leaves both as they were rather than a file naming an unrecorded owner.
  const tmp = `${config.file}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, after, { flag: 'wx' });
  let renamed = false;
  try {
    await writeBacklog(ctx, 'owner transfer', (w) => {
      if (readConfigText(config.file) !== before) {
        throw new ConflictError('CONFIG_CHANGED', `${config.file} changed while ordo was reading it; nothing was written.`, 'Run the command again.');
      }
      // Signed with the outgoing key, naming the incoming one: the handover itself.
      w.record('owner.transfer', {}, { from: config.owner, to, ...(key ? { toKey: key } : {}) });
      renameSync(tmp, config.file);
      renamed = true;
    });
  } catch (error) {
    if (renamed) writeFileAtomic(config.file, before);
    throw error;
  } finally {
    rmSync(tmp, { force: true });
  }
  return { from: config.owner, to, config: config.file, key: key ?? null };
}
