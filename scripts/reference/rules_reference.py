#!/usr/bin/env python3
"""rules_reference.py: an independent implementation of points rule sets
(issue 10), written from the issue's text and not from the C code, to check
'leadscore score' lead by lead.

    python3 scripts/reference/rules_reference.py RULES.json DATA.csv [--id COL] [--reasons K]

writes "id,score,band,points[,reasons]" for every lead to standard output.

Semantics (the issue's, with the choices include/leadscore/rules.h states):
  - cells are trimmed; a cell that is empty or equals a "na" placeholder
    (case-insensitive) is missing and satisfies no comparison, only
    missing: true (and a "not" around something it fails);
  - text compares by level key: trimmed, runs of white space folded to one
    space, ASCII letters lowered; contains is a substring of keys;
  - a JSON number in equals/in and at_least, at_most, greater_than,
    less_than, between compare numerically; a column compared with a number,
    read by per_unit or by decay must hold a number in every lead where it is
    not missing (else the lead is an error);
  - contribution: points when "when" holds (no "when": always), with per_unit
    points * value (missing: 0), then at most "max" in magnitude;
  - each group's sum is capped above at its max; decayed groups are
    multiplied by 0.5 ** (days / half_life_days) unless days is missing or
    negative; groups in declaration order, then ungrouped rules in rule
    order, are added; clamp to [0, max_score]; round half away from zero;
  - reasons: rules with a non-zero contribution, largest magnitude first
    (ties in rule order), "label +50.00".
Only the csv and json modules (and decimal for exact rounding).
"""
import csv
import decimal
import functools
import json
import re
import sys

SPACE = " \t\r\n\f\v"
SPACES = re.compile("[" + re.escape(SPACE) + "]+")
NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


@functools.lru_cache(maxsize=65536)
def key(text):
    parts = SPACES.split(text.strip(SPACE))
    return " ".join(p for p in parts if p).translate(ASCII_LOWER)


@functools.lru_cache(maxsize=65536)
def parse_number(text):
    if not NUMBER.fullmatch(text):
        return None
    return float(text)


class Lead:
    """One row, read the way a rule set reads cells."""

    def __init__(self, row, na, numeric_columns):
        self.row = row
        self.na = na
        for col in numeric_columns:  # unconditional: see the docstring
            if not self.missing(col) and parse_number(self.text(col)) is None:
                raise ValueError("column '%s' holds '%s', not a number" % (col, self.text(col)))

    def text(self, col):
        return self.row[col].strip(SPACE)

    def missing(self, col):
        t = self.text(col)
        return t == "" or t.translate(ASCII_LOWER) in self.na

    def number(self, col):
        return parse_number(self.text(col))


def holds(cond, lead):
    if "all" in cond:
        return all(holds(c, lead) for c in cond["all"])
    if "any" in cond:
        return any(holds(c, lead) for c in cond["any"])
    if "not" in cond:
        return not holds(cond["not"], lead)
    col = cond["column"]
    if "missing" in cond:
        return lead.missing(col) == cond["missing"]
    if lead.missing(col):
        return False

    def equals(v):
        if isinstance(v, (int, float)):
            return lead.number(col) == v
        return key(lead.text(col)) == key(v)

    if "equals" in cond:
        return equals(cond["equals"])
    if "in" in cond:
        return any(equals(v) for v in cond["in"])
    if "contains" in cond:
        return key(cond["contains"]) in key(lead.text(col))
    x = lead.number(col)
    if "at_least" in cond:
        return x >= cond["at_least"]
    if "at_most" in cond:
        return x <= cond["at_most"]
    if "greater_than" in cond:
        return x > cond["greater_than"]
    if "less_than" in cond:
        return x < cond["less_than"]
    if "between" in cond:
        lo, hi = cond["between"]
        return lo <= x <= hi
    raise ValueError("unknown operator in %r" % cond)


NUMERIC_OPS = ("at_least", "at_most", "greater_than", "less_than", "between")


def numeric_columns(rules):
    cols = set()

    def walk(cond):
        for op in ("all", "any"):
            for c in cond.get(op, []):
                walk(c)
        if "not" in cond:
            walk(cond["not"])
        if "column" in cond:
            values = cond.get("in", [cond.get("equals")])
            if any(op in cond for op in NUMERIC_OPS) or any(
                isinstance(v, (int, float)) and not isinstance(v, bool) for v in values
            ):
                cols.add(cond["column"])

    for r in rules["rules"]:
        if "when" in r:
            walk(r["when"])
        if "per_unit" in r:
            cols.add(r["per_unit"])
    if "decay" in rules:
        cols.add(rules["decay"]["column"])
    return cols


def contribution(rule, lead):
    if "when" in rule and not holds(rule["when"], lead):
        return 0.0
    c = float(rule["points"])
    if "per_unit" in rule:
        col = rule["per_unit"]
        c = 0.0 if lead.missing(col) else rule["points"] * lead.number(col)
    if "max" in rule and abs(c) > rule["max"]:
        c = rule["max"] if c > 0 else -rule["max"]
    return c


def score(rules, lead):
    contributions = [contribution(r, lead) for r in rules["rules"]]
    groups = rules.get("groups", [])
    sums = {g["name"]: 0.0 for g in groups}
    for r, c in zip(rules["rules"], contributions):
        if "group" in r:
            sums[r["group"]] += c
    factor = 1.0
    decay = rules.get("decay")
    if decay is not None:
        col = decay["column"]
        if not lead.missing(col) and lead.number(col) >= 0:
            factor = 0.5 ** (lead.number(col) / decay["half_life_days"])
    decayed = set(decay["groups"]) if decay is not None else set()
    total = 0.0
    for g in groups:
        s = sums[g["name"]]
        if "max" in g and s > g["max"]:
            s = float(g["max"])
        total += s * factor if g["name"] in decayed else s
    for r, c in zip(rules["rules"], contributions):
        if "group" not in r:
            total += c
    total = min(max(total, 0.0), float(rules.get("max_score", 100)))
    rounded = int(decimal.Decimal(total).quantize(decimal.Decimal(1), rounding=decimal.ROUND_HALF_UP))
    return total, rounded, contributions


def band_of(spec, s):
    name = None
    for item in spec.split(","):
        label, start = item.rsplit(":", 1)
        if s >= int(start):
            name = label.strip()
    return name


def main(argv):
    args = argv[1:]
    id_col, k = None, 0
    if "--id" in args:
        i = args.index("--id")
        id_col = args[i + 1]
        del args[i : i + 2]
    if "--reasons" in args:
        i = args.index("--reasons")
        k = int(args[i + 1])
        del args[i : i + 2]
    with open(args[0]) as f:
        rules = json.load(f)
    na = {v.strip(SPACE).translate(ASCII_LOWER) for v in rules.get("na", [])}
    numeric = numeric_columns(rules)
    spec = rules.get("bands", "Prospect:0,Lead:11,MQL:41,SQL:71")
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["id", "score", "band", "points"] + (["reasons"] if k else []))
    with open(args[1], newline="") as f:
        for n, row in enumerate(csv.DictReader(f), start=1):
            lead = Lead(row, na, numeric)
            total, rounded, contributions = score(rules, lead)
            line = [row[id_col] if id_col else n, rounded, band_of(spec, rounded), repr(total)]
            if k:
                fired = [(abs(c), i) for i, c in enumerate(contributions) if c != 0]
                fired.sort(key=lambda t: (-t[0], t[1]))
                line.append(
                    "; ".join("%s %+.2f" % (rules["rules"][i]["label"], contributions[i]) for _, i in fired[:k])
                )
            out.writerow(line)


if __name__ == "__main__":
    main(sys.argv)
