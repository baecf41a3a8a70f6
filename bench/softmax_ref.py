"""NumPy reference for bench/softmax.ts: the bigram softmax step as a NumPy user writes it.

full <d> <steps> <opt> <dtype> <counts.f64> <record steps, comma-separated> <lr>
    full batch from W = 0 on the given c_ik/N (d×d, f64 file): per step the loss, the gradient
    rw·softmax − c and the update; the per-class loss Σ_i c_ik(lse_i − W_ik) at the recorded
    steps. Prints {"ms": per step, "loss": L(w_t) for t = 0..steps−1}.
mini <d> <B> <steps> <opt>
    mini-batch gather–softmax–scatter: B pairs (i ~ π, k ~ π), the distinct rows' softmax,
    the update on those rows only (lazy Adam for adam). Prints {"ms": per step}.
minicheck <d> <B> <w.f32> <pairs.i32>
    one mini-batch gradient at the given W and pairs: {"loss", "g": sum of |g|}.
Run with one BLAS thread (OPENBLAS_NUM_THREADS=1).
"""
import json
import sys
import time

import numpy as np

B1, B2, EPS = 0.9, 0.999, 1e-8


def full(d, steps, opt, dtype, path, record, lr):
    dt = np.float32 if dtype == "f32" else np.float64
    C = np.fromfile(path, dtype=np.float64).reshape(d, d).astype(dt)
    rw = C.sum(1)
    W = np.zeros((d, d), dt)
    m = np.zeros_like(W) if opt == "adam" else None
    v = np.zeros_like(W) if opt == "adam" else None
    losses = []
    start = time.perf_counter()
    for t in range(1, steps + 1):
        M = W.max(1, keepdims=True)
        E = np.exp(W - M)
        S = E.sum(1, keepdims=True)
        lse = M[:, 0] + np.log(S[:, 0])
        losses.append(float(rw @ lse - np.vdot(C, W)))
        if t - 1 in record:
            (C * (lse[:, None] - W)).sum(0)  # per-class loss at w_{t−1}
        G = E * (rw[:, None] / S) - C
        if opt == "sgd":
            W -= lr * G
        elif opt == "sign":
            W -= lr * np.sign(G)
        else:
            m *= B1
            m += (1 - B1) * G
            v *= B2
            v += (1 - B2) * G * G
            W -= lr * (m / (1 - B1 ** t)) / (np.sqrt(v / (1 - B2 ** t)) + EPS)
    ms = (time.perf_counter() - start) * 1e3 / steps
    return {"ms": ms, "loss": losses}


def mini_step(W, i, k, B):
    rows, inv = np.unique(i, return_inverse=True)
    Z = W[rows]
    M = Z.max(1, keepdims=True)
    E = np.exp(Z - M)
    S = E.sum(1, keepdims=True)
    h = np.bincount(inv, minlength=len(rows)).astype(W.dtype)
    loss = float(h @ (M[:, 0] + np.log(S[:, 0])) - W[i, k].sum()) / B
    G = E * (h / B)[:, None] / S
    np.subtract.at(G, (inv, k), W.dtype.type(1.0 / B))
    return rows, G, loss


def mini(d, B, steps, opt):
    rng = np.random.default_rng(0)
    pi = 1.0 / np.arange(1, d + 1)
    cdf = np.cumsum(pi / pi.sum())
    W = np.zeros((d, d), np.float32)
    m = np.zeros_like(W) if opt == "adam" else None
    v = np.zeros_like(W) if opt == "adam" else None
    lr = np.float32(1e-3)
    start = 0.0
    for t in range(1, steps + 11):
        if t == 11:
            start = time.perf_counter()
        i = np.minimum(np.searchsorted(cdf, rng.random(B)), d - 1)
        k = np.minimum(np.searchsorted(cdf, rng.random(B)), d - 1)
        rows, G, _ = mini_step(W, i, k, B)
        if opt == "sgd":
            W[rows] -= lr * G
        elif opt == "sign":
            W[rows] -= lr * np.sign(G)
        else:  # lazy Adam (SparseAdam): moments of the touched rows only
            mr = B1 * m[rows] + (1 - B1) * G
            vr = B2 * v[rows] + (1 - B2) * G * G
            m[rows] = mr
            v[rows] = vr
            W[rows] -= lr * (mr / (1 - B1 ** t)) / (np.sqrt(vr / (1 - B2 ** t)) + EPS)
    return {"ms": (time.perf_counter() - start) * 1e3 / steps}


def minicheck(d, B, wpath, ppath):
    W = np.fromfile(wpath, dtype=np.float32).reshape(d, d).astype(np.float64)
    pairs = np.fromfile(ppath, dtype=np.int32).reshape(B, 2)
    rows, G, loss = mini_step(W, pairs[:, 0], pairs[:, 1], B)
    return {"loss": loss, "g": float(np.abs(G).sum())}


def main():
    mode, args = sys.argv[1], sys.argv[2:]
    if mode == "full":
        record = {int(s) for s in args[5].split(",") if s}
        out = full(int(args[0]), int(args[1]), args[2], args[3], args[4], record, float(args[6]))
    elif mode == "mini":
        out = mini(int(args[0]), int(args[1]), int(args[2]), args[3])
    else:
        out = minicheck(int(args[0]), int(args[1]), args[2], args[3])
    print(json.dumps(out))


main()
