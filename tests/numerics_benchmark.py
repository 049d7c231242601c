"""Time helpers' softmax, log_softmax and cross_entropy_from_logits against scipy's and torch's; print the ratios.

On a (4096, 1000) float64 batch of logits (one row per sample), on one thread, each function runs 15 times (the
three libraries in turn, so that a busy machine slows them alike) and the best time counts. The cross-entropy
takes class indices; scipy's is its log_softmax and then the true classes' entries (the mean of minus those).
This is a script that prints figures, not a test (nothing is asserted). Run from the repository:

    OMP_NUM_THREADS=1 .venv/bin/python tests/numerics_benchmark.py [--repeat 15]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SHAPE = (4096, 1000)


def contenders() -> dict[str, dict[str, Callable[[], object]]]:
    """For each function, the three libraries' calls on the same batch (float64 everywhere)."""
    import numpy as np
    import scipy.special
    import torch
    import torch.nn.functional as F

    import helpers

    rng = np.random.default_rng(0)
    z = rng.normal(scale=3.0, size=SHAPE)
    y = rng.integers(0, SHAPE[1], size=SHAPE[0])
    zt, yt = torch.from_numpy(z), torch.from_numpy(y)
    return {
        "softmax": {
            "helpers": lambda: helpers.softmax(z),
            "scipy": lambda: scipy.special.softmax(z, axis=-1),
            "torch": lambda: torch.softmax(zt, dim=-1),
        },
        "log_softmax": {
            "helpers": lambda: helpers.log_softmax(z),
            "scipy": lambda: scipy.special.log_softmax(z, axis=-1),
            "torch": lambda: F.log_softmax(zt, dim=-1),
        },
        "cross_entropy_from_logits": {
            "helpers": lambda: helpers.cross_entropy_from_logits(z, y),
            "scipy": lambda: -np.take_along_axis(scipy.special.log_softmax(z, axis=-1), y[:, None], -1).mean(),
            "torch": lambda: F.cross_entropy(zt, yt),
        },
    }


def best_times(calls: dict[str, Callable[[], object]], repeat: int) -> dict[str, float]:
    """The best of `repeat` wall times (seconds) of each call, the calls taking turns."""
    best = dict.fromkeys(calls, float("inf"))
    for _ in range(repeat):
        for name, call in calls.items():
            start = time.perf_counter()
            call()
            best[name] = min(best[name], time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    import torch

    torch.set_num_threads(1)  # numpy's ufuncs and scipy's special functions run on one thread anyway
    print(f"best of {args.repeat} on a {SHAPE[0]} x {SHAPE[1]} float64 batch, one thread")
    print(f"{'':26} {'helpers':>9} {'scipy':>9} {'torch':>9}   helpers/scipy  helpers/torch")
    for function, calls in contenders().items():
        t = best_times(calls, args.repeat)
        ms = "".join(f"{t[name] * 1e3:7.2f}ms" for name in ("helpers", "scipy", "torch"))
        ratios = f"{t['helpers'] / t['scipy']:13.2f}x {t['helpers'] / t['torch']:13.2f}x"
        print(f"{function:26} {ms}  {ratios}")


if __name__ == "__main__":
    main()
