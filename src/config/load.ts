/**
 * Finds, parses, validates and normalises ordo.yml: the one place that knows its format.
 * yaml and zod load lazily so that commands pay for them only when the file is read.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DataError, NotFoundError } from '../errors.js';
import type { RuleId, Severity } from '../core/rules.js';
import type { People } from '../core/roles.js';

export const CONFIG_FILE = 'ordo.yml';
export const DATA_DIR = '.ordo';
export const DATABASE_FILE = 'backlog.db';
/** A real ordo.yml is well under a kilobyte; past this size it is not one, and parsing it would only waste time. */
export const CONFIG_MAX_BYTES = 256 * 1024;

export interface Config extends People {
  /** The directory holding ordo.yml. */
  root: string;
  file: string;
  product: string;
  prefix: string;
  ownerKey: string | null;
  scale: number[];
  check: {
    rationaleMinWords: number;
    staleProposalDays: number;
    rules: Record<RuleId, Severity>;
  };
}

export function databasePath(root: string): string {
  return join(root, DATA_DIR, DATABASE_FILE);
}

/** Walks up from `start` to the first directory holding ordo.yml, as git finds .git. */
export function findProjectRoot(start: string): string {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, CONFIG_FILE))) return dir;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new NotFoundError(
    'NO_BACKLOG',
    `No ${CONFIG_FILE} found in ${resolve(start)} or any parent directory.`,
    'Run `ordo init` to create a backlog here, or pass -C <dir> to use one elsewhere.',
  );
}

export async function loadConfig(root: string): Promise<Config> {
  const file = join(root, CONFIG_FILE);
  let text: string;
  try {
    const size = statSync(file).size;
    if (size > CONFIG_MAX_BYTES) {
      throw new DataError(
        'CONFIG_INVALID',
        `${file} is ${size} bytes; an ordo configuration is at most ${CONFIG_MAX_BYTES} bytes.`,
        'Restore ordo.yml from git (`git checkout -- ordo.yml`); the README section "Configuration" lists every key.',
      );
    }
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof DataError) throw error;
    throw new DataError('CONFIG_UNREADABLE', `Cannot read ${file}: ${(error as Error).message}.`, 'Check the file exists and is readable.');
  }
  return parseConfig(text, file, root);
}

/** Parses and validates the text of an ordo.yml; see parse.ts. */
export async function parseConfig(text: string, file: string, root: string): Promise<Config> {
  return (await import('./parse.js')).parseConfigText(text, file, root);
}
