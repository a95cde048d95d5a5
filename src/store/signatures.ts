/**
 * The order signatures of an earlier ordo (core/signature.ts): appended, never changed, read
 * to verify backlogs signed before every decision was; nothing writes new ones but a merge.
 */
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
}
