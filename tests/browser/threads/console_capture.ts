// Imported first by the page and the worker: keeps what fulgur says on the console (its "running
// on 1 thread" line) so the test can count it.
export const said: string[] = [];
for (const level of ["info", "warn", "log", "error"] as const) {
  const original = console[level].bind(console);
  console[level] = (...a: unknown[]) => {
    said.push(`${level}: ${a.map(String).join(" ")}`);
    original(...a);
  };
}
