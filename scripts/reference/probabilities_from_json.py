#!/usr/bin/env python3
"""Recompute leadscore's scores from the JSON weights document alone.

Usage: probabilities_from_json.py WEIGHTS.json DATA.csv SCORES.csv

WEIGHTS.json is `leadscore export --format json` ("leadscore-weights",
version 1), SCORES.csv is `leadscore score` output for DATA.csv (same row
order). Each lead is scored by the rules README.md "Export" documents for the
document's fields (and its "formula" member states), with nothing but the
standard library: never the model file and none of leadscore's code.
Checks the probability to 1e-12 relative and the score and band exactly.
Prints the leads compared, how many cells were missing, placeholders, folded,
unseen or spelled otherwise than the key, and the largest relative
difference; exits 1 unless every lead agrees.
"""
import csv
import json
import math
import re
import sys

NUMBER = re.compile(r"[0-9+\-.eE]{1,63}")


def lower_ascii(text):
    return "".join(chr(ord(c) + 32) if "A" <= c <= "Z" else c for c in text)


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__.split("\n\n")[1])
    with open(sys.argv[1]) as f:
        doc = json.load(f)
    if doc.get("format") != "leadscore-weights" or doc.get("version") != 1:
        sys.exit("not a leadscore-weights version 1 document")
    white = doc["white_space"]
    runs = re.compile("[" + re.escape(white) + "]+")
    na = {lower_ascii(v) for v in doc["na"]}
    case_sensitive = doc["case_sensitive"]
    tables = []
    for inp in doc["inputs"]:
        if inp["type"] == "categorical":
            table = {e["key"]: e["weight"] for e in inp["levels"]}
            folded = {e["key"]: e["weight"] for e in inp["folded"]}
            tables.append((table, folded))
        else:
            tables.append(None)

    def key(t):
        k = runs.sub(" ", t)
        return k if case_sensitive else lower_ascii(k)

    seen = dict(missing=0, placeholder=0, folded=0, unseen=0, spelled=0)
    with open(sys.argv[2], newline="", encoding="utf-8-sig") as f:
        first = f.readline()
        delimiter = ";" if first.count(";") > first.count(",") else ","
    compared, worst, wrong = 0, 0.0, 0
    with open(sys.argv[2], newline="", encoding="utf-8-sig") as d, open(sys.argv[3], newline="") as s:
        for lead, scored in zip(csv.DictReader(d, delimiter=delimiter), csv.DictReader(s)):
            eta = doc["intercept"]
            for inp, tab in zip(doc["inputs"], tables):
                t = lead[inp["name"]].strip(white)
                missing = t == "" or lower_ascii(t) in na
                seen["missing"] += missing
                seen["placeholder"] += missing and t != ""
                if inp["type"] == "numeric":
                    if missing:
                        x = inp["impute"]
                    elif NUMBER.fullmatch(t):
                        x = float(t)
                    else:
                        sys.exit(f"lead {compared + 1}: '{t}' is not a number")
                    part = inp["weight"] * x
                    if missing:
                        part = part + inp["missing_weight"]
                elif missing:
                    part = inp["missing_weight"]
                else:
                    k = key(t)
                    table, folded = tab
                    if k in table:
                        part = table[k]
                        seen["spelled"] += k != t
                    elif k in folded:
                        part = folded[k]
                        seen["folded"] += 1
                    else:
                        part = inp["unseen_weight"]
                        seen["unseen"] += 1
                eta = eta + part
            p = 1.0 / (1.0 + math.exp(-eta)) if eta >= 0 else math.exp(eta) / (1.0 + math.exp(eta))
            # round half away from zero (p >= 0); Python's round() would go to even
            score = math.floor(100.0 * p) + (100.0 * p - math.floor(100.0 * p) >= 0.5)
            band = next(b["name"] for b in doc["bands"] if b["min_score"] <= score <= b["max_score"])
            got = float(scored["probability"])
            worst = max(worst, abs(got - p) / p)
            if int(scored["score"]) != score or scored["band"] != band:
                wrong += 1
            compared += 1
    print(f"compared {compared} leads (cells: {seen['missing']} missing, {seen['placeholder']} of them "
          f"placeholders; {seen['folded']} folded levels, {seen['unseen']} unseen, {seen['spelled']} spelled "
          f"otherwise than their key); largest relative difference {worst:.3g}; {wrong} scores or bands differ")
    return 0 if compared > 0 and worst <= 1e-12 and wrong == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
