/**
 * How Node loads ordo's own bundle files (dist/), which start-up time is mostly made of.
 *
 * Compiling: Node 20 compiles every CommonJS file from source on every start; for `ordo next`
 * that is a large share of its own time. The first run of a build saves what V8 compiled (after
 * running, so it holds the functions the command used) under the user's cache directory; later
 * runs hand it back to V8, which checks it against its own version and flags and compiles from
 * source when it does not fit. Writing is best-effort: a cache that cannot be read or written is
 * simply not used. ORDO_CODE_CACHE=0 turns it off.
 *
 * Resolving: a chunk requires its sibling chunks by relative path, and Node resolves each such
 * require by looking for package.json files up the tree, stat-ing and realpath-ing the file. The
 * bundle's own relative requires are answered directly: the build wrote those files next to it.
 *
 * Packs: an everyday command runs thirty-odd chunks, and each file costs a read, a cache read
 * and a compile of its own. The build also writes, for the modules of the everyday commands, a
 * pack (dist/packs/NAME.cjs): the same chunks' code, each as a function, in one script whose
 * value is the table of them, with one cache. With a pack, a chunk it holds is run from there
 * when it is first required, and only then, exactly as its file would be; chunks it lacks load
 * from their files.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { basename, dirname, isAbsolute, join, sep } from 'node:path';
import { Script } from 'node:vm';

interface CompilingModule {
  exports: unknown;
  filename: string;
  loaded: boolean;
  _compile(content: string, filename: string): unknown;
}

/** A chunk's code as its pack holds it: the body of the function Node would wrap the file in. */
type PackedChunk = (exports: unknown, require: NodeJS.Require, module: CompilingModule, filename: string, dirname: string) => void;

export interface BundleLoaderOptions {
  /** False for a run whose compiled code should not be kept (it only prints help). */
  keep?: boolean;
  /**
   * The pack to run chunks from (dist/packs/NAME.cjs), if any, and the command this run is:
   * several commands share a pack, and each keeps the compiled code of what it ran.
   */
  pack?: { name: string; command: string };
  env?: NodeJS.ProcessEnv;
}

/** Loads the bundle files under `dir`: their relative requires resolved directly, their code from the pack when given and through the cache kept for this build and this Node. */
export function installBundleLoader(dir: string, build: string, { pack, env = process.env, keep = true }: BundleLoaderOptions = {}): void {
  const prefix = dir.endsWith(sep) ? dir : dir + sep;
  const internals = Module as unknown as { _resolveFilename(request: string, parent: { filename?: string } | undefined, ...rest: unknown[]): string };
  const resolveFilename = internals._resolveFilename;
  internals._resolveFilename = function (request, parent, ...rest) {
    if (request.startsWith('./') && parent?.filename?.startsWith(prefix)) return `${dirname(parent.filename)}${sep}${request.slice(2)}`;
    return resolveFilename.call(this, request, parent, ...rest);
  };
  const cache = cacheDirectory(build, env);
  const runScript = scriptRunner(cache, keep);
  if (cache !== undefined) {
    const proto = (Module as unknown as { prototype: CompilingModule }).prototype;
    const compile = proto._compile;
    proto._compile = function (this: CompilingModule, content: string, filename: string) {
      if (!filename.startsWith(prefix)) return compile.call(this, content, filename);
      const wrapper = runScript(Module.wrap(content), filename, basename(filename)) as (...args: unknown[]) => unknown;
      return wrapper.call(this.exports, this.exports, Module.createRequire(filename), this, filename, dirname(filename));
    };
  }
  if (pack !== undefined) installPack(join(dir, 'packs', `${pack.name}.cjs`), join(dir, 'chunks'), runScript, `${pack.name}.${pack.command}`);
}

/**
 * Runs the pack's chunks when they are required. A chunk required by another packed chunk is
 * run here directly, registered in require.cache as Node would: the module system's resolving
 * and bookkeeping cost more than most chunks do. The first one (from the entry file) comes
 * through Node's loader.
 */
function installPack(file: string, chunks: string, runScript: ScriptRunner, cacheName: string): void {
  // Not a module: a script whose value is the table of chunks. Compiled here, it skips Node's
  // resolving and the copy of the whole text that wrapping it as a module would make. The build
  // writes it in ASCII, so read as latin1 it is copied once into a string, without the UTF-8
  // decoder's check and its growing buffers (memory the process touches for the first time
  // costs a page fault every 4 KB).
  const packed = runScript(readFileSync(file).toString('latin1'), file, cacheName) as Record<string, PackedChunk>;
  const cache = (Module as unknown as { _cache: Record<string, CompilingModule | undefined> })._cache;
  const requireReal = createRequire(join(chunks, 'pack'));
  const run = (module: CompilingModule, chunk: PackedChunk, filename: string) => {
    chunk.call(module.exports, module.exports, requireChunk, module, filename, chunks);
    module.loaded = true;
  };
  const requireChunk = ((request: string) => {
    const chunk = request.startsWith('./') ? packed[request.slice(2)] : undefined;
    if (chunk === undefined) return requireReal(request);
    // The build's names are plain file names (./chunk-X.cjs): no path to normalise, which path.join would do on every require.
    const filename = `${chunks}${sep}${request.slice(2)}`;
    let module = cache[filename];
    if (module === undefined) {
      module = new (Module as unknown as new (id: string) => CompilingModule)(filename);
      module.filename = filename;
      cache[filename] = module;
      try {
        run(module, chunk, filename);
      } catch (error) {
        // As Node does: a module that failed to load is not kept.
        delete cache[filename];
        throw error;
      }
    }
    return module.exports;
  }) as NodeJS.Require;
  const extensions = (Module as unknown as { _extensions: Record<string, (module: CompilingModule, filename: string) => void> })._extensions;
  const loadFile = extensions['.js']!;
  extensions['.js'] = function (module, filename) {
    const chunk = dirname(filename) === chunks ? packed[basename(filename)] : undefined;
    if (chunk === undefined) return loadFile.call(this, module, filename);
    run(module, chunk, filename);
  };
}

/** Compiles and runs a script of the bundle, with the compiled code kept under `name`; returns its value. */
type ScriptRunner = (source: string, filename: string, name: string) => unknown;

/** Where this build's compiled code is kept for this Node, or undefined when it is not kept. */
function cacheDirectory(build: string, env: NodeJS.ProcessEnv): string | undefined {
  if (env.ORDO_CODE_CACHE === '0') return undefined;
  const root = env.XDG_CACHE_HOME && isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : env.HOME ? join(env.HOME, '.cache') : undefined;
  if (!root) return undefined;
  // The build id changes with ordo's sources and dependencies, so a cache never meets other code.
  return join(root, 'ordo', `code-${build}-${process.version}-${process.arch}`.replace(/[^\w.+-]/g, '_'));
}

function scriptRunner(cache: string | undefined, keep: boolean): ScriptRunner {
  if (cache === undefined) return (source, filename) => new Script(source, { filename }).runInThisContext();
  const missed: { script: Script; file: string }[] = [];
  process.once('exit', (code) => {
    // What a run that stopped early (help, a usage error, a refusal: exit 2 and up) compiled is not
    // what the command runs, and would leave it compiling the rest on every later run: the next
    // run that does the command's work (exit 0, or 1 for a check that failed) writes it.
    if (missed.length === 0 || code > 1 || !keep) return;
    try {
      mkdirSync(cache, { recursive: true, mode: 0o700 });
      for (const { script, file } of missed) {
        const temp = `${file}.${process.pid}.tmp`;
        writeFileSync(temp, script.createCachedData(), { mode: 0o600 });
        renameSync(temp, file);
      }
      // Caches of earlier builds or other Node versions are never read again.
      const parent = dirname(cache);
      for (const name of readdirSync(parent)) {
        if (name.startsWith('code-') && join(parent, name) !== cache) rmSync(join(parent, name), { recursive: true, force: true });
      }
    } catch {
      // A cache is an optimisation: a read-only or full disk only means the next start compiles again.
    }
  });
  return (source, filename, name) => {
    const file = join(cache, `${name}.v8`);
    let cachedData: Buffer | undefined;
    try {
      cachedData = readFileSync(file);
    } catch {
      cachedData = undefined;
    }
    const script = new Script(source, { filename, cachedData });
    if (cachedData === undefined || script.cachedDataRejected) missed.push({ script, file });
    return script.runInThisContext();
  };
}
