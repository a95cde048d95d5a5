import { build } from 'esbuild';
const [out, mode] = process.argv.slice(2);
const ext = mode === 'ext' ? ['better-sqlite3', 'yaml', 'zod', '@inquirer/*', 'chalk', 'string-width'] : ['better-sqlite3'];
await build({
  entryPoints: { ordo: 'src/main.ts' }, outdir: out, bundle: true, splitting: mode === 'split', format: 'esm', platform: 'node', target: 'node20',
  packages: 'bundle', external: ext, define: { __ORDO_VERSION__: '"0.1.0"', __ORDO_BUILD__: '"x"' }, minifyWhitespace: mode === 'min', minifySyntax: mode === 'min',
  banner: { js: "import { createRequire as __ordoCreateRequire } from 'node:module'; const require = __ordoCreateRequire(import.meta.url);" },
  chunkNames: 'chunks/[name]-[hash]', logLevel: 'warning',
});
