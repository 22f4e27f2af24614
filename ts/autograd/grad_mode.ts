// Global grad mode, as torch.no_grad / torch.enable_grad: ops record a graph only while it is on.
let enabled = true;

/** torch.is_grad_enabled: false inside noGrad(), true otherwise. */
export function isGradEnabled(): boolean {
  return enabled;
}

function withGradMode<T>(flag: boolean, fn: () => T): T {
  const prev = enabled;
  enabled = flag;
  try {
    return fn();
  } finally {
    enabled = prev;
  }
}

/** Runs fn without recording a graph (torch.no_grad). */
export function noGrad<T>(fn: () => T): T {
  return withGradMode(false, fn);
}

/** Runs fn with graph recording on, even inside noGrad (torch.enable_grad). */
export function enableGrad<T>(fn: () => T): T {
  return withGradMode(true, fn);
}

/** Sets grad mode and returns the previous one (torch.set_grad_enabled). */
export function setGradEnabled(flag: boolean): boolean {
  const prev = enabled;
  enabled = flag;
  return prev;
}

// Anomaly mode (torch.autograd.set_detect_anomaly): when on, every recorded op checks its
// output for NaN/Inf (a data read per op: slow, so off by default).
let anomalyEnabled = false;

/** torch.is_anomaly_enabled: whether setDetectAnomaly(true) is on. */
export function isAnomalyEnabled(): boolean {
  return anomalyEnabled;
}

/** Turns anomaly detection on or off; returns the previous setting. */
export function setDetectAnomaly(flag: boolean): boolean {
  const prev = anomalyEnabled;
  anomalyEnabled = flag;
  return prev;
}

// Inside backward the engine runs backward formulas as ops; anomaly mode's forward-output check
// must not fire on them (a non-finite gradient is reported where it reaches a parameter).
let backwardDepth = 0;

export function isInBackward(): boolean {
  return backwardDepth > 0;
}

/** Runs fn marked as backward-formula evaluation. */
export function inBackward<T>(fn: () => T): T {
  backwardDepth++;
  try {
    return fn();
  } finally {
    backwardDepth--;
  }
}
