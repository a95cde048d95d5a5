import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { setOwnerInConfig } from '../../src/config/edit.js';

const text = `# ordo configuration
product: Acme   # the product
owner: "alice@example.com"   # the PO
managers: [bob@example.com]
value:
  scale: [1, 2, 3]
`;

describe('setOwnerInConfig', () => {
  it('changes only the owner value, keeping comments and layout byte for byte', () => {
    expect(setOwnerInConfig(text, 'dave@example.com', 'ordo.yml')).toBe(text.replace('"alice@example.com"', 'dave@example.com'));
  });

  it('quotes a value YAML would misread', () => {
    const out = setOwnerInConfig(text, 'team: #po', 'ordo.yml');
    expect(parseDocument(out).get('owner')).toBe('team: #po');
    expect(out).toContain('# the PO');
    expect(out).toContain('scale: [1, 2, 3]');
  });

  it('adds owner when the file has none', () => {
    const out = setOwnerInConfig('product: Acme\n', 'dave@example.com', 'ordo.yml');
    expect(parseDocument(out).toJS()).toEqual({ product: 'Acme', owner: 'dave@example.com' });
  });
});
