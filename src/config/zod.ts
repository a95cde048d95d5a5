/**
 * zod for ordo's schemas (ordo.yml, backlog files, import mappings): its tree-shakable functional
 * API, zod/mini, with zod's English messages for the problems a schema does not word itself
 * ("expected number, received string"). The chained API brings the whole library, every locale
 * included (about 450 KB), into each command that validates a file; `ordo check` does on every run.
 */
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config(en());

// Imported as a namespace (`import * as z`), whose unused members the build leaves out.
export * from 'zod/mini';
