"""Shared by the NumPy peers: timing and the JSON line the Node harness (bench/peers.ts) reads."""
import json
import sys
import time


def best_ms(fn, reps):
    """Fastest of `reps` calls of fn(), in milliseconds (the harness compares fastest samples)."""
    best = float("inf")
    for _ in range(reps):
        start = time.perf_counter()
        fn()
        best = min(best, (time.perf_counter() - start) * 1000.0)
    return best


def emit(**fields):
    json.dump(fields, sys.stdout)
    sys.stdout.write("\n")
