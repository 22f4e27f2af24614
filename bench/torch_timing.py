"""The timing loop shared by the torch reference rows (bench/torch_mlp.py, torch_lenet.py, torch_transformer.py):
warm-up steps, then steps until the budget is spent (at least 10), timed one by one."""
import json
import os
import statistics
import sys
import time


def budget_s() -> float:
    return float(os.environ.get("BENCH_BUDGET_MS", "1500")) * 3 / 1000


def time_steps(step, warmup: int) -> dict:
    """Median wall ms, mean CPU ms and fastest ms per step of step(i)."""
    for i in range(warmup):
        step(i)
    samples = []
    cpu0 = time.process_time()
    end = time.perf_counter() + budget_s()
    i = 0
    while i < 10 or time.perf_counter() < end:
        t0 = time.perf_counter()
        step(i)
        samples.append((time.perf_counter() - t0) * 1e3)
        i += 1
    ms = statistics.median(samples)
    cpu_ms = (time.process_time() - cpu0) * 1e3 / len(samples)
    return {"msPerStep": ms, "cpuMsPerStep": cpu_ms, "minMs": min(samples), "steps": len(samples)}


def report(label: str, result: dict) -> None:
    """One human line on stderr, the BENCH_RESULT JSON line on stdout."""
    print(f"{label}: {result['msPerStep']:.2f} ms/step, {result['cpuMsPerStep']:.2f} CPU ms/step", file=sys.stderr)
    print("BENCH_RESULT " + json.dumps(result))
