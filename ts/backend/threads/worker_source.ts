// The code every pool worker runs, as a string so it needs no file of its own beside the bundle:
// Node/Bun start it with `eval: true`, Deno and browsers from a Blob URL. It instantiates the
// threads build of fulgur.wasm over the shared memory, then loops: wait on its control slot,
// run the named export with the posted arguments, publish "done". No postMessage per op.
// Between ops a worker spins for spinMs before it sleeps: a training step posts a kernel every
// few tens of µs, and waking a sleeping thread (futex; on a VM an idle vCPU's IPI) costs more
// than that, so a worker that went to sleep at once made every split op slower than one thread.
//
// Slot layout (see layout.ts): int32 [0] seq, [1] done (-1: this worker died), [2] status
// (0 ok, 1 error, 2 arena too small), [3] function index (-1 quit, -2 test hook: exit),
// [4] argument count, [5] arena bytes needed; float64 [0] arena base, [1] arena size, [2..] args.
export const WORKER_SOURCE = `"use strict";
const nodeWT = typeof process !== "undefined" && typeof require === "function" ? require("node:worker_threads") : null;
const port = nodeWT ? nodeWT.parentPort : self;
const send = (m) => port.postMessage(m);
function start(msg) {
  const { bytes, memory, ctrl, names, slot, ints, f64Base, spinMs } = msg;
  const now = () => performance.now();
  let ex;
  try {
    const mod = new WebAssembly.Module(bytes);
    const inst = new WebAssembly.Instance(mod, { env: { memory, abort(_m, _f, line, col) { throw new Error("fulgur.wasm aborted at " + line + ":" + col); } } });
    ex = inst.exports;
  } catch (e) {
    send({ type: "error", message: String(e && e.message || e) });
    return;
  }
  const fns = names.map((n) => ex[n]);
  const c = new Int32Array(ctrl), f = new Float64Array(ctrl);
  const base = slot * ints, fb = f64Base(slot);
  const died = () => { Atomics.store(c, base + 1, -1); Atomics.notify(c, base + 1); };
  if (nodeWT) process.on("exit", died);
  // read before "ready": a task posted right after it must not be mistaken for the start state
  let seq = Atomics.load(c, base);
  send({ type: "ready" });
  const args = [];
  for (;;) {
    if (Atomics.load(c, base) === seq) {
      const t0 = now();
      spin: for (;;) {
        for (let i = 0; i < 256; i++) if (Atomics.load(c, base) !== seq) break spin;
        if (now() - t0 >= spinMs) { Atomics.wait(c, base, seq); break; }
      }
    }
    seq = Atomics.load(c, base);
    const fi = c[base + 3];
    if (fi === -1) break;
    if (fi === -2) { if (nodeWT) process.exit(1); died(); close(); return; }
    let status = 0;
    try {
      ex.thread_arena(f[fb], f[fb + 1]);
      args.length = c[base + 4];
      for (let i = 0; i < args.length; i++) args[i] = f[fb + 2 + i];
      fns[fi](...args);
    } catch (e) {
      const need = ex.thread_arena_need();
      status = need > 0 ? 2 : 1;
      c[base + 5] = need | 0;
    }
    c[base + 2] = status;
    Atomics.store(c, base + 1, seq);
    Atomics.notify(c, base + 1);
  }
  if (nodeWT) process.off("exit", died);
}
const onMessage = (e) => { const msg = nodeWT ? e : e.data; start({ ...msg, f64Base: (s) => (s * msg.ints + 16) / 2 }); };
if (nodeWT) port.once("message", onMessage); else self.onmessage = onMessage;
`;
