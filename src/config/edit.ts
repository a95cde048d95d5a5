/**
 * Changing ordo.yml in place. The yaml Document API finds the one value to change;
 * the new value is spliced into the original text at that node's range, so every
 * other byte (comments, order, quoting, spacing inside [ ]) stays as the team wrote it.
 */
import { Document, isScalar, parseDocument } from 'yaml';
import { DataError } from '../errors.js';
import { writeFileAtomic } from './files.js';
import { readConfigText } from './load.js';

/** The text of ordo.yml with top-level `key:` set to `value`; nothing else changes. */
export function setConfigValue(text: string, key: string, value: string, file: string): string {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw new DataError('CONFIG_INVALID', `${file} is not valid YAML: ${doc.errors[0]!.message.split('\n')[0]}`, 'Fix ordo.yml first.');
  const node = doc.get(key, true);
  if (isScalar(node) && node.range) {
    // The scalar as YAML writes it (quoted when it must be), in place of the old value only.
    const scalar = new Document(value).toString().trimEnd();
    const updated = text.slice(0, node.range[0]) + scalar + text.slice(node.range[1]);
    if (parseDocument(updated).get(key) === value) return updated;
  }
  // Unusual layouts (an alias, no such key yet): let the Document rewrite the file.
  doc.set(key, value);
  return doc.toString({ flowCollectionPadding: false });
}

/** The text of ordo.yml with `owner:` set to `owner`. */
export function setOwnerInConfig(text: string, owner: string, file: string): string {
  return setConfigValue(text, 'owner', owner, file);
}

/** Rewrites top-level keys of the ordo.yml at `file`, keeping its comments and layout. */
export function setConfigValues(file: string, values: Record<string, string>): void {
  let text = readConfigText(file);
  for (const [key, value] of Object.entries(values)) text = setConfigValue(text, key, value, file);
  writeFileAtomic(file, text);
}
