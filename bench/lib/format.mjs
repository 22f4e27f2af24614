// Turns a run's results into the plain-text tables printed and pasted into bench/README.md.
const f = (v, d = 2) => (v === null || v === undefined || Number.isNaN(v) ? "—" : v.toFixed(d));
const x = (a, b) => (a && b ? `${(a / b).toFixed(2)}×` : "—");

function table(header, rows) {
  const all = [header, ...rows];
  const w = header.map((_, c) => Math.max(...all.map((r) => String(r[c]).length)));
  return all.map((r) => r.map((v, c) => (c === 0 ? String(v).padEnd(w[c]) : String(v).padStart(w[c]))).join("  ")).join("\n");
}

function failed(name, r) {
  return r?.error ? `${name}: FAILED — ${r.error}\n` : null;
}

export function formatResults(res) {
  const out = [];
  const m = res.machine;
  out.push(`Machine: ${m.model}, ${m.cores} cores, ${m.mhz} MHz (/proc/cpuinfo); ${m.node}; ${res.date}`);

  const mm = res.matmul;
  if (mm) {
  out.push("\n1. matmul f32, GFLOP/s (higher is better; each includes reading the product back)");
  if (failed("matmul", mm)) out.push(failed("matmul", mm));
  else {
    const peak2 = 2 * mm.peak1ThreadGflops;
    out.push(`   peak: measured f32x4 mul+add ${f(mm.peak1ThreadGflops, 1)} GFLOP/s on 1 thread → ${f(peak2, 1)} for ${m.cores} cores;` +
      ` nominal ${f(m.nominalPeakGflops, 1)} (= ${m.mhz} MHz × ${m.cores} cores × 8 flops/cycle, one f32x4.mul + one f32x4.add per cycle, no FMA in WASM SIMD)`);
    out.push(table(["shape", "fulgur", "tfjs-wasm", "tfjs-cpu", "jax-js wasm", "fulgur/tfjs-wasm", "fulgur/jax", "fulgur % of 1-thread peak"],
      mm.rows.map((r) => [r.shape, f(r.gflops.fulgur), f(r.gflops.tfjsWasm), f(r.gflops.tfjsCpu), f(r.gflops.jax),
        x(r.gflops.fulgur, r.gflops.tfjsWasm), x(r.gflops.fulgur, r.gflops.jax), `${f((100 * r.gflops.fulgur) / mm.peak1ThreadGflops, 0)}%`])));
    out.push(`   all single thread: ${mm.tfjsWasmThreadsNote}; ${mm.jaxNote}`);
    for (const r of mm.rows) for (const [peer, e] of Object.entries(r.errors ?? {})) out.push(`   ${r.shape}: ${peer} failed (its figure is "—"): ${e}`);
    for (const e of mm.strayRejections ?? []) out.push(`   stray promise rejection during the case (logged, not fatal): ${e}`);
  }
  }

  const t = res.trainMlp;
  if (t) {
  out.push("\n2. training step, 784-256-128-10 ReLU MLP, batch 128, Adam, cross-entropy (median step)");
  if (failed("train", t)) out.push(failed("train", t));
  else {
    const rows = [["fulgur Trainer (fulgur-wasm)", t.fulgur], ["tfjs-layers fit (tfjs-wasm)", t.layersWasm],
      ["tfjs-core minimize loop (tfjs-wasm)", t.coreWasm], ["tfjs-layers fit (tfjs-cpu)", t.layersCpu]];
    if (res.torch && !res.torch.error && !res.torch.skipped) rows.push([`torch ${res.torch.torch} eager CPU, ${res.torch.threads} thread (reference)`, res.torch]);
    out.push(table(["contender", "ms/step", "steps/s", "samples/s", "fulgur speed-up"],
      rows.map(([name, r]) => [name, f(r.msPerStep), f(r.stepsPerS, 1), f(r.samplesPerS, 0), x(r.msPerStep, t.fulgur.msPerStep)])));
    if (res.torch?.skipped) out.push(`   torch reference skipped: ${res.torch.skipped}`);
  }
  }
  const s = res.trainSmall;
  if (s) {
  out.push("\n   conformance-sized net (3-5-1 tanh, batch 4, Adam, MSE), µs per step");
  if (failed("small", s)) out.push(failed("small", s));
  else {
    out.push(table(["Trainer step", "forward+loss", "backward", "optimizer.step", "zeroGrad", "trainer overhead", "(scope release, in overhead)"],
      [[f(s.trainerStepUs, 1), f(s.forwardLossUs, 1), f(s.backwardUs, 1), f(s.optimizerStepUs, 1), f(s.zeroGradUs, 1), f(s.overheadUs, 1), f(s.scopeReleaseUs, 1)]]));
  }
  }

  const o = res.optimizer;
  if (o) {
  out.push("\n3. optimizer step (4 tensors), ms per step and GB/s moved (bytes read + written: Adam 28 B/param, SGD-momentum 20 B/param)");
  if (failed("optimizer", o)) out.push(failed("optimizer", o));
  else {
    const c = o.copy;
    out.push(`   copy bandwidth, 64 MiB, read+write: Float32Array.set ${f(c.typedArraySetGBs, 1)} GB/s, WASM memory.copy ${f(c.wasmMemoryCopyGBs, 1)} GB/s`);
    const best = Math.max(c.typedArraySetGBs, c.wasmMemoryCopyGBs);
    out.push(table(["rule", "params", "fulgur ms", "GB/s", "% of copy", "plain TS ms", "tfjs-wasm ms", "vs plain TS", "vs tfjs-wasm"],
      o.rows.map((r) => [r.rule, `${r.params / 1e6}M`, f(r.ms.fulgur, 3), f(r.fulgurGBs, 1), `${f((100 * r.fulgurGBs) / best, 0)}%`,
        f(r.ms.plainTs, 3), f(r.ms.tfjsWasm, 3), x(r.ms.plainTs, r.ms.fulgur), x(r.ms.tfjsWasm, r.ms.fulgur)])));
  }
  }

  if (res.runtimes) {
    out.push("\n4. runtimes: case 2's fulgur Trainer figure, one bundle");
    out.push(table(["runtime", "ms/step", "steps/s", "samples/s"],
      res.runtimes.map((r) => (r.error ? [r.name, "FAILED", r.error.slice(0, 80), ""] : [r.runtime, f(r.msPerStep), f(r.stepsPerS, 1), f(r.samplesPerS, 0)]))));
  }

  const mv = res.movement;
  if (mv) {
    out.push("\n6. data movement, f32, ms per call (lower is better) and GB/s (bytes read + written); fulgur-wasm vs tfjs-backend-wasm (SIMD, 1 thread)");
    if (failed("movement", mv)) out.push(failed("movement", mv));
    else {
      const copy = mv.copy.wasmMemoryCopyGBs;
      out.push(`   WASM memory.copy of the same 16 MiB: ${f(copy, 1)} GB/s (read + write; median), ${f(mv.copy.wasmMemoryCopyBestGBs, 1)} GB/s fastest`);
      const tr = mv.rows.find((r) => r.name === "transpose");
      if (tr?.bestMs?.fulgur) {
        const bestGBs = (tr.gbs.fulgur * tr.ms.fulgur) / tr.bestMs.fulgur;
        out.push(`   transpose, fastest call against fastest copy: ${f(bestGBs, 1)} GB/s = ${f((100 * bestGBs) / mv.copy.wasmMemoryCopyBestGBs, 0)}% of memory.copy`);
      }
      const k = mv.kernel;
      if (k) {
        const pct = (key) => `${f((100 * k.copy[key]) / k.transpose[key], 0)}%`;
        out.push(`   transpose kernel against memory.copy, both copy_nd on the same two buffers, alternating: ${f(k.transpose.minMs, 3)} vs ${f(k.copy.minMs, 3)} ms fastest = ${pct("minMs")}, median ${pct("medianMs")}, CPU time ${pct("cpuMs")}`);
      }
      const nat = mv.native;
      if (nat?.skipped) out.push(`   native C peer (bench/native/transpose.c): skipped, ${nat.skipped}`);
      else if (nat?.variants) {
        const [copyC, ...tps] = nat.variants;
        const best = tps.find((v) => v.name === nat.best);
        out.push(`   native C peer, cc -O3 -march=native, same machine (fastest of ${nat.rounds} rounds): memcpy ${f(copyC.minMs, 3)} ms; ` +
          tps.map((v) => `${v.name} ${f(v.minMs, 3)} ms (${f((100 * copyC.minMs) / v.minMs, 0)}%)`).join(", "));
        if (k && best) out.push(`   fulgur's WASM transpose kernel against the best native C transpose (${best.name}): ${x(best.minMs, k.transpose.minMs)} its speed (fastest calls)`);
      }
      out.push(table(["op", "shape", "fulgur ms", "tfjs-wasm ms", "fulgur GB/s", "% of memory.copy", "fulgur/tfjs-wasm"],
        mv.rows.map((r) => [r.name, r.shape, f(r.ms.fulgur, 3), f(r.ms.tfjsWasm, 3), f(r.gbs.fulgur, 1),
          r.name === "transpose" ? `${f((100 * r.gbs.fulgur) / copy, 0)}%` : "", x(r.ms.tfjsWasm, r.ms.fulgur)])));
      for (const r of mv.rows) for (const [peer, e] of Object.entries(r.errors ?? {})) out.push(`   ${r.name}: ${peer} failed: ${e}`);
    }
  }
  return out.join("\n");
}
