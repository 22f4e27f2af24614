// Lightning's `rank_zero_warn`: each distinct message is printed once per process, so a
// warning raised every batch does not flood the console.
const seen = new Set<string>();
let sink: (message: string) => void = (message) => console.warn(message);

export function rankZeroWarn(message: string): void {
  if (seen.has(message)) return;
  seen.add(message);
  sink(message);
}

/** Routes warnings elsewhere (tests capture them); returns the previous sink. */
export function setWarningSink(fn: (message: string) => void): (message: string) => void {
  const prev = sink;
  sink = fn;
  seen.clear();
  return prev;
}
