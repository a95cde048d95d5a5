#!/usr/bin/env node
// CommonJS (bin/package.json): Node starts a CommonJS entry without its ES module loader.
// A clone whose dist/ was never built (no `npm ci`, `npm run build`), or only in part, gets a
// sentence, not a stack.
const { join } = require('node:path');
const dist = join(__dirname, '..', 'dist');
const entry = join(dist, 'ordo.cjs');
try {
  require(entry);
} catch (error) {
  // The entry itself, or a file of dist/ it reads as it starts (the pack of the command).
  const missing = error?.code === 'MODULE_NOT_FOUND' && String(error.message).includes(entry) ? entry : error?.code === 'ENOENT' && String(error.path).startsWith(dist) ? error.path : null;
  if (missing === null) throw error;
  process.stderr.write(`error: ordo is not built: ${missing} is missing.\nhint: Run \`npm ci\` (it builds dist/) or \`npm run build\` in ${join(__dirname, '..')}/.\n`);
  process.exitCode = 70;
}
