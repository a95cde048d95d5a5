// Lint: dependencies point one way (STYLE.md): cli → commands → core, store, config.
// core is pure: it never imports the outer layers, terminal or prompt libraries, or process.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const FORBIDDEN = {
  core: [/^\.\.\/(cli|commands|store|config|output|prompts)\//, /^(chalk|@inquirer\/.*|commander|better-sqlite3|yaml|zod)$/, /^node:(fs|child_process|process)$/],
  store: [/^\.\.\/(cli|commands|output|prompts)\//, /^(chalk|@inquirer\/.*|commander)$/],
  config: [/^\.\.\/(cli|commands|store|output|prompts)\//, /^(chalk|@inquirer\/.*|commander|better-sqlite3)$/],
  sync: [/^\.\.\/(cli|commands|output|prompts)\//, /^(chalk|@inquirer\/.*|commander)$/],
  commands: [/^\.\.\/(cli|output|prompts)\//, /^(chalk|@inquirer\/.*|commander)$/],
  output: [/^\.\.\/(cli|prompts)\//, /^(@inquirer\/.*|commander|better-sqlite3)$/],
};

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* files(p);
    else if (p.endsWith('.ts')) yield p;
  }
}

let problems = 0;
for (const file of files('src')) {
  const layer = relative('src', file).split(sep)[0];
  const rules = FORBIDDEN[layer] ?? [];
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(/(?:^|\n)\s*import\s[^'"]*?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    const spec = m[1] ?? m[2];
    if (/\bimport type\b/.test(m[0])) continue;
    if (rules.some((r) => r.test(spec))) {
      console.error(`${file}: the ${layer} layer must not import "${spec}"`);
      problems++;
    }
  }
  if (layer === 'core' && /\bprocess\.(env|cwd|exit|stdout|stderr|argv)\b/.test(text)) {
    console.error(`${file}: core must not touch process`);
    problems++;
  }
  if (layer === 'commands' && /\bprocess\.(cwd|exit|stdout|stderr)\b|console\./.test(text)) {
    console.error(`${file}: commands return data; they do not print, exit or read process.cwd()`);
    problems++;
  }
}
if (problems > 0) process.exit(1);
console.log('layers ok');
