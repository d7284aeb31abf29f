#!/usr/bin/env python3
"""Recompute leadscore's probabilities from the exported CSV alone.

Usage: probabilities_from_export.py EXPORT.csv DATA.csv SCORES.csv

EXPORT.csv is `leadscore export --format csv`, SCORES.csv is `leadscore score`
output for DATA.csv (same row order). Every lead is recomputed by the rules
`leadscore export --help` documents, from the export alone (never the model
file): the term rows give the weights; the rule rows say which texts are
missing ((na)), how levels match ((case)), the number a missing numeric cell
is read as ((impute)), what a missing categorical cell scores ((missing)),
which rare levels were folded and what they score ((folded)) and the
reference level ((reference)); a level named nowhere scores 0.

An export without rule rows (leadscore before they were added) cannot say how
to score a missing numeric cell or a folded level: such leads count as not
reproduced. Prints the leads compared, how many had a missing cell, a
placeholder, a folded level, an unseen level or a level spelled otherwise
than in the export, and the largest relative difference; exits 1 unless
every lead is reproduced within 1e-12. Standard library only, and none of
leadscore's code: the text rules are re-implemented here as documented.
"""
import csv
import math
import re
import sys

RULES = {"(reference)", "(folded)", "(missing)", "(impute)", "(na)", "(case)"}
OWN_LEVELS = {"(missing)", "(other)"}  # leadscore's levels: never a cell's text
WHITE = " \t\r\n\f\v"  # C's white space, not Python's (which adds \x1c-\x1f, \x85, ...)
NUMBER = re.compile(r"[0-9+\-.eE]{1,63}")


def ascii_lower(text):
    return text.translate(str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz"))


def level_key(text, case_sensitive):
    """Trimmed, inner white-space runs made one space, A-Z lowered unless case-sensitive."""
    folded = re.sub("[" + re.escape(WHITE) + "]+", " ", text.strip(WHITE))
    return folded if case_sensitive else ascii_lower(folded)


class Export:
    def __init__(self, path):
        self.intercept = 0.0
        self.order = []  # columns in the order the table names them: the scorer's summation order
        self.numeric, self.indicator, self.impute = {}, {}, {}
        self.levels, self.missing = {}, {}
        self.na, self.case_sensitive, self.has_rules = [], False, False
        folded = []
        with open(path, newline="") as f:
            for row in csv.DictReader(f):
                term, column, level, weight = row["term"], row["column"], row["level"], row["weight"]
                if column and column not in self.order:
                    self.order.append(column)
                if term == "(Intercept)":
                    self.intercept = float(weight)
                elif term not in RULES:
                    if level == "":
                        self.numeric[column] = float(weight)
                    elif level == "(missing)" and column in self.numeric:
                        self.indicator[column] = float(weight)
                    else:
                        self.levels.setdefault(column, {})[level] = float(weight)
                else:
                    self.has_rules = True
                    if term == "(na)":
                        self.na.append(ascii_lower(level))
                    elif term == "(case)":
                        self.case_sensitive = level == "sensitive"
                    elif term == "(impute)":
                        self.impute[column] = float(weight)
                    elif term == "(missing)":
                        self.missing[column] = float(weight)
                    else:  # (reference) and (folded): more levels of the column
                        self.levels.setdefault(column, {})[level] = float(weight)
                        if term == "(folded)":
                            folded.append((column, level))
        # Levels match by key, which needs the case rule: keys are made once all is read.
        self.keys = {c: {level_key(l, self.case_sensitive): w for l, w in t.items() if l not in OWN_LEVELS}
                     for c, t in self.levels.items()}
        self.folded = {(c, level_key(l, self.case_sensitive)) for c, l in folded}
        self.spelled = {c: set(t) for c, t in self.levels.items()}

    def is_missing(self, cell):
        t = cell.strip(WHITE)
        return t == "" or ascii_lower(t) in self.na

    def logit(self, lead, seen):
        """The lead's logit, or None when the export cannot say how to score it."""
        eta = self.intercept
        for column in self.order:
            cell = lead[column]
            missing = self.is_missing(cell)
            if missing:
                seen["missing"] += 1
                seen["placeholder"] += cell.strip(WHITE) != ""
            if column in self.numeric:
                if missing:
                    if column not in self.impute:
                        return None
                    x = self.impute[column]
                else:
                    t = cell.strip(WHITE)
                    if not NUMBER.fullmatch(t):
                        return None
                    x = float(t)
                part = self.numeric[column] * x
                if missing and column in self.indicator:
                    part = part + self.indicator[column]
            elif missing:
                if column not in self.missing:
                    return None
                part = self.missing[column]
            else:
                k = level_key(cell, self.case_sensitive)
                table = self.keys.get(column, {})
                part = table.get(k, 0.0)
                seen["folded"] += (column, k) in self.folded
                seen["unseen"] += k not in table
                seen["spelled"] += k in table and cell not in self.spelled[column]
            eta = eta + part
        return eta


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__.split("\n\n")[1])
    export_path, data_path, scores_path = sys.argv[1:4]
    export = Export(export_path)
    with open(data_path, newline="", encoding="utf-8-sig") as f:
        sample = f.readline()
        delimiter = ";" if sample.count(";") > sample.count(",") else ","
    seen = {"missing": 0, "placeholder": 0, "folded": 0, "unseen": 0, "spelled": 0}
    compared, unscorable, worst = 0, 0, 0.0
    with open(data_path, newline="", encoding="utf-8-sig") as d, open(scores_path, newline="") as s:
        for lead, scored in zip(csv.DictReader(d, delimiter=delimiter), csv.DictReader(s)):
            eta = export.logit(lead, seen)
            if eta is None:
                unscorable += 1
                continue
            p = 1.0 / (1.0 + math.exp(-eta)) if eta >= 0 else math.exp(eta) / (1.0 + math.exp(eta))
            got = float(scored["probability"])
            worst = max(worst, abs(got - p) / p)
            compared += 1
    print(f"compared {compared} leads (cells: {seen['missing']} missing, {seen['placeholder']} of them "
          f"placeholders; {seen['folded']} folded levels, {seen['unseen']} unseen, {seen['spelled']} spelled "
          f"otherwise than exported); largest relative difference {worst:.3g}")
    if unscorable:
        print(f"{unscorable} leads cannot be scored from this export alone"
              + ("" if export.has_rules else " (it has no rule rows: exported by an older leadscore)"))
    return 0 if compared > 0 and unscorable == 0 and worst <= 1e-12 else 1


if __name__ == "__main__":
    sys.exit(main())
