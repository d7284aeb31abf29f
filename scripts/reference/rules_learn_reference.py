#!/usr/bin/env python3
"""rules_learn_reference.py: the terms of 'leadscore train --from-rules',
computed from issue 10's semantics with rules_reference.py (not from the C
code), for rules_learn_reference.R to fit with R's glm.

    python3 scripts/reference/rules_learn_reference.py RULES.json DATA.csv TARGET > terms.csv

One column per rule, r1..rN, the rule's contribution per point
(include/leadscore/rules_learn.h): when its "when" holds (no "when": always),
1 for a plain rule, and for a per_unit rule the column's value (missing: 0)
limited in magnitude to max / |points| units; 0 when it does not hold; for a
rule in a group that "decay" names, times 0.5 ** (days / half_life_days)
(days missing or negative: 1). Then "y", the outcome as 0/1.
"""
import csv
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rules_reference as rr  # noqa: E402

TARGETS = {"1": 1, "0": 0, "yes": 1, "no": 0, "true": 1, "false": 0}


def unit(rule, lead, factor, decayed):
    if "when" in rule and not rr.holds(rule["when"], lead):
        return 0.0
    u = 1.0
    if "per_unit" in rule:
        col = rule["per_unit"]
        u = 0.0 if lead.missing(col) else lead.number(col)
        if "max" in rule:
            cap = rule["max"] / abs(rule["points"]) if rule["points"] != 0 else (0.0 if rule["max"] == 0 else None)
            if cap is not None and abs(u) > cap:
                u = cap if u > 0 else -cap
    if rule.get("group") in decayed:
        u *= factor
    return u


def main(argv):
    import json

    rules = json.load(open(argv[1]))
    target = argv[3]
    na = {v.strip(rr.SPACE).translate(rr.ASCII_LOWER) for v in rules.get("na", [])}
    numeric = rr.numeric_columns(rules)
    decay = rules.get("decay")
    decayed = set(decay["groups"]) if decay else set()
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["r%d" % (i + 1) for i in range(len(rules["rules"]))] + ["y"])
    with open(argv[2], newline="") as f:
        for row in csv.DictReader(f):
            lead = rr.Lead(row, na, numeric)
            factor = 1.0
            if decay is not None:
                col = decay["column"]
                if not lead.missing(col) and lead.number(col) >= 0:
                    factor = 0.5 ** (lead.number(col) / decay["half_life_days"])
            y = TARGETS[row[target].strip().lower()]
            out.writerow([repr(unit(r, lead, factor, decayed)) for r in rules["rules"]] + [y])


if __name__ == "__main__":
    main(sys.argv)
