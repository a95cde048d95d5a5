import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { shellQuote } from '../../src/commands/git.js';

describe('shellQuote (paths in the git driver commands)', () => {
  it.each(['/usr/bin/node', "/home/o'brien/my tools/ordo.js", '/tmp/$HOME/`x`/a b', 'C:\\Program Files\\ordo'])('the shell git uses reads %s back unchanged', (path) => {
    const r = spawnSync('sh', ['-c', `printf %s ${shellQuote(path)}`], { encoding: 'utf8' });
    expect(r.stdout).toBe(path);
  });
});
