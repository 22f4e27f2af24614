// Command-line arguments shared by every runtime's main.
export interface CliArgs { backend: string; threads?: number; filter?: string; digestOut?: string; resumeFrom?: string; paths: string[] }

export const USAGE = "usage: conformance [--runtime node|deno|bun|chromium] [--backend fulgur-wasm|cpu|webgpu] [--threads N] [--filter TEXT] [--digest-out FILE] [--resume-from FILE.ckpt] PATH...";

export function parseArgs(argv: string[], defaultPath: string): CliArgs {
  const out: CliArgs = { backend: "fulgur-wasm", paths: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value. ${USAGE}`);
      return v;
    };
    if (a === "--backend") out.backend = value();
    else if (a === "--filter") out.filter = value();
    else if (a === "--threads") out.threads = Number(value()); // init({ threads }): digests must not change
    else if (a === "--digest-out") out.digestOut = value();
    // a Lightning .ckpt (or fulgur checkpoint) the scenarios resume from; only what follows it is compared
    else if (a === "--resume-from") out.resumeFrom = value();
    else if (a.startsWith("--")) throw new Error(`unknown option ${a}. ${USAGE}`);
    else out.paths.push(a);
  }
  if (out.paths.length === 0) out.paths.push(defaultPath);
  return out;
}
