// A stand-in for $EDITOR: rewrites the file it is given the way FAKE_EDIT says, as a person would.
import { readFileSync, writeFileSync } from 'node:fs';

const file = process.argv[process.argv.length - 1];
const text = readFileSync(file, 'utf8');
const lines = text.split('\n');
const isItem = (l) => l.trim() !== '' && !l.startsWith('#');
const header = lines.slice(0, lines.findIndex(isItem));
const items = lines.filter(isItem);
const mode = process.env.FAKE_EDIT ?? 'keep';
let out = items;
switch (mode) {
  case 'keep':
    break;
  case 'reverse':
    out = [...items].reverse();
    break;
  case 'last-to-top':
    out = [items.at(-1), ...items.slice(0, -1)];
    break;
  case 'delete-second':
    out = items.filter((_, i) => i !== 1);
    break;
  case 'duplicate-first':
    out = [...items, items[0]];
    break;
  case 'unknown-key':
    out = [...items.slice(0, 2), 'ORD-999  8  G1  Not an item', ...items.slice(2)];
    break;
  case 'edit-title':
    out = items.map((l, i) => (i === 2 ? `${l} (urgent)` : l));
    break;
  case 'empty':
    writeFileSync(file, '');
    process.exit(0);
  case 'comments-only':
    writeFileSync(file, header.join('\n'));
    process.exit(0);
  case 'fail':
    process.exit(3);
  default:
    throw new Error(`unknown FAKE_EDIT mode ${mode}`);
}
writeFileSync(file, [...header, ...out].join('\n') + '\n');
