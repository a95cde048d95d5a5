/**
 * The `ordo:` key of ordo.yml, a semver range: whether it is one, and what it says of the running
 * ordo. Loaded only for a file that has the key: semver compiles some forty regular expressions
 * as it loads, which every parse of ordo.yml would pay for otherwise.
 */
import minVersion from 'semver/ranges/min-version.js';
import validRange from 'semver/ranges/valid.js';
import satisfies from 'semver/functions/satisfies.js';
import { VERSION } from '../version.js';
import type { VersionPin } from './load.js';

/** The pin `range` makes for this ordo; null when it is not a version range. */
export function versionPin(range: string): VersionPin | null {
  if (validRange(range) === null) return null;
  return { range, running: VERSION, satisfied: satisfies(VERSION, range), install: minVersion(range)?.version ?? null };
}
