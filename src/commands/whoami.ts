/** `ordo whoami`: the identity ordo sees, where it came from, and its roles here. */
import { rolesOf } from '../core/roles.js';
import type { IdentitySource, Role } from '../core/types.js';
import { NotFoundError } from '../errors.js';
import type { Context } from './context.js';

export interface WhoamiResult {
  id: string;
  source: IdentitySource;
  /** Null outside a project. */
  product: string | null;
  owner: string | null;
  roles: Role[];
}

export async function whoami(_input: object, ctx: Context): Promise<WhoamiResult> {
  const identity = ctx.identity();
  try {
    const config = await ctx.config();
    return { ...identity, product: config.product, owner: config.owner, roles: rolesOf(identity.id, config) };
  } catch (error) {
    if (error instanceof NotFoundError) return { ...identity, product: null, owner: null, roles: [] };
    throw error;
  }
}
