/** Rewrites keys of ordo.yml in place, keeping its comments and layout. */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseDocument } from 'yaml';

export function setConfigValues(file: string, values: Record<string, string>): void {
  const doc = parseDocument(readFileSync(file, 'utf8'));
  for (const [key, value] of Object.entries(values)) doc.set(key, value);
  writeFileSync(file, doc.toString());
}
