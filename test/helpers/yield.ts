/**
 * End-to-end tests spawn the binary synchronously. Between tests, give the worker's event
 * loop a turn so that vitest's own messages are answered even when a file runs for a long
 * time on a loaded machine (otherwise its 60 s RPC timeout can fire).
 */
import { afterEach } from 'vitest';

afterEach(() => new Promise<void>((resolve) => setImmediate(resolve)));
