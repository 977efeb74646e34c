/**
 * Seeded randomness for the cost-report generator. Everything the generator writes derives from these
 * functions, so the same seed and options give byte-identical files (never Math.random or the clock).
 */

/** 32-bit FNV-1a over the parts joined: turns a seed plus labels into a sub-seed. */
export function hash32(...parts: (string | number)[]): number {
  let h = 0x811c9dc5;
  const text = parts.join('\u0000');
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

/** MurmurHash3's finalizer: spreads the bits of a 32-bit value. */
export function fmix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export type Rng = {
  /** uniform in [0, 1) */
  next(): number;
  /** integer in [min, max] (inclusive) */
  int(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  weighted<T>(items: readonly { value: T; weight: number }[]): T;
  /** lowercase hex digits */
  hex(length: number): string;
};

/** sfc32 (Chris Doty-Humphrey's small fast counter): tiny, fast, good statistical quality. */
export function createRng(seed: number): Rng {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed >>> 0;
  const nextU32 = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  // The first outputs of a fresh state are correlated with the seed: discard them.
  for (let i = 0; i < 12; i++) nextU32();
  const next = () => nextU32() / 4294967296;
  const rng: Rng = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (items) => {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[Math.floor(next() * items.length)] as (typeof items)[number];
    },
    weighted: (items) => {
      const total = items.reduce((s, i) => s + i.weight, 0);
      let x = next() * total;
      for (const item of items) {
        x -= item.weight;
        if (x < 0) return item.value;
      }
      return (items[items.length - 1] as (typeof items)[number]).value;
    },
    hex: (length) => {
      let out = '';
      while (out.length < length) out += nextU32().toString(16).padStart(8, '0');
      return out.slice(0, length);
    },
  };
  return rng;
}

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/**
 * A 52-character identity/LineItemId like AWS's, derived from the line's coordinates rather than from
 * the PRNG: a restated assembly keeps the same ids for the same lines, as AWS does.
 */
export function lineItemId(seed: number, ...coordinates: number[]): string {
  let h = seed >>> 0;
  for (const c of coordinates) h = fmix32((h ^ c) + 0x9e3779b9);
  let out = '';
  for (let word = 0; out.length < 52; word++) {
    let w = fmix32(h + Math.imul(word + 1, 0x27d4eb2d));
    for (let k = 0; k < 6; k++) {
      out += BASE32[w & 31];
      w >>>= 5;
    }
  }
  return out.slice(0, 52);
}

/** A uuid-shaped identifier from a hash (assemblyId, executionId, commitment ids). */
export function uuidFrom(...parts: (string | number)[]): string {
  const hex = [0, 1, 2, 3]
    .map((i) =>
      hash32(...parts, i)
        .toString(16)
        .padStart(8, '0'),
    )
    .join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
