"""Case 6 reference row: the LeNet-style CNN of bench/lib/lenet.ts (batch 64, 1x28x28,
conv 6@5x5-relu-maxpool2, conv 16@5x5-relu-maxpool2, linear 256-120-10, Adam 1e-3, cross-entropy)
in torch eager on CPU, one thread. Prints one BENCH_RESULT JSON line."""
import json
import os
import statistics
import sys
import time

import torch
import torch.nn as nn

BATCH, BATCHES = 64, 8


def main() -> None:
    threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    budget_s = float(os.environ.get("BENCH_BUDGET_MS", "1500")) * 3 / 1000
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    x = torch.rand(BATCHES * BATCH, 1, 28, 28)
    y = torch.randint(0, 10, (BATCHES * BATCH,))
    net = nn.Sequential(
        nn.Conv2d(1, 6, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(256, 120), nn.ReLU(), nn.Linear(120, 10),
    )
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)

    def step(i: int) -> None:
        s = (i % BATCHES) * BATCH
        opt.zero_grad()
        loss = nn.functional.cross_entropy(net(x[s : s + BATCH]), y[s : s + BATCH])
        loss.backward()
        opt.step()
        loss.item()

    for i in range(5):
        step(i)
    samples = []
    cpu0 = time.process_time()
    end = time.perf_counter() + budget_s
    i = 0
    while i < 10 or time.perf_counter() < end:
        t0 = time.perf_counter()
        step(i)
        samples.append((time.perf_counter() - t0) * 1e3)
        i += 1
    ms = statistics.median(samples)
    cpu_ms = (time.process_time() - cpu0) * 1e3 / len(samples)
    result = {"cpuMsPerStep": cpu_ms, "torch": torch.__version__, "threads": threads, "msPerStep": ms, "stepsPerS": 1e3 / ms,
              "samplesPerS": BATCH * 1e3 / ms, "steps": len(samples)}
    print(f"torch {torch.__version__} eager LeNet, {threads} thread(s): {ms:.2f} ms/step, {cpu_ms:.2f} CPU ms/step", file=sys.stderr)
    print("BENCH_RESULT " + json.dumps(result))


if __name__ == "__main__":
    main()
