// The UCI 8×8 handwritten digits shipped in examples/data/digits.csv (1797 images): each row is
// 64 pixel intensities 0..16 then the label. Split the way examples/train_digits.ts splits it:
// every 5th image (index % 5 === 0, 360 images) is held out for validation, 1437 train.
import { readFileSync } from "node:fs";

export interface DigitsSplit { x: number[][]; y: number[] }

/** Parses the CSV text (so the browser demo can pass the text it fetched). Pixels are scaled to [0, 1]. */
export function parseDigits(text: string): { train: DigitsSplit; valid: DigitsSplit } {
  const rows = text.trim().split("\n").map((line) => line.split(",").map(Number));
  const part = (keep: (i: number) => boolean): DigitsSplit => {
    const sel = rows.filter((_, i) => keep(i));
    return { x: sel.map((r) => r.slice(0, 64).map((v) => v / 16)), y: sel.map((r) => r[64]) };
  };
  return { train: part((i) => i % 5 !== 0), valid: part((i) => i % 5 === 0) };
}

/** Reads examples/data/digits.csv relative to the repository root (the working directory of tests and examples). */
export function loadDigits(): { train: DigitsSplit; valid: DigitsSplit } {
  return parseDigits(readFileSync("examples/data/digits.csv", "utf8"));
}
