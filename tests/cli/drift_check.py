#!/usr/bin/env python3
"""drift_check.py: 'leadscore drift' checked outside C.

usage: drift_check.py MODEL TRAIN.csv TRAIN_SCORES.csv NEW.csv NEW_SCORES.csv DRIFT.json

Recomputes, with the standard library only, what drift.h defines:
  - the training shares of every input from the training CSV, binned with
    the model's stored edges and levels (cells read as leadscore reads them:
    trimmed, empty or an --na placeholder is missing, level keys folded to
    lower case with runs of white space as one space, folded levels into
    "(other)"), checked against the model's stored profile;
  - the new leads' shares the same way, and the score bins from the
    probabilities 'leadscore score' printed (full precision);
  - PSI = sum (a - e) ln(a / e) over bins with shares floored at 1e-4,
    checked against drift's JSON to 1e-9.
Prints one line per failure and exits 1 on any.
"""
import csv
import json
import math
import re
import sys

EPS = 1e-4
failures = []


def psi(expected, actual):
    total = 0.0
    for e, a in zip(expected, actual):
        e, a = max(e, EPS), max(a, EPS)
        total += (a - e) * math.log(a / e)
    return total


def bin_of(edges, x):
    k = 0
    while k < len(edges) and x > edges[k]:
        k += 1
    return k


def key_of(text):
    return re.sub(r"\s+", " ", text.strip()).lower()


def shares(model, path):
    """Per input, the share of rows in each bin as drift.h lays bins out."""
    na = {v.strip().lower() for v in model["reading"]["na"]}
    profile = {p["name"]: p for p in model["profile"]["inputs"]}
    layouts = []
    for inp in model["inputs"]:
        if inp["type"] == "numeric":
            edges = profile[inp["name"]]["edges"]
            layouts.append(("numeric", inp["name"], edges, len(edges) + 2))
            continue
        index, missing, other = {}, None, None
        for i, lv in enumerate(inp["levels"]):
            if lv.get("missing"):
                missing = i
            elif lv.get("other"):
                other = i
            else:
                index[lv["key"]] = i
        n = len(inp["levels"])
        folded = set(inp.get("folded_into_other", []))
        # folded levels went to "(other)", or to the reference level when
        # even "(other)" was too rare to keep
        reference = next(i for i, lv in enumerate(inp["levels"]) if lv["level"] == inp["reference"])
        if other is None:
            other = reference
        if missing is None:
            missing = other if "\x01missing" in folded else n
            n += 1
        layouts.append(("categorical", inp["name"], (index, missing, other, folded), n + 1))
    counts = [[0] * size for (_, _, _, size) in layouts]
    rows = 0
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            rows += 1
            for c, (kind, name, spec, size) in zip(counts, layouts):
                text = row[name].strip()
                is_missing = text == "" or text.lower() in na
                if kind == "numeric":
                    c[size - 1 if is_missing else bin_of(spec, float(text))] += 1
                    continue
                index, missing, other, folded = spec
                if is_missing:
                    c[missing] += 1
                    continue
                k = key_of(text)
                if k in index:
                    c[index[k]] += 1
                elif k in folded:
                    c[other] += 1
                else:
                    c[size - 1] += 1
    return {name: [x / rows for x in c] for c, (_, name, _, _) in zip(counts, layouts)}, rows


def score_shares(edges, path):
    counts = [0] * (len(edges) + 1)
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    for r in rows:
        counts[bin_of(edges, float(r["probability"]))] += 1
    return [c / len(rows) for c in counts], len(rows)


def main():
    model_path, train, train_scores, new, new_scores, drift_path = sys.argv[1:7]
    model = json.load(open(model_path))
    drift = json.load(open(drift_path))
    profile = model["profile"]
    expected, n_train = shares(model, train)
    actual, n_new = shares(model, new)
    # the stored training shares are what the training file holds
    for p in profile["inputs"]:
        stored = p["level_shares"] if p["type"] == "categorical" else p["shares"] + [p["missing_share"]]
        mine = expected[p["name"]][: len(stored)]
        if any(abs(a - b) > 1e-12 for a, b in zip(stored, mine)):
            failures.append("training shares of %s differ from the profile: %s vs %s" % (p["name"], stored, mine))
    score_edges = profile["score"]["edges"]
    train_score, _ = score_shares(score_edges, train_scores)
    # training probabilities come from the fit's design blocks, the scorer's
    # from cells: a lead sitting exactly on an edge may fall either side
    if any(abs(a - b) > 3.0 / n_train for a, b in zip(train_score, profile["score"]["shares"])):
        failures.append("training score shares differ: %s vs %s" % (train_score, profile["score"]["shares"]))
    new_score, _ = score_shares(score_edges, new_scores)
    got = drift["score_psi"]
    want = psi(profile["score"]["shares"], new_score)
    if abs(got - want) > 1e-9:
        failures.append("score PSI %.12g, Python %.12g" % (got, want))
    worst = []
    for inp in drift["inputs"]:
        want = psi(expected[inp["name"]], actual[inp["name"]])
        if abs(inp["csi"] - want) > 1e-9:
            failures.append("CSI of %s: %.12g, Python %.12g" % (inp["name"], inp["csi"], want))
        status = "shifted" if want > 0.25 else "watch" if want >= 0.1 else "stable"
        if inp["status"] != status:
            failures.append("status of %s: %s, expected %s" % (inp["name"], inp["status"], status))
        worst.append(inp["csi"])
    if worst != sorted(worst, reverse=True):
        failures.append("inputs are not sorted worst first")
    if drift["rows"] != n_new:
        failures.append("rows %s, file has %d" % (drift["rows"], n_new))
    print("drift_check: score PSI %.6f, %d CSIs agree with Python to 1e-9" % (drift["score_psi"], len(drift["inputs"]))
          if not failures else "\n".join("FAIL: " + f for f in failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
