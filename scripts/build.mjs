// Bundles src/ into dist/ with esbuild: one entry plus lazily loaded chunks per command,
// so a command pays only for the modules it uses. better-sqlite3's JavaScript is bundled too;
// its native addon is loaded from node_modules (src/store/database.ts names it).
// dist/ is what the package ships; source maps only with ORDO_SOURCEMAP=1. The benchmark's
// in-process entry goes to scripts/bench/.build/, outside the package.
//
// Two passes: esbuild splits code into chunks only for ES modules, so the first pass bundles
// and splits as ESM, and the second turns each output file into CommonJS (.cjs). CommonJS
// starts faster (no module linking, no loader) and can be compiled from V8's code cache
// (src/bundle-loader.ts), which ES modules cannot on Node 20.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';

const { build, transform } = await import('esbuild').catch(() => {
  // `npm install -g .` and `npm link` build a clone in place with the clone's own node_modules.
  console.error('ordo build: esbuild is not installed in this clone. Run `npm ci` here first, then build again (or `npm install -g .`).');
  process.exit(1);
});

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
// The build id keys caches (the validated ordo.yml, V8's compiled code): a new build with changed
// sources, dependencies or build steps never reads what an older one wrote, even under the same
// version number.
const hash = createHash('sha256');
for (const file of readdirSync('src', { recursive: true }).sort()) {
  if (String(file).endsWith('.ts')) hash.update(String(file)).update(readFileSync(`src/${file}`));
}
hash.update(readFileSync('package-lock.json')).update(readFileSync('scripts/build.mjs'));
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
const SOURCEMAP = process.env.ORDO_SOURCEMAP === '1';
// Packs (src/bundle-loader.ts): for the modules of the everyday commands (src/cli/command-table.ts),
// one file holding every chunk such a command runs at start: the chunks the program's main chunk
// and the command module import, the database driver, and the command modules named here, each
// with the chunks they import. A chunk runs only when required, so a pack may hold more than a
// command uses; it costs its size in reading. Other commands load their chunks one file at a time.
// A build with source maps (ORDO_SOURCEMAP=1) runs from the chunks alone, whose maps it writes.
const PACKS = SOURCEMAP ? {} : {
  program: ['src/commands/whoami.ts'],
  items: ['src/commands/show.ts', 'src/commands/items.ts', 'src/cli/everyday.ts', 'src/commands/signing.ts'],
  order: ['src/commands/signing.ts'],
  workflow: ['src/commands/signing.ts'],
  // The CI gate: it reads ordo.yml itself (yaml, zod) on every run.
  check: ['src/config/parse.ts'],
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
  define: { __ORDO_VERSION__: JSON.stringify(pkg.version), __ORDO_BUILD__: JSON.stringify(buildId) },
  logLevel: 'warning',
};
// Whitespace and comments go, and the text is ASCII (esbuild escapes the rest): one character
// beyond ASCII, even in a comment, makes V8 hold a file as two bytes a character, which costs
// start-up time and memory in proportion to its size. Names stay, for stack traces.
const COMPACT = { minifyWhitespace: true, minifySyntax: true, charset: 'ascii' };
// A file built on its own, without splitting (the entry, the integrity worker): CommonJS and
// compact like the chunks, next to which it runs.
const standalone = {
  ...common,
  ...COMPACT,
  format: 'cjs',
  outExtension: { '.js': '.cjs' },
  supported: { 'dynamic-import': false },
  define: { ...common.define, 'import.meta.dirname': '__dirname', 'import.meta.url': '__filename' },
  sourcemap: SOURCEMAP ? 'linked' : false,
};
// The program (src/cli/main.ts) and everything it loads: dist/chunks/main.cjs and the chunks it
// shares with the modules loaded on demand.
const result = await build({
  ...common,
  entryPoints: { main: 'src/cli/main.ts' },
  splitting: true,
  entryNames: 'chunks/[name]',
  chunkNames: 'chunks/[name]-[hash]',
  // .cjs: Node loads such a file without looking up the nearest package.json to learn its type.
  outExtension: { '.js': '.cjs' },
  sourcemap: SOURCEMAP ? 'inline' : false,
  metafile: true,
  write: false,
  plugins: [lazyChildProcess],
});
// esbuild's CommonJS form of a chunk hands out a copy of its export object: a second object with
// a getter per export that reads the first one's getter. Handing out the export object itself
// (marked __esModule, as the copy was) keeps every binding live and saves, per export, a closure,
// two descriptors and a property at every start (`ordo list`'s chunks allocated 340 KB as they
// ran, 270 KB with this). Padded to the same length, so that source maps still line up.
const COPY_EXPORTS = '__toCommonJS=mod=>__copyProps(__defProp({},"__esModule",{value:!0}),mod)';
const OWN_EXPORTS = '__toCommonJS=mod=>__defProp(mod,"__esModule",{value:!0})'.padEnd(COPY_EXPORTS.length);
const ownExports = (text, file) => {
  if (!text.includes('__toCommonJS(')) return text;
  if (!text.includes(COPY_EXPORTS)) throw new Error(`ordo build: ${file} does not define __toCommonJS as scripts/build.mjs expects (COPY_EXPORTS): check the esbuild version`);
  return text.replace(COPY_EXPORTS, OWN_EXPORTS);
};
const code = new Map();
for (const file of result.outputFiles) {
  // import() becomes require() too: every chunk is CommonJS. import.meta.url only ever feeds createRequire, which takes a path.
  const cjs = await transform(file.text, {
    ...COMPACT,
    format: 'cjs',
    loader: 'js',
    platform: 'node',
    target: 'node20',
    supported: { 'dynamic-import': false },
    define: { 'import.meta.url': '__filename', 'import.meta.dirname': '__dirname' },
    sourcemap: SOURCEMAP ? 'external' : false,
    sourcefile: basename(file.path),
  });
  const text = ownExports(cjs.code, basename(file.path));
  mkdirSync(dirname(file.path), { recursive: true });
  writeFileSync(file.path, SOURCEMAP ? `${text}//# sourceMappingURL=${basename(file.path)}.map\n` : text);
  code.set(file.path, text);
  if (SOURCEMAP) writeFileSync(`${file.path}.map`, cjs.map);
}
{
  const outputs = result.metafile.outputs;
  const root = dirname(new URL(import.meta.url).pathname).replace(/scripts$/, '');
  const output = (entry) => {
    // A package's path is relative to the directory the build runs in, which npm may nest in another checkout.
    const found = Object.keys(outputs).find((o) => outputs[o].entryPoint === entry || outputs[o].entryPoint?.endsWith(`/${entry}`));
    if (!found) throw new Error(`ordo build: no output file for ${entry}, which a pack names`);
    return found;
  };
  // An output file and every chunk it requires at load time (static imports), transitively.
  const closure = (start, into) => {
    if (into.has(start)) return into;
    into.add(start);
    for (const i of outputs[start].imports) if (i.kind === 'import-statement' && !i.external) closure(i.path, into);
    return into;
  };
  mkdirSync(new URL('../dist/packs', import.meta.url), { recursive: true });
  for (const [name, modules] of Object.entries(PACKS)) {
    const roots = ['src/cli/main.ts', 'node_modules/better-sqlite3/lib/index.js', ...(name === 'program' ? [] : [`src/cli/${name}.ts`]), ...modules];
    const chunks = new Set();
    for (const entry of roots) closure(output(entry), chunks);
    const parts = [...chunks].filter((o) => o.startsWith('dist/chunks/')).sort();
    const body = parts.map((o) => `${JSON.stringify(basename(o))}: function (exports, require, module, __filename, __dirname) {\n${code.get(root + o)}\n}`);
    // A script, not a module: its value is the table of chunks (src/bundle-loader.ts compiles it).
    writeFileSync(new URL(`../dist/packs/${name}.cjs`, import.meta.url), `// Generated by scripts/build.mjs: chunks of dist/chunks/, see src/bundle-loader.ts.\n({\n${body.join(',\n')}\n});\n`);
  }
}
// The entry file (dist/ordo.cjs): src/main.ts with what it imports, in one file of its own, so
// that a start reads nothing else before it chooses the pack. It loads the program as
// ./chunks/main.cjs, built above.
const entry = await build({
  ...standalone,
  // Only the entry reads the names of the packs. An array defined for the split build above
  // would be a module of its own, set up by a call at the top of every chunk.
  define: { ...standalone.define, __ORDO_PACKS__: JSON.stringify(Object.keys(PACKS)) },
  entryPoints: { ordo: 'src/main.ts' },
  metafile: true,
  plugins: [
    {
      name: 'program-chunk',
      setup(b) {
        b.onResolve({ filter: /^\.\/cli\/main\.js$/ }, () => ({ path: './chunks/main.cjs', external: true }));
      },
    },
  ],
});
// The worker thread that runs SQLite's integrity check beside ordo check's own reading
// (src/store/database.ts, integrityAside): one file of its own next to the chunks, whose driver
// lookup (the native addon beside the package) it shares.
await build({ ...standalone, entryPoints: { 'chunks/integrity-worker': 'src/store/integrity-worker.ts' } });
// The in-process entry scripts/bench.mjs uses, built on its own: as a second entry of the build
// above it would share chunks with the CLI and split the CLI's hot path into more files.
await build({
  ...common,
  outdir: BENCH_OUT,
  entryPoints: { 'bench-api': 'src/bench-api.ts' },
  banner: { js: "import { createRequire as __ordoCreateRequire } from 'node:module'; const require = __ordoCreateRequire(import.meta.url);" },
});
// Which sources each output file holds: test/e2e/startup.test.ts maps the chunks a command loads
// back to the packages inside them. package.json `files` leaves it out of the package.
writeFileSync(new URL('../dist/meta.json', import.meta.url), JSON.stringify({ ...result.metafile, outputs: { ...result.metafile.outputs, ...entry.metafile.outputs } }));
// The shell completion scripts and the man page, generated by the program just built from its
// own command definitions, so they can never list a command or flag the program lacks.
{
  const { execFileSync } = await import('node:child_process');
  const { mkdirSync } = await import('node:fs');
  const run = (...args) => execFileSync(process.execPath, ['bin/ordo.js', ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ORDO_PAGER: '', ORDO_CODE_CACHE: '0' } });
  mkdirSync(new URL('../dist/completions', import.meta.url), { recursive: true });
  for (const shell of ['bash', 'zsh', 'fish']) writeFileSync(new URL(`../dist/completions/ordo.${shell}`, import.meta.url), run('completion', shell));
  writeFileSync(new URL('../dist/ordo.1', import.meta.url), run('__man'));
}
