// Loaded with `node --import`: appends to the file named by ORDO_TRACE_FILE every module the
// process loads (ES modules as they resolve, CommonJS ones at exit), so a test can tell which
// bundle chunks and packages a command loads.
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { pathToFileURL } from 'node:url';

const file = process.env.ORDO_TRACE_FILE ?? '';

register(
  `data:text/javascript,${encodeURIComponent(`
    import { appendFileSync } from 'node:fs';
    const file = ${JSON.stringify(file)};
    export async function resolve(specifier, context, next) {
      const result = await next(specifier, context);
      if (file) appendFileSync(file, result.url + '\\n');
      return result;
    }
  `)}`,
);

process.on('exit', () => {
  const required = Object.keys(createRequire(import.meta.url).cache);
  if (file) appendFileSync(file, required.map((p) => `${pathToFileURL(p).href}\n`).join(''));
});
