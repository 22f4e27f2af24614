// Lightning 1.9.5's seed_everything: seeds torch's global generator (fulgur's only random
// source; there is no Python `random` or numpy to seed) and returns the seed.
import { manualSeed } from "../random/generator.ts";
import { rankZeroWarn } from "./warnings.ts";

const MIN_SEED = 0;
const MAX_SEED = 4294967295; // np.iinfo(np.uint32).max

/** Lightning's _select_seed_randomly: any seed in numpy's range (deliberately not reproducible). */
function selectSeedRandomly(): number {
  const c = (globalThis as { crypto?: { getRandomValues?(a: Uint32Array): Uint32Array } }).crypto;
  if (c?.getRandomValues) return c.getRandomValues(new Uint32Array(1))[0];
  return Math.floor(Math.random() * (MAX_SEED + 1));
}

/**
 * seed_everything(seed): a seed outside [0, 2^32 - 1] (or none) is replaced by a random one with
 * Lightning's warning; `workers` is accepted for signature parity (fulgur's DataLoader has no
 * worker processes).
 */
export function seedEverything(seed?: number | null, _workers = false): number {
  let s: number;
  if (seed === undefined || seed === null) {
    s = selectSeedRandomly();
    rankZeroWarn(`No seed found, seed set to ${s}`);
  } else {
    s = Math.trunc(Number(seed)); // int(seed)
  }
  if (!(MIN_SEED <= s && s <= MAX_SEED)) {
    rankZeroWarn(`${seed} is not in bounds, numpy accepts from ${MIN_SEED} to ${MAX_SEED}`);
    s = selectSeedRandomly();
  }
  manualSeed(s);
  return s;
}
