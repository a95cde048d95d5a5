/** Opening text in the user's editor, as git does for `rebase -i` and commit messages. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OrdoError, ExitCode, UsageError } from '../errors.js';

/** $VISUAL, then $EDITOR, as git picks them; null when neither is set. */
export function editorCommand(env: NodeJS.ProcessEnv): string | null {
  for (const name of ['VISUAL', 'EDITOR'] as const) {
    const value = env[name]?.trim();
    if (value) return value;
  }
  return null;
}

/**
 * Writes `text` to a temporary file, runs the editor on it and returns what was saved.
 * The command runs through `sh -c '<editor> "$1"'` like git, so EDITOR may carry
 * arguments (`code --wait`, `vim -u NONE`). The editor gets the terminal; when stdout
 * is not one (a pipe, --json) the editor writes to stderr so results stay clean.
 */
export function editText(text: string, fileName: string, env: NodeJS.ProcessEnv, command = 'ordo reorder --editor'): string {
  const editor = editorCommand(env);
  const other = command.startsWith('ordo reorder') ? ', or run `ordo reorder` on a terminal for the interactive list' : '';
  if (editor === null) {
    throw new UsageError('No editor: set VISUAL or EDITOR.', `For example: EDITOR=vim ${command}${other}.`, 'NO_EDITOR');
  }
  const dir = mkdtempSync(join(tmpdir(), 'ordo-'));
  const file = join(dir, fileName);
  try {
    writeFileSync(file, text);
    const r = spawnSync('sh', ['-c', `${editor} "$1"`, 'ordo-editor', file], {
      env,
      stdio: ['inherit', process.stdout.isTTY ? 'inherit' : process.stderr, 'inherit'],
    });
    if (r.error || r.status !== 0) {
      const why = r.error ? r.error.message : r.signal ? `was stopped by ${r.signal}` : `exited with status ${r.status}`;
      throw new OrdoError('EDITOR_FAILED', ExitCode.usage, `The editor (${editor}) ${why}; nothing was changed.`, `Check VISUAL or EDITOR${other}.`);
    }
    return readFileSync(file, 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
