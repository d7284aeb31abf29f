#!/usr/bin/env python3
"""Recompute leadscore's probabilities from the exported weights alone.

Usage: probabilities_from_export.py WEIGHTS.csv DATA.csv SCORES.csv [NA,...]

WEIGHTS.csv is `leadscore export --format csv` (term,column,level,weight,...),
SCORES.csv is `leadscore score` output for DATA.csv (same row order). For each
lead the logit is the intercept plus weight x value for numeric terms and the
weight of the lead's level for categorical terms (levels matched trimmed, white
space folded, case-insensitively, as documented). Leads whose cells the export
alone cannot encode (a missing cell: its median is in the model file, not the
export; or a level not in the export that is not the reference) are skipped
and counted. Prints the rows compared and the largest relative difference, and
exits 1 when it exceeds 1e-12. Standard library only.
"""
import csv
import math
import sys


def key(text):
    return " ".join(text.split()).lower()


def main():
    weights_path, data_path, scores_path = sys.argv[1:4]
    na = {key(v) for v in sys.argv[4].split(",")} if len(sys.argv) > 4 else set()
    intercept = 0.0
    numeric, levels = {}, {}
    with open(weights_path, newline="") as f:
        for row in csv.DictReader(f):
            w = float(row["weight"])
            if row["term"] == "(Intercept)":
                intercept = w
            elif row["level"] == "":
                numeric[row["column"]] = w
            elif row["level"] == "(missing)" and row["column"] in numeric:
                numeric.setdefault(row["column"] + "\x00missing", w)
            else:
                levels.setdefault(row["column"], {})[key(row["level"])] = w
    with open(data_path, newline="", encoding="utf-8-sig") as f:
        sample = f.readline()
        delimiter = ";" if sample.count(";") > sample.count(",") else ","
    # The reference level has no term: per column, it is the commonest level
    # of the data that the export does not name. Any other unnamed level was
    # folded into "(other)" or never seen: its lead is skipped.
    counts = {column: {} for column in levels}
    with open(data_path, newline="", encoding="utf-8-sig") as d:
        for lead in csv.DictReader(d, delimiter=delimiter):
            for column, table in levels.items():
                k = key(lead[column])
                if k and k not in na and k not in table:
                    counts[column][k] = counts[column].get(k, 0) + 1
    reference = {column: max(c, key=c.get) if c else None for column, c in counts.items()}
    compared, skipped, worst = 0, 0, 0.0
    with open(data_path, newline="", encoding="utf-8-sig") as d, open(scores_path, newline="") as s:
        for lead, scored in zip(csv.DictReader(d, delimiter=delimiter), csv.DictReader(s)):
            eta, usable = intercept, True
            for column, w in numeric.items():
                if column.endswith("\x00missing"):
                    continue
                cell = lead[column].strip()
                if cell == "" or key(cell) in na:
                    usable = False
                    break
                eta += w * float(cell)
            for column, table in levels.items():
                cell = lead[column].strip()
                if cell == "" or key(cell) in na:
                    usable = False
                    break
                if key(cell) in table:
                    eta += table[key(cell)]
                elif key(cell) != reference[column]:
                    usable = False
                    break
            if not usable:
                skipped += 1
                continue
            p = 1.0 / (1.0 + math.exp(-eta)) if eta >= 0 else math.exp(eta) / (1.0 + math.exp(eta))
            got = float(scored["probability"])
            worst = max(worst, abs(got - p) / p)
            compared += 1
    print(f"compared {compared} leads (skipped {skipped} with a missing cell or a folded level); "
          f"largest relative difference {worst:.3g}")
    return 0 if compared > 0 and worst <= 1e-12 else 1


if __name__ == "__main__":
    sys.exit(main())
