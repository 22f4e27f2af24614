// torch's scheduler state_dict: every attribute except the optimizer (and, for us, except
// functions, which torch cannot serialise either). Values are deep-copied both ways so a
// saved state never aliases the live scheduler.

/** A scheduler's stateDict. */
export type SchedulerStateDict = Record<string, unknown>;

export function deepCopy<T>(v: T): T {
  if (Array.isArray(v)) return v.map((x) => deepCopy(x)) as T;
  if (v !== null && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = deepCopy(x);
    return out as T;
  }
  return v;
}

/** Own data fields of `obj`, minus `optimizer`, functions, undefined and `excluded`. */
export function collectState(obj: object, excluded: readonly string[] = []): SchedulerStateDict {
  const sd: SchedulerStateDict = {};
  for (const [k, v] of Object.entries(obj)) {
    if (k === "optimizer" || excluded.includes(k) || v === undefined || typeof v === "function") continue;
    sd[k] = deepCopy(v);
  }
  return sd;
}

/** `self.__dict__.update(state_dict)`, minus `excluded`. */
export function applyState(obj: object, sd: SchedulerStateDict, excluded: readonly string[] = []): void {
  for (const [k, v] of Object.entries(sd)) {
    if (k === "optimizer" || excluded.includes(k)) continue;
    (obj as Record<string, unknown>)[k] = deepCopy(v);
  }
}

/** A wrapper scheduler's state (SequentialLR, ChainedScheduler): its own fields plus each child's, as torch saves them. */
export function wrapperState(obj: { schedulers: { stateDict(): SchedulerStateDict }[] }): SchedulerStateDict {
  const sd = collectState(obj, ["schedulers"]);
  sd.schedulers = obj.schedulers.map((s) => s.stateDict());
  return sd;
}

export function applyWrapperState(obj: { schedulers: { loadStateDict(sd: SchedulerStateDict): void }[] }, sd: SchedulerStateDict): void {
  applyState(obj, sd, ["schedulers"]);
  (sd.schedulers as SchedulerStateDict[]).forEach((s, i) => obj.schedulers[i]!.loadStateDict(s));
}
