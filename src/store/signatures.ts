/** The Product Owner's order signatures (core/signature.ts): appended, never changed. */
import type { SignatureRow } from '../core/signature.js';
import type { Statements } from './store.js';

interface Row {
  id: number;
  counter: number;
  kind: string;
  signed_at: string;
  signer: string;
  payload: string;
  signature: string;
}

const toSignature = (r: Row): SignatureRow => ({
  id: r.id,
  counter: r.counter,
  kind: r.kind,
  signedAt: r.signed_at,
  signer: r.signer,
  payload: r.payload,
  signature: r.signature,
});

export class SignatureRepo {
  constructor(private readonly sql: Statements) {}

  append(s: Omit<SignatureRow, 'id'>): void {
    this.sql
      .get('INSERT INTO order_signatures (counter, kind, signed_at, signer, payload, signature) VALUES (?, ?, ?, ?, ?, ?)')
      .run(s.counter, s.kind, s.signedAt, s.signer, s.payload, s.signature);
  }

  /** Only for replacing a whole backlog with a merged one that holds every stored row (sync). */
  clear(): void {
    this.sql.get('DELETE FROM order_signatures').run();
  }

  all(): SignatureRow[] {
    return (this.sql.get('SELECT * FROM order_signatures ORDER BY id').all() as Row[]).map(toSignature);
  }

  /**
   * The next counter: above every stored signature and every signature the audit trail
   * records, so a signature after a merge or a replay never reuses a number.
   */
  nextCounter(): number {
    const row = this.sql
      .get(
        `SELECT MAX(n) AS n FROM (
           SELECT MAX(counter) AS n FROM order_signatures
           UNION ALL SELECT MAX(CAST(json_extract(details, '$.counter') AS INTEGER)) FROM events WHERE action = 'order.sign' AND json_valid(details))`,
      )
      .get() as { n: number | null };
    return (row.n ?? 0) + 1;
  }
}
