// The UCI 8×8 handwritten digits shipped in examples/data/digits.csv (1797 images), read from
// disk; the split lives in digits_parse.ts: every 5th image held out (360), 1437 train.
import { readFileSync } from "node:fs";
import { parseDigits, type DigitsSplit } from "./digits_parse.ts";

export { parseDigits, type DigitsSplit };

/** Reads examples/data/digits.csv relative to the repository root (the working directory of tests and examples). */
export function loadDigits(): { train: DigitsSplit; valid: DigitsSplit } {
  return parseDigits(readFileSync("examples/data/digits.csv", "utf8"));
}
