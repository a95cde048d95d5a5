/**
 * A worker thread's whole job: SQLite's integrity check of one database file (database.ts,
 * integrityAside). It reads the whole file, so `ordo check` runs it beside its own reading.
 * Posts the problems found (empty when the file is sound), or the error that stopped it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { integrityProblems, openDatabase, type IntegrityScope } from './database.js';

const { path, scope } = workerData as { path: string; scope: IntegrityScope };
openDatabase(path, { mode: 'read' })
  .then((db) => {
    try {
      parentPort!.postMessage({ problems: integrityProblems(db, scope) });
    } finally {
      db.close();
    }
  })
  .catch((error: unknown) => parentPort!.postMessage({ error: error instanceof Error ? error.message : String(error) }));
