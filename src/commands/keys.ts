/** `ordo key generate|show|rotate`: the Product Owner's Ed25519 keys. */
import { rmSync } from 'node:fs';
import type { Config } from '../config/load.js';
import { generateKey, listKeys, type StoredKey } from '../config/keys.js';
import { fingerprint } from '../core/signature.js';
import { requirePermission } from '../core/roles.js';
import { NotFoundError, UsageError } from '../errors.js';
import { writeBacklog } from './backlog.js';
import type { Context } from './context.js';
import { requireSigningKey } from './signing.js';

async function configOrNull(ctx: Context): Promise<Config | null> {
  try {
    return await ctx.config();
  } catch (error) {
    if (error instanceof NotFoundError) return null;
    throw error;
  }
}

export interface KeyGenerated extends StoredKey {
  /** owner-key in this project's ordo.yml, when there is a project. */
  ownerKey: string | null;
}

/** `ordo key generate`: a new key pair; the private key stays in the user's config directory. */
export async function generateOwnerKey(_input: object, ctx: Context): Promise<KeyGenerated> {
  const config = await configOrNull(ctx);
  return { ...generateKey(ctx.env), ownerKey: config?.ownerKey ?? null };
}

export interface KeyList {
  keys: (StoredKey & { ownerKey: boolean })[];
  /** owner-key in this project's ordo.yml, when there is a project. */
  ownerKey: string | null;
}

/** `ordo key show`: the public keys whose private keys this machine holds. */
export async function showKeys(_input: object, ctx: Context): Promise<KeyList> {
  const config = await configOrNull(ctx);
  const ownerKey = config?.ownerKey ?? null;
  return { keys: listKeys(ctx.env).map((k) => ({ ...k, ownerKey: k.publicKey === ownerKey })), ownerKey };
}

export interface KeyRotated {
  from: string;
  to: string;
  file: string;
}

/**
 * `ordo key rotate`: the Product Owner replaces their key. The handover to the new key is
 * signed with the old one, then owner-key in ordo.yml is rewritten.
 */
export async function rotateOwnerKey(_input: object, ctx: Context): Promise<KeyRotated> {
  const config = await ctx.config();
  if (config.ownerKey === null) {
    throw new UsageError('ordo.yml sets no owner-key, so there is no key to rotate.', 'Make one with `ordo key generate` and put it in ordo.yml as owner-key:, then run `ordo sign`.');
  }
  requirePermission('transfer-ownership', ctx.identity(), config, "rotate the Product Owner's key");
  requireSigningKey(ctx, config);
  const { setConfigValues } = await import('../config/edit.js');
  const fresh = generateKey(ctx.env);
  try {
    // Signed with the old key, naming the new one: the handover itself.
    await writeBacklog(ctx, 'key rotate', (w) => {
      w.record('owner.key-rotate', {}, { from: fingerprint(config.ownerKey!), to: fresh.fingerprint, toKey: fresh.publicKey });
    });
  } catch (error) {
    // Nothing was signed over to the new key, so it is of no use.
    rmSync(fresh.file, { force: true });
    throw error;
  }
  setConfigValues(config.file, { 'owner-key': fresh.publicKey });
  return { from: config.ownerKey, to: fresh.publicKey, file: fresh.file };
}
