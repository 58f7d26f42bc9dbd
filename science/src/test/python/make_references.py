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
