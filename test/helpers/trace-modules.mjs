// Loaded with `node --import`: appends every module URL the process resolves to the file named by
// ORDO_TRACE_FILE, so a test can tell which bundle chunks and packages a command loads.
import { register } from 'node:module';

register(
  `data:text/javascript,${encodeURIComponent(`
    import { appendFileSync } from 'node:fs';
    const file = ${JSON.stringify(process.env.ORDO_TRACE_FILE ?? '')};
    export async function resolve(specifier, context, next) {
      const result = await next(specifier, context);
      if (file) appendFileSync(file, result.url + '\\n');
      return result;
    }
  `)}`,
);
