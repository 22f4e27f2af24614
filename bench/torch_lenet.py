"""Case 6 reference row: the LeNet-style CNN of bench/lib/lenet.ts (batch 64, 1x28x28,
conv 6@5x5-relu-maxpool2, conv 16@5x5-relu-maxpool2, linear 256-120-10, Adam 1e-3, cross-entropy)
in torch eager on CPU, one thread. Prints one BENCH_RESULT JSON line."""
import sys

import torch
import torch.nn as nn

from torch_timing import report, time_steps

BATCH, BATCHES = 64, 8


def main() -> None:
    threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
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

    t = time_steps(step, 5)
    result = {**t, "torch": torch.__version__, "threads": threads, "stepsPerS": 1e3 / t["msPerStep"],
              "samplesPerS": BATCH * 1e3 / t["msPerStep"]}
    report(f"torch {torch.__version__} eager LeNet, {threads} thread(s)", result)


if __name__ == "__main__":
    main()
