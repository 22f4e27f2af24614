// The machine a run happened on, from /proc/cpuinfo (Linux) or os.cpus().
import { readFileSync } from "node:fs";
import { cpus } from "node:os";

export function machineInfo() {
  let model = cpus()[0]?.model ?? "unknown";
  let mhz = cpus()[0]?.speed ?? 0;
  try {
    const info = readFileSync("/proc/cpuinfo", "utf8");
    model = /^model name\s*:\s*(.+)$/m.exec(info)?.[1] ?? model;
    mhz = Number(/^cpu MHz\s*:\s*(.+)$/m.exec(info)?.[1] ?? mhz);
  } catch {
    // not Linux: os.cpus() is what we have
  }
  const cores = cpus().length;
  // Nominal peak: WASM SIMD has no FMA, so a 4-wide multiply-add is f32x4.mul + f32x4.add =
  // 8 flops; assume one of each issues per cycle per core (the measured figure shows the real rate).
  const nominalPeakGflops = (mhz / 1e3) * cores * 8;
  return { model, cores, mhz, nominalPeakGflops, node: process.version };
}
