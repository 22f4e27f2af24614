// True when this example is the program being run (`node scripts/run_example.mjs
// examples/<dir>/<name>.ts` runs build/examples/<name>.mjs), false when a test imports its
// main(). Works in bundles and in runtimes without `process` (browser: never main).
export function isMain(name: string): boolean {
  const script = (globalThis as any).process?.argv?.[1];
  if (typeof script !== "string") return false;
  const file = script.replaceAll("\\", "/").split("/").pop();
  return file === `${name}.mjs` || file === `${name}.ts` || file === `${name}.js`;
}
