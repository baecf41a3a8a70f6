"""One dense Adam step in NumPy float32, in place (no temporaries beyond one scratch array),
bias corrections as per-step scalars. Usage: adam.py N REPS -> one JSON line with w after 3
steps from the shared start (bench/peers.ts: w_i = sin(i), g_i = cos(i)·1e-3) and the time."""
import sys

import numpy as np

from common import best_ms, emit

B1, B2, EPS, LR = np.float32(0.9), np.float32(0.999), np.float32(1e-8), np.float32(1e-3)


def make(n):
    i = np.arange(n, dtype=np.float64)
    return np.sin(i).astype(np.float32), (np.cos(i) * 1e-3).astype(np.float32)


def step(w, g, m, v, t, scratch):
    m *= B1
    m += (1 - B1) * g
    np.multiply(g, g, out=scratch)
    scratch *= 1 - B2
    v *= B2
    v += scratch
    c1 = np.float32(1 / (1 - 0.9**t))
    c2 = np.float32(1 / np.sqrt(1 - 0.999**t))
    np.sqrt(v, out=scratch)
    scratch *= c2
    scratch += EPS
    np.divide(m, scratch, out=scratch)
    scratch *= -LR * c1
    w += scratch


if __name__ == "__main__":
    n, reps = int(float(sys.argv[1])), int(sys.argv[2])
    w, g = make(n)
    m = np.zeros(n, np.float32)
    v = np.zeros(n, np.float32)
    scratch = np.empty(n, np.float32)
    for t in (1, 2, 3):
        step(w, g, m, v, t, scratch)
    probe = [int(k) for k in np.linspace(0, n - 1, 9)]
    check = [float(w[k]) for k in probe]
    counter = [3]

    def timed():
        counter[0] += 1
        step(w, g, m, v, counter[0], scratch)

    emit(probe=probe, w=check, ms=best_ms(timed, reps))
