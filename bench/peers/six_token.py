"""The six-token experiment as a researcher writes it in NumPy (phenomenon 1): per step draw a
batch of 0/1 features and noisy targets, take the MSE gradient, update with SGD and with Adam,
and record w after every step. Usage: six_token.py REPS -> one JSON line."""
import sys

import numpy as np

from common import best_ms, emit

P = np.array([0.95, 0.60, 0.20, 0.05, 0.005, 0.001])
W_TRUE = np.ones(6)
NOISE, BATCH, STEPS, LR = 0.1, 32, 3000, 0.05
B1, B2, EPS = 0.9, 0.999, 1e-8


def run(optimizer, seed=0):
    rng = np.random.default_rng(seed)
    w = np.zeros(6)
    m = np.zeros(6)
    v = np.zeros(6)
    nonzero = np.zeros(6, dtype=int)
    trajectory = []
    for t in range(1, STEPS + 1):
        x = (rng.random((BATCH, 6)) < P).astype(float)
        y = x @ W_TRUE + NOISE * rng.standard_normal(BATCH)
        g = x.T @ (x @ w - y) / BATCH
        nonzero += g != 0
        if optimizer == "sgd":
            w = w - LR * g
        else:
            m = B1 * m + (1 - B1) * g
            v = B2 * v + (1 - B2) * g * g
            w = w - LR * (m / (1 - B1**t)) / (np.sqrt(v / (1 - B2**t)) + EPS)
        trajectory.append(w.copy())
    effective = LR / (np.sqrt(v / (1 - B2**STEPS)) + EPS) if optimizer == "adam" else None
    return w, nonzero, trajectory, effective


def experiment():
    return [run("sgd"), run("adam")]


if __name__ == "__main__":
    reps = int(sys.argv[1])
    (sgd, _, _, _), (adam, _, _, eff) = experiment()
    emit(sgd=sgd.tolist(), adam=adam.tolist(), adamEffectiveLr=eff.tolist(), ms=best_ms(experiment, reps))
