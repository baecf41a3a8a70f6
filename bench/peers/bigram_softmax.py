"""Bigram softmax steps in NumPy (phenomenon 4b), the model zipflab's bigram-softmax problem uses
with permutation=identity: π_i ∝ i^(−α), c_ik = N·π_i·π_k, L(W) = (1/N) Σ_ik c_ik (lse(W_i) − W_ik),
row i of W = the logits of input token i.

  full  D DTYPE OPT REPS          full-batch step (exact gradient), DTYPE float32|float64
  mini  D B OPT REPS CHECK_STEPS  mini-batch: B pairs drawn ∝ c, gather the sampled rows,
                                  softmax, scatter the gradient; OPT sgd|sign|lazy-adam
Prints one JSON line: the exact loss after the check steps (from W = 0) and the step time."""
import sys

import numpy as np

from common import best_ms, emit

ALPHA, LR_FULL = 1.0, 0.5


def zipf(d):
    pi = np.arange(1, d + 1, dtype=np.float64) ** -ALPHA
    return pi / pi.sum()


def exact_loss(W, pi):
    """L(W) in f64: Σ_i π_i lse(W_i) − Σ_ik π_i π_k W_ik."""
    W = W.astype(np.float64)
    M = W.max(axis=1)
    lse = M + np.log(np.exp(W - M[:, None]).sum(axis=1))
    return float(pi @ lse - pi @ (W @ pi))


class Adam:
    """Adam on the rows it is given (lazy: SparseAdam semantics, as zipflab's adam:lazy=true)."""

    def __init__(self, shape, dtype, b1=0.9, b2=0.999, eps=1e-8):
        self.m = np.zeros(shape, dtype)
        self.v = np.zeros(shape, dtype)
        self.b1, self.b2, self.eps, self.t = b1, b2, eps, 0

    def direction(self, g, rows=slice(None)):
        self.t += 1
        m = self.b1 * self.m[rows] + (1 - self.b1) * g
        v = self.b2 * self.v[rows] + (1 - self.b2) * g * g
        self.m[rows] = m
        self.v[rows] = v
        c1 = 1 / (1 - self.b1**self.t)
        c2 = 1 / np.sqrt(1 - self.b2**self.t)
        return (m * c1) / (np.sqrt(v) * c2 + self.eps)


def full(d, dtype, opt, reps):
    pi = zipf(d)
    row_w = pi.astype(dtype)                 # n_i / N
    target = np.outer(pi, pi).astype(dtype)  # c_ik / N
    W = np.zeros((d, d), dtype)
    adam = Adam((d, d), dtype) if opt == "adam" else None
    lr = dtype(LR_FULL if opt == "sgd" else 1e-2)

    def step():
        M = W.max(axis=1, keepdims=True)
        P = np.exp(W - M)
        P /= P.sum(axis=1, keepdims=True)
        P *= row_w[:, None]
        P -= target                            # the gradient
        W[...] -= lr * (P if adam is None else adam.direction(P))

    losses = []
    for _ in range(3):
        step()
        losses.append(exact_loss(W, pi))
    return dict(losses=losses, ms=best_ms(step, reps))


def mini(d, batch, opt, reps, check_steps):
    pi = zipf(d)
    cdf = np.cumsum(pi)
    rng = np.random.default_rng(0)
    W = np.zeros((d, d), np.float32)
    adam = Adam((d, d), np.float32) if opt == "lazy-adam" else None
    lr = np.float32({"sgd": 0.5, "sign": 1e-2, "lazy-adam": 1e-2}[opt])
    inv_b = np.float32(1 / batch)

    def step():
        i = np.minimum(np.searchsorted(cdf, rng.random(batch)), d - 1)
        k = np.minimum(np.searchsorted(cdf, rng.random(batch)), d - 1)
        rows, where, hits = np.unique(i, return_inverse=True, return_counts=True)
        Z = W[rows]                               # gather the sampled rows
        Z -= Z.max(axis=1, keepdims=True)
        P = np.exp(Z)
        P /= P.sum(axis=1, keepdims=True)
        P *= (hits * inv_b).astype(np.float32)[:, None]
        np.subtract.at(P, (where, k), inv_b)      # the gradient on the sampled rows
        if opt == "sgd":
            W[rows] -= lr * P
        elif opt == "sign":
            W[rows] -= lr * np.sign(P)
        else:
            W[rows] -= lr * adam.direction(P, rows)

    for _ in range(check_steps):
        step()
    loss = exact_loss(W, pi) if check_steps > 0 else None
    return dict(loss=loss, ms=best_ms(step, reps))


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "full":
        d, dtype, opt, reps = int(sys.argv[2]), np.dtype(sys.argv[3]).type, sys.argv[4], int(sys.argv[5])
        emit(**full(d, dtype, opt, reps))
    else:
        d, batch, opt, reps, check = (int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], int(sys.argv[5]), int(sys.argv[6]))
        emit(**mini(d, batch, opt, reps, check))
