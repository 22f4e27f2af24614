"""Case 5 reference row: case 2 (784-256-128-10 ReLU MLP, batch 128, Adam 1e-3, cross-entropy)
in torch eager on CPU, one thread like fulgur (argument: threads; "default" leaves torch's own
choice, as case 10 compares). Optional: bench/run.mjs runs it only when `import torch` works;
it is never a dependency. Prints one BENCH_RESULT JSON line."""
import sys

import torch

from torch_timing import report, time_steps

BATCH, FEATURES, CLASSES = 128, 784, 10


def main() -> None:
    arg = sys.argv[1] if len(sys.argv) > 1 else "1"
    if arg != "default":
        torch.set_num_threads(int(arg))
    threads = torch.get_num_threads()
    torch.manual_seed(0)
    x = torch.rand(16 * BATCH, FEATURES)
    y = torch.randint(0, CLASSES, (16 * BATCH,))
    net = torch.nn.Sequential(
        torch.nn.Linear(FEATURES, 256), torch.nn.ReLU(), torch.nn.Linear(256, 128), torch.nn.ReLU(), torch.nn.Linear(128, CLASSES)
    )
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)

    def step(i: int) -> None:
        s = (i % 16) * BATCH
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(net(x[s : s + BATCH]), y[s : s + BATCH])
        loss.backward()
        opt.step()
        loss.item()  # read the loss, as the other contenders do

    t = time_steps(step, 5)
    result = {**t, "torch": torch.__version__, "threads": threads, "stepsPerS": 1e3 / t["msPerStep"],
              "samplesPerS": BATCH * 1e3 / t["msPerStep"]}
    report(f"torch {torch.__version__} eager, {threads} thread(s)", result)


if __name__ == "__main__":
    main()
