// The items table's columns, shared by the generator and the bare import baseline.
export const COLUMNS = ['number', 'title', 'description', 'type', 'value', 'rationale', 'goal', 'estimate', 'status', 'rank', 'created_by', 'created_at', 'updated_at', 'started_at', 'done_at', 'closed_at', 'reason', 'uid'];
export const INSERT_ITEM = `INSERT INTO items (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((c) => `@${c}`).join(', ')})`;
