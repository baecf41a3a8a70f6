"""The zipflab transformer in PyTorch (torch.nn, autograd, torch.optim.Adam), one thread.
Usage: transformer.py DIR STEPS -> one JSON line: the loss at the exported initial weights and
after one Adam step, milliseconds per training step (forward, backward, Adam), and the sgemm
GFLOP/s of the model's largest product. DIR holds meta.json (sizes, tensors, lr), params.bin
(f32: zipflab's flat parameter vector, weights stored input x output) and windows.bin (i32:
windows of T + 1 tokens); bench/transformer.ts writes them."""
import json
import math
import os
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class Block(nn.Module):
    def __init__(self, D, H):
        super().__init__()
        self.H = H
        self.ln1 = nn.LayerNorm(D, eps=1e-5)
        self.qkv = nn.Linear(D, 3 * D)
        self.proj = nn.Linear(D, D)
        self.ln2 = nn.LayerNorm(D, eps=1e-5)
        self.fc = nn.Linear(D, 4 * D)
        self.gelu = nn.GELU(approximate="tanh")
        self.fc2 = nn.Linear(4 * D, D)

    def forward(self, x, mask):
        B, T, D = x.shape
        hd = D // self.H
        q, k, v = self.qkv(self.ln1(x)).split(D, dim=2)
        q, k, v = (t.view(B, T, self.H, hd).transpose(1, 2) for t in (q, k, v))
        s = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(hd))
        p = torch.softmax(s.masked_fill(mask, float("-inf")), dim=-1)
        o = (p @ v).transpose(1, 2).reshape(B, T, D)
        x = x + self.proj(o)
        return x + self.fc2(self.gelu(self.fc(self.ln2(x))))


class GPT(nn.Module):
    def __init__(self, V, T, D, L, H):
        super().__init__()
        self.wte = nn.Embedding(V, D)
        self.wpe = nn.Embedding(T, D)
        self.blocks = nn.ModuleList([Block(D, H) for _ in range(L)])
        self.lnf = nn.LayerNorm(D, eps=1e-5)
        self.head = nn.Linear(D, V)
        self.register_buffer("mask", torch.triu(torch.ones(T, T, dtype=torch.bool), diagonal=1))

    def forward(self, tokens, targets):
        T = tokens.shape[1]
        x = self.wte(tokens) + self.wpe(torch.arange(T))
        for b in self.blocks:
            x = b(x, self.mask)
        logits = self.head(self.lnf(x))
        return F.cross_entropy(logits.view(-1, logits.shape[-1]), targets.reshape(-1))


def load(model, meta, flat):
    """zipflab's tensors into the modules (a weight W stored input x output is nn.Linear's W^T)."""
    t = {x["name"]: torch.from_numpy(flat[x["offset"]:x["offset"] + x["length"]].copy()) for x in meta["tensors"]}
    V, T, D = meta["V"], meta["T"], meta["D"]
    with torch.no_grad():
        model.wte.weight.copy_(t["wte"].view(V, D))
        model.wpe.weight.copy_(t["wpe"].view(T, D))
        for l, b in enumerate(model.blocks):
            g = lambda n: t[f"h{l}.{n}"]
            b.ln1.weight.copy_(g("ln1w")); b.ln1.bias.copy_(g("ln1b"))
            b.qkv.weight.copy_(g("wqkv").view(D, 3 * D).t()); b.qkv.bias.copy_(g("bqkv"))
            b.proj.weight.copy_(g("wproj").view(D, D).t()); b.proj.bias.copy_(g("bproj"))
            b.ln2.weight.copy_(g("ln2w")); b.ln2.bias.copy_(g("ln2b"))
            b.fc.weight.copy_(g("wfc").view(D, 4 * D).t()); b.fc.bias.copy_(g("bfc"))
            b.fc2.weight.copy_(g("wfc2").view(4 * D, D).t()); b.fc2.bias.copy_(g("bfc2"))
        model.lnf.weight.copy_(t["lnfw"]); model.lnf.bias.copy_(t["lnfb"])
        model.head.weight.copy_(t["wout"].view(D, V).t()); model.head.bias.copy_(t["bout"])


def main():
    import numpy as np
    folder, steps = sys.argv[1], int(sys.argv[2])
    torch.set_num_threads(1)
    meta = json.load(open(os.path.join(folder, "meta.json")))
    flat = np.fromfile(os.path.join(folder, "params.bin"), dtype=np.float32)
    windows = torch.from_numpy(np.fromfile(os.path.join(folder, "windows.bin"), dtype=np.int32).astype(np.int64)).view(-1, meta["T"] + 1)
    tokens, targets = windows[:, :-1].contiguous(), windows[:, 1:].contiguous()
    model = GPT(meta["V"], meta["T"], meta["D"], meta["L"], meta["H"])
    load(model, meta, flat)
    opt = torch.optim.Adam(model.parameters(), lr=meta["lr"], betas=(0.9, 0.999), eps=1e-8)

    def step():
        opt.zero_grad(set_to_none=True)
        loss = model(tokens, targets)
        loss.backward()
        opt.step()
        return loss.item()

    loss0 = step()
    with torch.no_grad():
        loss1 = model(tokens, targets).item()
    times = []
    for _ in range(steps):
        start = time.perf_counter()
        step()
        times.append((time.perf_counter() - start) * 1e3)
    # the largest product of a step: (B·T × D) by (D × V)
    a = torch.randn(tokens.numel(), meta["D"])
    b = torch.randn(meta["D"], meta["V"])
    a @ b
    reps, start = 0, time.perf_counter()
    while time.perf_counter() - start < 0.5:
        a @ b
        reps += 1
    gemm = 2 * a.shape[0] * a.shape[1] * b.shape[1] * reps / (time.perf_counter() - start) / 1e9
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "blas": blas(),
                      "loss0": loss0, "loss1": loss1, "ms": times, "gemmGflops": gemm}))


def blas():
    """The BLAS library this process loaded (Debian's torch links the generic libblas.so.3, which
    update-alternatives points at OpenBLAS when libopenblas0-pthread is installed)."""
    try:
        maps = open("/proc/self/maps").read()
    except OSError:
        return "unknown"
    for name in ("openblas", "mkl", "blis", "libblas"):
        if name in maps:
            return {"libblas": "reference BLAS"}.get(name, name)
    return "unknown"


if __name__ == "__main__":
    main()
