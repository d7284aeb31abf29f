#!/usr/bin/python3
"""Reference values for leadscore's evaluation metrics, computed independently
with scikit-learn, scipy, statsmodels and pandas (Debian's python3-* packages).

Usage:
  metrics_reference.py make-case CASE.csv         write the synthetic case (fixed seed)
  metrics_reference.py CASE.csv BANDS OUT.json     reference figures for a y,p,score CSV

CASE.csv has columns y,p,score. BANDS is a spec like Prospect:0,Lead:11,MQL:41,SQL:71;
the MQL and SQL bands are the ones so named. Deciles: rows sorted by p, highest
first, ties in file order (a stable sort), row k of n in decile floor(10 k / n).
DeLong's variance is computed here from its definition (structural components
over all positive/negative pairs, O(n^2)), not from midranks as leadscore does.
"""
import json
import sys

import numpy as np
import pandas as pd
from scipy.stats import ks_2samp
from sklearn.metrics import brier_score_loss, log_loss, roc_auc_score
from statsmodels.stats.proportion import proportion_confint


def make_case(path):
    rng = np.random.default_rng(20261124)
    n = 2000
    # probabilities on a coarse grid, so that many leads tie
    p = np.round(rng.beta(1.2, 5.0, n), 2)
    p = np.clip(p, 0.005, 0.995)
    y = (rng.uniform(size=n) < p).astype(int)
    score = np.round(100 * p).astype(int)
    pd.DataFrame({"y": y, "p": p, "score": score}).to_csv(path, index=False)


def delong_from_definition(y, p):
    pos, neg = p[y == 1], p[y == 0]
    psi = (pos[:, None] > neg[None, :]).astype(float) + 0.5 * (pos[:, None] == neg[None, :])
    v10, v01 = psi.mean(axis=1), psi.mean(axis=0)
    return np.sqrt(v10.var(ddof=1) / len(pos) + v01.var(ddof=1) / len(neg))


def main():
    if sys.argv[1] == "make-case":
        make_case(sys.argv[2])
        return
    case, spec, out = sys.argv[1], sys.argv[2], sys.argv[3]
    frame = pd.read_csv(case)
    y, p, score = frame["y"].to_numpy(), frame["p"].to_numpy(dtype=float), frame["score"].to_numpy()
    names = [item.split(":")[0] for item in spec.split(",")]
    starts = [int(item.split(":")[1]) for item in spec.split(",")]
    band = np.searchsorted(starts, score, side="right") - 1
    n, positives = len(y), int(y.sum())
    base = positives / n
    rows = []
    for k, name in enumerate(names):
        sel = band == k
        leads, conv = int(sel.sum()), int(y[sel].sum())
        lo, hi = proportion_confint(conv, leads, alpha=0.05, method="wilson") if leads else (None, None)
        rows.append({"name": name, "min_score": starts[k], "max_score": (starts[k + 1] - 1) if k + 1 < len(starts) else 100,
                     "leads": leads, "converted": conv, "conversion_rate": conv / leads if leads else None,
                     "rate_ci": [lo, hi] if leads else None})
    # cross-check the band table with a pandas group-by
    grouped = frame.assign(band=band).groupby("band")["y"].agg(["size", "sum"])
    for k, row in enumerate(rows):
        if k in grouped.index:
            assert grouped.loc[k, "size"] == row["leads"] and grouped.loc[k, "sum"] == row["converted"]
    mql, sql = names.index("MQL") if "MQL" in names else None, names.index("SQL") if "SQL" in names else None
    order = np.argsort(-p, kind="stable")
    decile = (np.arange(n) * 10) // n
    d = pd.DataFrame({"y": y[order], "p": p[order], "decile": decile})
    g = d.groupby("decile").agg(leads=("y", "size"), converted=("y", "sum"), mean_predicted=("p", "mean"))
    g["rate"] = g["converted"] / g["leads"]
    g["cumulative_gain"] = g["converted"].cumsum() / positives
    g["lift"] = g["rate"] / base
    result = {
        "rows": n,
        "positives": positives,
        "auc": roc_auc_score(y, p),
        "auc_se": delong_from_definition(y, p),
        "log_loss": log_loss(y, p),
        "brier": brier_score_loss(y, p),
        "ks": ks_2samp(p[y == 0], p[y == 1]).statistic,
        "bands": rows,
        "mql_to_sql": {"mql": int((band >= mql).sum()), "sql": int((band >= sql).sum()),
                        "ratio": float((band >= sql).sum() / (band >= mql).sum())},
        "misranked": {"converted_below_mql": int(((band < mql) & (y == 1)).sum()),
                      "unconverted_in_sql": int(((band >= sql) & (y == 0)).sum()),
                      "pairwise_rate": 1 - roc_auc_score(y, p)},
        "deciles": [{"leads": int(r.leads), "converted": int(r.converted), "rate": r.rate,
                     "cumulative_gain": r.cumulative_gain, "lift": r.lift, "mean_predicted": r.mean_predicted}
                    for r in g.itertuples()],
    }
    json.dump(result, open(out, "w"), indent=1)


if __name__ == "__main__":
    main()
