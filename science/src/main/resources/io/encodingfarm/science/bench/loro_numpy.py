"""Nested LORO ridge in numpy, the same algorithm as io.encodingfarm.science.NestedLoro, for RidgeBench.

Usage: python3 loro_numpy.py DIR. DIR holds meta.txt ("features voxels len0 len1 ...") and x<r>.f32 /
y<r>.f32 raw float32 C-order runs, and alphas.f64. Writes DIR/scores.f32 and prints "seconds <wall> <cpu>".
"""
import sys
import time

import numpy as np

STACK_ELEMENTS = 32 << 20


def pearson(pred, y):
    pc = pred - pred.mean(0)
    yc = y - y.mean(0)
    den = np.sqrt((pc * pc).sum(0, dtype=np.float64) * (yc * yc).sum(0, dtype=np.float64))
    num = (pc * yc).sum(0, dtype=np.float64)
    return np.where(den > 0, num / np.where(den > 0, den, 1), 0)


def scores(gram, xty, x_eval, y_eval, alphas):
    lam, v = np.linalg.eigh(gram)
    q = x_eval.astype(np.float64) @ v
    m = x_eval.shape[0]
    per_stack = max(1, min(len(alphas), STACK_ELEMENTS // (m * xty.shape[1])))
    out = []
    for first in range(0, len(alphas), per_stack):
        group = alphas[first:first + per_stack]
        proj = np.concatenate([(q / (lam + a)) @ v.T for a in group]).astype(np.float32)
        pred = proj @ xty
        out.extend(pearson(pred[i * m:(i + 1) * m], y_eval) for i in range(len(group)))
    return out


def main(d):
    meta = [int(t) for t in open(d + "/meta.txt").read().split()]
    p, nvox, lengths = meta[0], meta[1], meta[2:]
    xs = [np.fromfile("%s/x%d.f32" % (d, r), dtype=np.float32).reshape(n, p) for r, n in enumerate(lengths)]
    ys = [np.fromfile("%s/y%d.f32" % (d, r), dtype=np.float32).reshape(n, nvox) for r, n in enumerate(lengths)]
    alphas = np.fromfile(d + "/alphas.f64")
    t0 = time.perf_counter()
    cpu0 = time.process_time()
    grams = [x.T.astype(np.float64) @ x.astype(np.float64) for x in xs]
    gram_all = sum(grams)
    xty_all = np.zeros((p, nvox), dtype=np.float32)
    for x, y in zip(xs, ys):
        xty_all += x.T @ y
    runs = len(xs)
    total = np.zeros(nvox)
    for test in range(runs):
        val = 1 if test == 0 else 0
        xty_outer = xty_all - xs[test].T @ ys[test]
        xty_inner = xty_outer - xs[val].T @ ys[val]
        inner = scores(gram_all - grams[test] - grams[val], xty_inner, xs[val], ys[val], alphas)
        best = alphas[int(np.argmax([s.mean() for s in inner]))]
        total += scores(gram_all - grams[test], xty_outer, xs[test], ys[test], [best])[0] / runs
    seconds = time.perf_counter() - t0
    cpu = time.process_time() - cpu0
    total.astype(np.float32).tofile(d + "/scores.f32")
    print("seconds %.6f %.6f" % (seconds, cpu))


if __name__ == "__main__":
    main(sys.argv[1])
