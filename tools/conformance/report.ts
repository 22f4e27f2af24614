// One line per scenario and the summary line, exactly as the CLI prints them.
export type Status = "PASS" | "FAIL" | "SKIP";

export interface ScenarioResult {
  name: string;
  status: Status;
  /** FAIL: the first mismatch; SKIP: what is missing. */
  detail?: string;
  /** Digest of the recorded run (digest.ts), when the fit ran to the end. */
  digest?: string;
}

export function formatResult(r: ScenarioResult): string {
  return r.status === "PASS" ? `PASS ${r.name}` : `${r.status} ${r.name}: ${r.detail ?? ""}`;
}

export function summaryLine(results: ScenarioResult[]): string {
  const count = (s: Status) => results.filter((r) => r.status === s).length;
  return `${count("PASS")} passed, ${count("FAIL")} failed, ${count("SKIP")} skipped`;
}

export const anyFailed = (results: ScenarioResult[]): boolean => results.some((r) => r.status === "FAIL");

/** name → digest of each run that recorded one: the --digest-out file's content. */
export function digestFileText(results: ScenarioResult[]): string {
  const digests = Object.fromEntries(results.filter((r) => r.digest).map((r) => [r.name, r.digest]));
  return JSON.stringify(digests, null, 1) + "\n";
}
