#!/usr/bin/python3
"""The same logistic fit with scikit-learn and liblinear, for scripts/bench-train.sh.

Usage: bench_peers.py DATA.csv MODEL.json WORKDIR RUNS

The design matrix is built from leadscore's model file (its inputs, levels,
reference levels and imputation medians), so all three tools fit exactly the
same terms; leadscore's own weights are not used. Prints one line per tool:
    tool seconds_median log_loss
scikit-learn is timed end to end (pandas read + encoding + fit); liblinear is
timed as `liblinear-train` on a libsvm file written beforehand (its own input
format), which favours it.
"""
import json
import statistics
import subprocess
import sys
import time

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss


def level_key(text):
    return " ".join(str(text).split()).lower()


def encode(frame, model):
    columns = []
    for spec in model["inputs"]:
        raw = frame[spec["name"]]
        if spec["type"] == "numeric":
            values = pd.to_numeric(raw.str.strip().replace("", np.nan), errors="coerce")
            missing = values.isna()
            columns.append(values.fillna(spec["impute"]).to_numpy(dtype=float))
            if spec.get("missing_term"):
                columns.append(missing.to_numpy(dtype=float))
            continue
        na = {v.lower() for v in model["reading"]["na"]}
        keys = raw.map(lambda v: "\x01missing" if str(v).strip() == "" or str(v).strip().lower() in na
                       else level_key(v))
        level_of = {}
        for index, level in enumerate(spec["levels"]):
            key = "\x01missing" if level.get("missing") else "\x01other" if level.get("other") else level["key"]
            level_of[key] = index
        reference = next(i for i, l in enumerate(spec["levels"]) if l["level"] == spec["reference"])
        other = next((i for i, l in enumerate(spec["levels"]) if l.get("other")), reference)
        for key in spec.get("folded_into_other", []):
            level_of[key] = other
        codes = keys.map(lambda k: level_of.get(k, reference)).to_numpy()
        for index in range(len(spec["levels"])):
            if index != reference:
                columns.append((codes == index).astype(float))
    return np.column_stack(columns)


def main():
    data, model_path, work, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    model = json.load(open(model_path))
    target = model["target"]

    def sklearn_end_to_end():
        frame = pd.read_csv(data, dtype=str, keep_default_na=False, sep=model["reading"]["delimiter"])
        x = encode(frame, model)
        y = frame[target].str.strip().str.lower().isin(["1", "yes", "true", "converted", "y"]).to_numpy(dtype=int)
        fit = LogisticRegression(penalty=None, solver="newton-cholesky", tol=1e-10, max_iter=200)
        fit.fit(x, y)
        return x, y, fit

    times = []
    for _ in range(runs):
        start = time.perf_counter()
        x, y, fit = sklearn_end_to_end()
        times.append(time.perf_counter() - start)
    p = fit.predict_proba(x)[:, 1]
    print(f"scikit-learn {statistics.median(times):.3f} {log_loss(y, p):.12f}")

    # liblinear: L2-regularized LR with C large (nearly unregularized), bias term
    svm = f"{work}/leads.svm"
    with open(svm, "w") as out:
        for row, label in zip(x, y):
            fields = " ".join(f"{j + 1}:{v:.17g}" for j, v in enumerate(row) if v != 0)
            out.write(f"{int(label)} {fields}\n")
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(["liblinear-train", "-q", "-s", "0", "-c", "1e6", "-B", "1", "-e", "1e-6", svm,
                        f"{work}/liblinear.model"], check=True)
        times.append(time.perf_counter() - start)
    subprocess.run(["liblinear-predict", "-q", "-b", "1", svm, f"{work}/liblinear.model", f"{work}/liblinear.out"],
                   check=True)
    with open(f"{work}/liblinear.out") as pred:
        header = pred.readline().split()
        column = header.index("1")
        p = np.array([float(line.split()[column]) for line in pred])
    print(f"liblinear {statistics.median(times):.3f} {log_loss(y, p):.12f}")


if __name__ == "__main__":
    main()
