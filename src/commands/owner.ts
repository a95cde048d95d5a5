/** `ordo owner transfer`: the Product Owner hands the role to someone else. */
import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { parseConfig } from '../config/load.js';
import { setOwnerInConfig } from '../config/edit.js';
import { requirePermission, sameIdentity } from '../core/roles.js';
import { ConflictError, UsageError } from '../errors.js';
import { writeBacklog } from './backlog.js';
import type { Context } from './context.js';

export interface TransferResult {
  from: string;
  to: string;
  config: string;
}

/** Writes a file by renaming a complete copy over it, so readers never see half a file. */
function writeFileAtomic(file: string, text: string): void {
  const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(tmp, text, { flag: 'wx' });
    renameSync(tmp, file);
  } finally {
    rmSync(tmp, { force: true });
  }
}

export async function transferOwnership(input: { to: string }, ctx: Context): Promise<TransferResult> {
  const config = await ctx.config();
  const identity = ctx.identity();
  requirePermission('transfer-ownership', identity, config, 'hand the Product Owner role over');
  const to = input.to.trim();
  if (!to || /[\u0000-\u001f\u007f]/.test(to)) {
    throw new UsageError(`"${input.to}" cannot be an identity.`, 'Give the new Product Owner as they are identified, usually an e-mail address: ordo owner transfer dave@example.com');
  }
  if (sameIdentity(to, config.owner)) throw new UsageError(`${config.owner} is already the Product Owner.`, 'Name the person who takes the role over.');
  const before = readFileSync(config.file, 'utf8');
  const after = setOwnerInConfig(before, to, config.file);
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
      if (readFileSync(config.file, 'utf8') !== before) {
        throw new ConflictError('CONFIG_CHANGED', `${config.file} changed while ordo was reading it; nothing was written.`, 'Run the command again.');
      }
      w.record('owner.transfer', {}, { from: config.owner, to });
      renameSync(tmp, config.file);
      renamed = true;
    });
  } catch (error) {
    if (renamed) writeFileAtomic(config.file, before);
    throw error;
  } finally {
    rmSync(tmp, { force: true });
  }
  return { from: config.owner, to, config: config.file };
}
