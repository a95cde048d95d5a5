/**
 * node:crypto, loaded on first use: most commands (next, list, move) never hash or sign,
 * and loading the module costs start-up time and memory on every run.
 */
import { createRequire } from 'node:module';

type Crypto = typeof import('node:crypto');
let loaded: Crypto | undefined;

export function crypto(): Crypto {
  loaded ??= createRequire(import.meta.url)('node:crypto') as Crypto;
  return loaded;
}
