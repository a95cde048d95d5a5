// Bundles src/ into dist/ with esbuild: one entry plus lazily loaded chunks per command,
// so a command pays only for the modules it uses. better-sqlite3 stays external (native addon).
// dist/ is what the package ships; source maps only with ORDO_SOURCEMAP=1. The benchmark's
// in-process entry goes to scripts/bench/.build/, outside the package.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

const { build } = await import('esbuild').catch(() => {
  // `npm install -g .` and `npm link` build a clone in place with the clone's own node_modules.
  console.error('ordo build: esbuild is not installed in this clone. Run `npm ci` here first, then build again (or `npm install -g .`).');
  process.exit(1);
});

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
// The build id keys caches (the validated ordo.yml): a new build with changed sources never
// reads what an older one wrote, even under the same version number.
const hash = createHash('sha256');
for (const file of readdirSync('src', { recursive: true }).sort()) {
  if (String(file).endsWith('.ts')) hash.update(String(file)).update(readFileSync(`src/${file}`));
}
const buildId = `${pkg.version}+${hash.digest('hex').slice(0, 12)}`;
// commander requires node:child_process at load time, for executable subcommands ordo never
// uses; that module pulls in the networking stack (about 2 MB and a few ms on every start).
// Hand commander a stand-in that loads the real module only if it is ever used.
const lazyChildProcess = {
  name: 'lazy-child-process-for-commander',
  setup(b) {
    b.onResolve({ filter: /^node:child_process$/ }, (args) =>
      /[\\/]node_modules[\\/]commander[\\/]/.test(args.importer) ? { path: 'lazy-child-process', namespace: 'ordo-lazy' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'ordo-lazy' }, () => ({
      contents: "module.exports = new Proxy({}, { get: (_, name) => require('node:child_process')[name] });",
      loader: 'js',
    }));
  },
};
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
const BENCH_OUT = 'scripts/bench/.build';
rmSync(new URL(`../${BENCH_OUT}`, import.meta.url), { recursive: true, force: true });
const common = {
  outdir: 'dist',
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'bundle',
  external: ['better-sqlite3'],
  define: { __ORDO_VERSION__: JSON.stringify(pkg.version), __ORDO_BUILD__: JSON.stringify(buildId) },
  banner: { js: "import { createRequire as __ordoCreateRequire } from 'node:module'; const require = __ordoCreateRequire(import.meta.url);" },
  logLevel: 'warning',
};
const result = await build({
  ...common,
  entryPoints: { ordo: 'src/main.ts' },
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  sourcemap: process.env.ORDO_SOURCEMAP === '1' ? 'linked' : false,
  metafile: true,
  plugins: [lazyChildProcess],
});
// The in-process entry scripts/bench.mjs uses, built on its own: as a second entry of the build
// above it would share chunks with the CLI and split the CLI's hot path into more files.
await build({
  ...common,
  outdir: BENCH_OUT,
  entryPoints: { 'bench-api': 'src/bench-api.ts' },
});
// Which sources each output file holds: test/e2e/startup.test.ts maps the chunks a command loads
// back to the packages inside them. package.json `files` leaves it out of the package.
writeFileSync(new URL('../dist/meta.json', import.meta.url), JSON.stringify(result.metafile));
