/**
 * The user's Ed25519 keys: private keys live in the user's config directory
 * ($XDG_CONFIG_HOME/ordo/keys, else ~/.config/ordo/keys), one PKCS#8 PEM file per key,
 * named by the public key's fingerprint so several keys can live side by side.
 * Directories are 0700 and files 0600: only the user may read them.
 */
import { chmodSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { ensureDirectory, FILE_LIMITS, readBoundedFile } from './files.js';
import type { KeyObject } from 'node:crypto';
import { crypto } from '../core/crypto.js';
import { createRequire } from 'node:module';
import type { homedir as HomeDir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { fingerprint, formatPublicKey } from '../core/signature.js';
import { ConflictError, DataError, OrdoError } from '../errors.js';

export function keyDirectory(env: NodeJS.ProcessEnv): string {
  const xdg = env.XDG_CONFIG_HOME?.trim();
  const base = xdg && isAbsolute(xdg) ? xdg : join(env.HOME?.trim() || (createRequire(import.meta.url)('node:os') as { homedir: typeof HomeDir }).homedir(), '.config');
  return join(base, 'ordo', 'keys');
}

export function keyFile(env: NodeJS.ProcessEnv, publicKey: string): string {
  return join(keyDirectory(env), `${fingerprint(publicKey)}.key`);
}

export interface StoredKey {
  publicKey: string;
  fingerprint: string;
  file: string;
}

/** Makes a new key pair and stores the private key; refuses to overwrite a file. */
export function generateKey(env: NodeJS.ProcessEnv): StoredKey {
  const { privateKey } = crypto().generateKeyPairSync('ed25519');
  const publicKey = formatPublicKey(privateKey);
  const dir = keyDirectory(env);
  ensureDirectory(dir, 0o700);
  chmodSync(dir, 0o700);
  chmodSync(join(dir, '..'), 0o700);
  const file = keyFile(env, publicKey);
  if (existsSync(file)) {
    throw new ConflictError('KEY_EXISTS', `${file} already exists; ordo never overwrites a key.`, 'Move the file away first if you really mean to replace it.');
  }
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
  writeFileSync(file, pem, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return { publicKey, fingerprint: fingerprint(publicKey), file };
}

function readKeyFile(file: string): string {
  return readBoundedFile(file, { maxBytes: FILE_LIMITS.key, what: 'a private key', hint: 'Restore the key file from your backup.' });
}

/** The private key for a public key, or null when this machine does not hold it. */
export function loadPrivateKey(env: NodeJS.ProcessEnv, publicKey: string): KeyObject | null {
  const file = keyFile(env, publicKey);
  if (!existsSync(file)) return null;
  let key: KeyObject;
  try {
    key = crypto().createPrivateKey(readKeyFile(file));
  } catch (error) {
    if (error instanceof OrdoError) throw error;
    throw new DataError('KEY_UNREADABLE', `Cannot read the private key ${file}: ${(error as Error).message}.`, 'Restore the key file from your backup.');
  }
  if (key.asymmetricKeyType !== 'ed25519' || formatPublicKey(key) !== publicKey) {
    throw new DataError('KEY_MISMATCH', `${file} does not hold the private key for ${publicKey}.`, 'Key files are named by their fingerprint; restore the right file from your backup.');
  }
  return key;
}

/** Every key stored for this user, in file-name order. */
export function listKeys(env: NodeJS.ProcessEnv): StoredKey[] {
  const dir = keyDirectory(env);
  if (!existsSync(dir)) return [];
  const keys: StoredKey[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (!name.endsWith('.key')) continue;
    const file = join(dir, name);
    try {
      const publicKey = formatPublicKey(crypto().createPrivateKey(readKeyFile(file)));
      keys.push({ publicKey, fingerprint: fingerprint(publicKey), file });
    } catch {
      // Not a key ordo wrote; leave it alone.
    }
  }
  return keys;
}
