/// <reference types="@webgpu/types" />
// Counts the GPU work a piece of code records on a device: dispatches (one bind group each, in
// tfjs-backend-webgpu and in fulgur's programs), buffer copies and clears (commands, not
// dispatches), queue writes (tfjs's uniform uploads) and queue submits. On a real GPU the cost of
// a small training step is mostly per dispatch and per submit, so these counts travel across
// machines where the milliseconds do not.
export interface GpuCounts {
  dispatches: number;
  copies: number;
  clears: number;
  writes: number;
  submits: number;
}

type Fn = (...args: any[]) => any;

/** Wraps `obj[name]` to bump `counts[key]`; returns the undo. */
function wrap(obj: any, name: string, counts: GpuCounts, key: keyof GpuCounts): () => void {
  const orig = obj[name] as Fn;
  obj[name] = function (this: unknown, ...args: unknown[]) {
    counts[key]++;
    return orig.apply(this, args);
  };
  return () => {
    obj[name] = orig;
  };
}

/** Starts counting the work recorded on `device`; `stop()` ends it and returns the counts. */
export function startGpuCount(device: GPUDevice): { stop(): GpuCounts } {
  const counts: GpuCounts = { dispatches: 0, copies: 0, clears: 0, writes: 0, submits: 0 };
  const encoderProto = Object.getPrototypeOf(device.createCommandEncoder());
  const undo = [
    wrap(device, "createBindGroup", counts, "dispatches"),
    wrap(encoderProto, "copyBufferToBuffer", counts, "copies"),
    wrap(encoderProto, "clearBuffer", counts, "clears"),
    wrap(device.queue, "writeBuffer", counts, "writes"),
    wrap(device.queue, "submit", counts, "submits"),
  ];
  return {
    stop() {
      for (const u of undo) u();
      return counts;
    },
  };
}

/** Counts the work recorded on `device` while `fn` runs (its promise included). */
export async function countGpuWork(device: GPUDevice, fn: () => unknown): Promise<GpuCounts> {
  const counting = startGpuCount(device);
  let counts: GpuCounts;
  try {
    await fn();
  } finally {
    counts = counting.stop();
  }
  return counts;
}

/** counts / n, for per-step figures. */
export function perStep(c: GpuCounts, n: number): GpuCounts {
  const d = (x: number) => Math.round((x / n) * 10) / 10;
  return { dispatches: d(c.dispatches), copies: d(c.copies), clears: d(c.clears), writes: d(c.writes), submits: d(c.submits) };
}
