#!/usr/bin/env node
// CommonJS (bin/package.json): Node starts a CommonJS entry without its ES module loader.
// A clone whose dist/ was never built (no `npm ci`, `npm run build`) gets a sentence, not a stack.
const { join } = require('node:path');
const entry = join(__dirname, '..', 'dist', 'ordo.cjs');
try {
  require(entry);
} catch (error) {
  if (error?.code !== 'MODULE_NOT_FOUND' || !String(error.message).includes(entry)) throw error;
  process.stderr.write(`error: ordo is not built: ${entry} is missing.\nhint: Run \`npm ci\` (it builds dist/) or \`npm run build\` in ${join(__dirname, '..')}/.\n`);
  process.exitCode = 70;
}
