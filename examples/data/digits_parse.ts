// Parsing and the train/validation split of examples/data/digits.csv, without file access, so
// the browser demo can use it on the text it fetched (examples/data/digits.ts reads the file).

export interface DigitsSplit { x: number[][]; y: number[] }

/**
 * Each row: 64 pixel intensities 0..16 then the label. Pixels are scaled to [0, 1]. Every 5th
 * image (index % 5 === 0, 360 images) is held out for validation, 1437 train, the split of
 * examples/train_digits.ts.
 */
export function parseDigits(text: string): { train: DigitsSplit; valid: DigitsSplit } {
  const rows = text.trim().split("\n").map((line) => line.split(",").map(Number));
  const part = (keep: (i: number) => boolean): DigitsSplit => {
    const sel = rows.filter((_, i) => keep(i));
    return { x: sel.map((r) => r.slice(0, 64).map((v) => v / 16)), y: sel.map((r) => r[64]) };
  };
  return { train: part((i) => i % 5 !== 0), valid: part((i) => i % 5 === 0) };
}
