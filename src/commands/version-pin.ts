/**
 * `ordo:` in ordo.yml names the ordo versions a team uses. An ordo outside that range may
 * read the backlog (with a warning) but never writes it, so an old install cannot rewrite
 * what a newer team's ordo wrote, nor a newer one what the team's cannot read yet.
 */
import type { Config } from '../config/load.js';
import { DataError } from '../errors.js';
import type { Context } from './context.js';

/** Exit 6 before anything is written when this ordo is outside the team's range. */
export function requireWritableVersion(config: Pick<Config, 'versionPin' | 'file'>): void {
  const pin = config.versionPin;
  if (!pin || pin.satisfied) return;
  throw new DataError(
    'VERSION_PIN',
    `${config.file} asks for ordo ${pin.range}; this is ordo ${pin.running}, which does not write this backlog.`,
    installHint(pin.range, pin.install),
  );
}

/**
 * One line on stderr for a reading command run by an ordo outside the team's range. The GitHub
 * Action (action.yml, input version-check) recognises it by "asks for ordo": keep those words.
 */
export function warnOutsideVersionPin(config: Pick<Config, 'versionPin' | 'file'>, ctx: Pick<Context, 'warn'>): void {
  const pin = config.versionPin;
  if (!pin || pin.satisfied) return;
  ctx.warn?.(`${config.file} asks for ordo ${pin.range}; this is ordo ${pin.running}: reading only. ${installHint(pin.range, pin.install)}`);
}

function installHint(range: string, install: string | null): string {
  const which = install ? `ordo ${install} or another version in "${range}"` : `an ordo version in "${range}"`;
  return `Install ${which} (README, "Install"), or change \`ordo:\` in ordo.yml if the team has moved to this version.`;
}
