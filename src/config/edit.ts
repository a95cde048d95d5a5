/**
 * Changing ordo.yml in place. The yaml Document API finds the one value to change;
 * the new value is spliced into the original text at that node's range, so every
 * other byte (comments, order, quoting, spacing inside [ ]) stays as the team wrote it.
 */
import { Document, isScalar, parseDocument } from 'yaml';
import { DataError } from '../errors.js';

/** The text of ordo.yml with `owner:` set to `owner`; nothing else changes. */
export function setOwnerInConfig(text: string, owner: string, file: string): string {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw new DataError('CONFIG_INVALID', `${file} is not valid YAML: ${doc.errors[0]!.message.split('\n')[0]}`, 'Fix ordo.yml first.');
  const node = doc.get('owner', true);
  if (isScalar(node) && node.range) {
    // The scalar as YAML writes it (quoted when it must be), in place of the old value only.
    const value = new Document(owner).toString().trimEnd();
    const updated = text.slice(0, node.range[0]) + value + text.slice(node.range[1]);
    if (parseDocument(updated).get('owner') === owner) return updated;
  }
  // Unusual layouts (an alias, no owner key yet): let the Document rewrite the file.
  doc.set('owner', owner);
  return doc.toString({ flowCollectionPadding: false });
}
