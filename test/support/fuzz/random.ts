// The fuzz's only source of chance: a seeded PRNG, so a seed replays the same calls (no Math.random, no wall clock).

import { prng } from '../../../core/demo/prng';

export type Rng = () => number;

/** The repo's one seeded generator (mulberry32, core/demo/prng.ts); [0, 1). */
export const seededRng = (seed: number): Rng => prng(seed);

export const pick = <T>(rng: Rng, list: readonly T[]): T => {
  if (list.length === 0) throw new Error('pick from an empty list');
  return list[Math.floor(rng() * list.length)]!;
};

export const chance = (rng: Rng, p: number): boolean => rng() < p;

/** Optional fields: present with probability p. */
export const maybe = <T extends object>(rng: Rng, p: number, fields: () => T): Partial<T> => (rng() < p ? fields() : {});

const ULID_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A client id in ULID form, drawn from the seed (the dispatcher keys retries on it). */
export function clientIdOf(rng: Rng): string {
  let s = '';
  for (let i = 0; i < 26; i++) s += ULID_ALPHABET[Math.floor(rng() * 32)];
  return s;
}
