/**
 * The first value seen for each 32-bit integer key, kept in typed arrays (open addressing,
 * linear probing). `ordo check` files every open item under the hash of its rationale: at
 * 100,000 items a Map of them allocates a number for every other key, rehashes as it grows and
 * keeps the garbage collector busy; these arrays allocate nothing per entry.
 */
export class FirstByKey {
  private keys: Int32Array;
  private values: Float64Array;
  /** 1 where a slot holds an entry. */
  private used: Uint8Array;
  private mask: number;
  private count = 0;

  /** `expected`: how many keys to make room for at once (a hint, at most 2^17; the table grows past it). */
  constructor(expected = 0) {
    let capacity = 1024;
    while (capacity < Math.min(expected, 2 ** 17) * 2) capacity *= 2;
    this.keys = new Int32Array(capacity);
    this.values = new Float64Array(capacity);
    this.used = new Uint8Array(capacity);
    this.mask = capacity - 1;
  }

  /** The value first filed under `key`; when there is none yet, files `value` and returns undefined. */
  firstOrSet(key: number, value: number): number | undefined {
    const k = key | 0;
    for (let at = slot(k) & this.mask; this.used[at] === 1; at = (at + 1) & this.mask) {
      if (this.keys[at] === k) return this.values[at]!;
    }
    if ((this.count + 1) * 2 > this.keys.length) this.grow();
    this.put(k, value);
    this.count += 1;
    return undefined;
  }

  private put(key: number, value: number): void {
    let at = slot(key) & this.mask;
    while (this.used[at] === 1) at = (at + 1) & this.mask;
    this.keys[at] = key;
    this.values[at] = value;
    this.used[at] = 1;
  }

  private grow(): void {
    const { keys, values, used } = this;
    this.keys = new Int32Array(keys.length * 2);
    this.values = new Float64Array(keys.length * 2);
    this.used = new Uint8Array(keys.length * 2);
    this.mask = this.keys.length - 1;
    for (let i = 0; i < keys.length; i++) if (used[i] === 1) this.put(keys[i]!, values[i]!);
  }
}

/** Mixes a key's bits so that keys alike in their low bits spread over the table. */
function slot(key: number): number {
  const h = Math.imul(key ^ (key >>> 16), 0x45d9f3b);
  return (h ^ (h >>> 16)) >>> 0;
}
