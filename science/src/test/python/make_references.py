"""Float64 references for the science module's tests, written independently of the Java code.

Run once from this directory: python3 make_references.py. It writes ../resources/reference/*.txt, one
array per line: a name, then its values separated by spaces (matrices row-major, with their shape in a
separate "<name>.shape" line).
Needs numpy and scipy only (re-implements the nilearn functions the Java code follows).
"""
import numpy as np
from scipy.stats import gamma
from scipy.interpolate import interp1d

OUT = "../resources/reference/"

MODELS = {"glover": (6, 12, 0.9, 0.9, 0.48), "spm": (6, 16, 1, 1, 0.167)}


def hrf(model, tr, oversampling=50, time_length=32.0, onset=0.0):
    delay, under, disp, udisp, ratio = MODELS[model]
    dt = tr / oversampling
    t = np.linspace(0, time_length, np.rint(float(time_length) / dt).astype(int))
    t = t - onset
    h = gamma.pdf(t, delay / disp, loc=dt, scale=disp) - ratio * gamma.pdf(t, under / udisp, loc=dt, scale=udisp)
    return h / h.sum()


def regressor(onsets, durations, amplitudes, frame_times, model, oversampling=50, min_onset=-24.0):
    n = frame_times.size
    tr = np.min(np.diff(frame_times))
    fmin, fmax = frame_times.min(), frame_times.max()
    n_hr = (n - 1) / (fmax - fmin) * (fmax * (1 + 1 / (n - 1)) - fmin - min_onset) * oversampling + 1
    grid = np.linspace(fmin + min_onset, fmax * (1 + 1 / (n - 1)), np.rint(n_hr).astype(int))
    reg = np.zeros_like(grid)
    tmax = len(grid)
    on = np.minimum(np.searchsorted(grid, onsets), tmax - 1)
    for t, v in zip(on, amplitudes):
        reg[t] += v
    off = np.minimum(np.searchsorted(grid, onsets + durations), tmax - 1)
    for i, t in enumerate(off):
        if t < tmax - 1 and t == on[i]:
            off[i] += 1
    for t, v in zip(off, amplitudes):
        reg[t] -= v
    reg = np.cumsum(reg)
    conv = np.convolve(reg, hrf(model, tr, oversampling))[: reg.size]
    return interp1d(grid, conv)(frame_times)


def main():
    refs = {}
    for model in MODELS:
        h = hrf(model, 2.0)
        refs[model + "_tr2"] = {"argmax": int(h.argmax()), "max": h.max(), "argmin": int(h.argmin()), "min": h.min(),
                                "n": h.size, "sum_abs": float(np.abs(h).sum())}
        refs[model + "_tr2_os1_tl20"] = hrf(model, 2.0, 1, 20.0).tolist()
        refs[model + "_tr1_5_os10_onset1"] = hrf(model, 1.5, 10, 25.0, 1.0).tolist()

    rng = np.random.default_rng(7)
    frame_times = np.arange(40) * 2.0 + 1
    onsets = np.sort(rng.uniform(-5, 75, 30))
    durations = rng.uniform(0, 1.5, 30)
    durations[::5] = 0
    amps = rng.normal(size=(30, 3))
    cols = [regressor(onsets, durations, amps[:, c], frame_times, "glover").tolist() for c in range(3)]
    refs["regressor_glover"] = {"frame_times": frame_times.tolist(), "onsets": onsets.tolist(),
                                "durations": durations.tolist(), "amplitudes": amps.tolist(), "columns": cols}
    ft2 = np.arange(25) * 1.5
    on2 = np.array([0.0, 3.3, 10.0, 10.0, 20.1, 36.0])
    du2 = np.array([1.0, 0.0, 2.5, 0.0, 0.3, 5.0])
    am2 = np.array([1.0, -0.5, 2.0, 1.0, 0.7, 1.0])
    refs["regressor_spm_os16"] = {"frame_times": ft2.tolist(), "onsets": on2.tolist(), "durations": du2.tolist(),
                                  "amplitudes": am2.tolist(),
                                  "column": regressor(on2, du2, am2, ft2, "spm", oversampling=16, min_onset=-10).tolist()}
    write(OUT + "nilearn.txt", refs)
    write(OUT + "ridge.txt", ridge_references())
    write(OUT + "summaries.txt", summary_references())
    write(OUT + "loro.txt", loro_references())


def loro_references():
    """Seed B's nested leave-one-run-out with direct float64 solves."""
    rng = np.random.default_rng(11)
    lengths = [30, 26, 28, 33, 29]
    p, v = 7, 6
    w = rng.normal(size=(p, v)) / np.sqrt(p)
    xs = [rng.normal(size=(n, p)).astype(np.float32).astype(float) for n in lengths]
    ys = [(x @ w + rng.normal(size=(n, v)) * np.linspace(0.2, 4, v)).astype(np.float32).astype(float)
          for x, n in zip(xs, lengths)]
    alphas = np.logspace(-1, 3, 9)

    def fit_predict(train, alpha, x_eval):
        x = np.concatenate([xs[r] for r in train])
        y = np.concatenate([ys[r] for r in train])
        return x_eval @ np.linalg.solve(x.T @ x + alpha * np.eye(p), x.T @ y)

    def corr(a, b):
        return np.array([np.corrcoef(a[:, j], b[:, j])[0, 1] for j in range(a.shape[1])])

    folds, chosen = [], []
    for test in range(len(xs)):
        val = 1 if test == 0 else 0
        inner = [r for r in range(len(xs)) if r not in (test, val)]
        means = [corr(fit_predict(inner, a, xs[val]), ys[val]).mean() for a in alphas]
        best = alphas[int(np.argmax(means))]
        chosen.append(best)
        folds.append(corr(fit_predict([r for r in range(len(xs)) if r != test], best, xs[test]), ys[test]))
    refs = {"alphas": alphas, "chosen": np.array(chosen), "folds": np.array(folds),
            "scores": np.mean(folds, axis=0), "lengths": np.array(lengths, dtype=float)}
    for r in range(len(xs)):
        refs["x%d" % r] = xs[r]
        refs["y%d" % r] = ys[r]
    return refs


def lanczos(data, oldtime, newtime, window=3, cutoff_mult=1.0):
    """Seed A's lanczosinterp2D (no rectification)."""
    cutoff = 1 / np.mean(np.diff(newtime)) * cutoff_mult
    mat = np.zeros((len(newtime), len(oldtime)))
    for i in range(len(newtime)):
        t = (newtime[i] - oldtime) * cutoff
        with np.errstate(divide="ignore", invalid="ignore"):
            val = window * np.sin(np.pi * t) * np.sin(np.pi * t / window) / (np.pi ** 2 * t ** 2)
        val[t == 0] = 1.0
        val[np.abs(t) > window] = 0.0
        mat[i] = val
    return mat @ data


def summary_references():
    from scipy import stats
    rng = np.random.default_rng(5)
    refs = {}
    old = np.sort(rng.uniform(0, 40, 90))
    new = np.arange(20) * 2.0 + 1
    data = rng.normal(size=(90, 3))
    refs["lanczos"] = {"old": old, "new": new, "data": data, "out": lanczos(data, old, new),
                       "out_w5_c2": lanczos(data, old, new, 5, 2.0)}
    # noise ceiling: 4 repeats of signal + noise, 3 voxels with different SNR; one pure-noise voxel
    signal = rng.normal(size=(50, 4))
    reps = np.stack([signal * np.array([2.0, 1.0, 0.3, 0.0]) + rng.normal(size=(50, 4)) for _ in range(4)])
    reps = reps.astype(np.float32).astype(float)
    z = (reps - reps.mean(1, keepdims=True)) / reps.std(1, keepdims=True)
    n = z.shape[0]
    y = z.mean(0)
    sp = (n * y.var(0, ddof=1) - 1) / (n - 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        ccmax = np.where(sp > 0, 1 / np.sqrt(1 + (1 / sp - 1) / n), 0)
    pred = (signal + 0.5 * rng.normal(size=(50, 4))).astype(np.float32).astype(float)
    cov = np.array([np.cov(y[:, v], pred[:, v], ddof=1)[0, 1] for v in range(4)])
    with np.errstate(invalid="ignore"):
        ccnorm = np.where(sp > 0, cov / (np.sqrt(np.maximum(sp, 0)) * pred.std(0, ddof=1)), 0)
    refs["ceiling"] = {"repeats": reps.reshape(4, -1), "pred": pred, "ccmax": ccmax, "ccnorm": ccnorm}
    # scaling: y rises with ln N plus noise
    nparams = np.array([1.2e8, 3.5e8, 7.7e8, 1.5e9, 2.8e9, 6.7e9, 1.3e10, 3.0e10])
    yv = 0.01 * np.log(nparams) + rng.normal(scale=0.01, size=nparams.size)
    lr = stats.linregress(np.log(nparams), yv)
    refs["scaling"] = {"nparams": nparams, "y": yv, "slope": lr.slope, "intercept": lr.intercept,
                       "r": lr.rvalue, "p": lr.pvalue}
    layers = np.array([12, 24, 24, 32, 36, 40, 40, 48.0])
    hidden = np.array([768, 1024, 1536, 2048, 2560, 4096, 5120, 7168.0])
    X = np.column_stack([np.ones(8), np.log(nparams), layers, hidden])
    beta, *_ = np.linalg.lstsq(X, yv, rcond=None)
    resid = yv - X @ beta
    df = 8 - 4
    cov_b = resid @ resid / df * np.linalg.inv(X.T @ X)
    se = np.sqrt(np.diag(cov_b))
    tv = beta / se
    refs["multiple"] = {"layers": layers, "hidden": hidden, "beta": beta, "se": se, "t": tv,
                        "p": 2 * stats.t.sf(np.abs(tv), df), "r2": 1 - resid @ resid / ((yv - yv.mean()) @ (yv - yv.mean()))}
    refs["tdist"] = {"t": np.array([0.1, 1.0, 2.5, -3.7, 12.0]), "df": np.array([1, 3, 7.5, 30, 200]),
                     "p": 2 * stats.t.sf(np.abs([0.1, 1.0, 2.5, -3.7, 12.0]), [1, 3, 7.5, 30, 200])}
    pct = rng.normal(size=37)
    refs["percentile"] = {"x": pct, "q": np.array([0, 2.5, 50, 75, 90, 100]),
                          "out": np.percentile(pct, [0, 2.5, 50, 75, 90, 100])}
    return refs


def zs(v):
    return (v - v.mean(0)) / v.std(0)


def ridge_scores(x_train, y_train, x_eval, y_eval, alphas, alpha_squared, use_corr, singcutoff=1e-10):
    """Seed A's ridge_corr: SVD of the training stimulus, every alpha scored on the evaluation rows."""
    u, s, vh = np.linalg.svd(x_train, full_matrices=False)
    keep = s > singcutoff
    u, s, vh = u[:, keep], s[keep], vh[keep]
    ur = u.T @ y_train
    pvh = x_eval @ vh.T
    out = []
    for a in alphas:
        pen = a * a if alpha_squared else a
        pred = (pvh * (s / (s ** 2 + pen))) @ ur
        out.append(score(y_eval, pred, use_corr))
    return np.array(out)


def score(y, pred, use_corr):
    if use_corr:
        return (zs(y) * zs(pred)).mean(0)
    rsq = 1 - (y - pred).var(0) / ((1 + y.var(0)) / 2)
    return np.sqrt(np.abs(rsq)) * np.sign(rsq)


def ridge_weights(x, y, penalties):
    u, s, vh = np.linalg.svd(x, full_matrices=False)
    return np.stack([vh.T @ ((s / (s ** 2 + pen)) * (u.T @ y[:, j])) for j, pen in enumerate(penalties)], axis=1)


def ridge_references():
    rng = np.random.default_rng(3)
    n, p, v = 60, 5, 4
    w = rng.normal(size=(p, v))
    x = rng.normal(size=(n + 20, p))
    y = x @ w + rng.normal(size=(n + 20, v)) * np.array([0.3, 1.0, 3.0, 10.0])
    # the Java code takes float32 inputs: give both sides exactly the same numbers
    x, y = x.astype(np.float32).astype(float), y.astype(np.float32).astype(float)
    x_train, y_train, x_test, y_test = x[:n], y[:n], x[n:], y[n:]
    folds = []
    for b in range(4):
        held = np.sort(rng.choice(n // 10, 2, replace=False))
        val = np.concatenate([np.arange(c * 10, c * 10 + 10) for c in held])
        folds.append((np.setdiff1d(np.arange(n), val), val))
    alphas = np.logspace(-1, 2, 7)
    refs = {"x_train": x_train, "y_train": y_train, "x_test": x_test, "y_test": y_test, "alphas": alphas}
    for i, (train, val) in enumerate(folds):
        refs["fold%d.train" % i] = train
        refs["fold%d.validation" % i] = val
    for name, alpha_squared, use_corr, single in [("corr_pervoxel", False, True, False),
                                                  ("r2_single_squared", True, False, True)]:
        cv = np.mean([ridge_scores(x_train[t], y_train[t], x_train[vl], y_train[vl], alphas, alpha_squared, use_corr)
                      for t, vl in folds], axis=0)
        if single:
            chosen = np.repeat(alphas[np.argmax(cv.mean(1))], v)
        else:
            chosen = alphas[np.argmax(cv, axis=0)]
        penalties = chosen ** 2 if alpha_squared else chosen
        wt = ridge_weights(x_train, y_train, penalties)
        refs[name] = {"cv": cv, "chosen": chosen, "weights": wt, "test": score(y_test, x_test @ wt, use_corr)}
    return refs


def write(path, refs):
    with open(path, "w") as f:
        for key, value in flatten("", refs):
            arr = np.asarray(value, dtype=float)
            if arr.ndim > 1:
                f.write(key + ".shape " + " ".join(str(d) for d in arr.shape) + "\n")
            f.write(key + " " + " ".join(repr(float(x)) for x in arr.ravel()) + "\n")


def flatten(prefix, refs):
    for key, value in refs.items():
        name = prefix + key
        if isinstance(value, dict):
            yield from flatten(name + ".", value)
        else:
            yield name, value


if __name__ == "__main__":
    main()
