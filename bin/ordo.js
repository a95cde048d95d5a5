#!/usr/bin/env node
// A clone whose dist/ was never built (no `npm ci`, `npm run build`) gets a sentence, not a stack.
const entry = new URL('../dist/ordo.js', import.meta.url);
import(entry.href).catch((error) => {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes(decodeURIComponent(entry.pathname))) throw error;
  process.stderr.write(`error: ordo is not built: ${decodeURIComponent(entry.pathname)} is missing.\nhint: Run \`npm ci\` (it builds dist/) or \`npm run build\` in ${decodeURIComponent(new URL('..', entry).pathname)}.\n`);
  process.exitCode = 70;
});
