// Loaded with `node --require`: at exit, writes to ORDO_TRACE_FILE the files the process
// required and Node's own modules it loaded (as node:NAME). Unlike trace-modules.mjs it
// installs no module hooks, which would load Node's worker and networking modules themselves.
const { appendFileSync } = require('node:fs');

process.on('exit', () => {
  const file = process.env.ORDO_TRACE_FILE;
  if (!file) return;
  const builtins = process.moduleLoadList.flatMap((m) => (/^NativeModule [a-z_]+$/.test(m) ? [`node:${m.slice('NativeModule '.length)}`] : []));
  appendFileSync(file, [...Object.keys(require.cache), ...builtins].map((l) => `${l}\n`).join(''));
});
