"""Case 9 reference row: one training step of a TransformerEncoderLayer (d_model 128, nhead 4,
dim_feedforward 512, dropout 0.1, batch_first; input [16, 64, 128]; MSE to a fixed target; Adam 1e-3)
in torch eager on CPU, one thread. Figures: median wall ms per step, CPU ms per step (mean over the
timed steps) and the fastest step. Prints one BENCH_RESULT JSON line."""
import json
import os
import statistics
import sys
import time

import torch
import torch.nn as nn

BATCH, SEQ, D, HEADS, FF = 16, 64, 128, 4, 512


def main() -> None:
    threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    budget_s = float(os.environ.get("BENCH_BUDGET_MS", "1500")) * 3 / 1000
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    layer = nn.TransformerEncoderLayer(D, HEADS, dim_feedforward=FF, dropout=0.1, batch_first=True)
    layer.train()
    x = torch.randn(4, BATCH, SEQ, D)
    target = torch.randn(BATCH, SEQ, D)
    opt = torch.optim.Adam(layer.parameters(), lr=1e-3)

    def step(i: int) -> None:
        opt.zero_grad()
        loss = nn.functional.mse_loss(layer(x[i % 4]), target)
        loss.backward()
        opt.step()
        loss.item()

    for i in range(3):
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
    result = {"cpuMsPerStep": cpu_ms, "minMs": min(samples), "torch": torch.__version__, "threads": threads, "msPerStep": ms,
              "stepsPerS": 1e3 / ms, "samplesPerS": BATCH * 1e3 / ms, "steps": len(samples)}
    print(f"torch {torch.__version__} eager TransformerEncoderLayer, {threads} thread(s): {ms:.2f} ms/step, {cpu_ms:.2f} CPU ms/step",
          file=sys.stderr)
    print("BENCH_RESULT " + json.dumps(result))


if __name__ == "__main__":
    main()
