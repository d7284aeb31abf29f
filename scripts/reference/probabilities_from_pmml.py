#!/usr/bin/env python3
"""Recompute leadscore's probabilities from a PMML 4.4 RegressionModel alone.

Usage: probabilities_from_pmml.py MODEL.pmml DATA.csv SCORES.csv

A small PMML evaluator (xml.etree, standard library only, none of leadscore's
code) for what a RegressionModel document may hold, read as the PMML 4.4
specification defines it: DataDictionary (types, values declared missing),
MiningSchema (invalidValueTreatment, missingValueTreatment with
missingValueReplacement), LocalTransformations (DerivedFields of Constant,
FieldRef with mapMissingTo, and Apply of if, and, or, not, equal, notEqual,
isMissing, isNotMissing, lowercase, uppercase, trimBlanks, replace), the
RegressionTables (NumericPredictor with exponent, CategoricalPredictor),
normalizationMethod logit and an OutputField of feature probability. Unknown
elements or functions stop it (exit 2) rather than be guessed at.

Input preparation, as an evaluator reading CSV cells does it: an empty cell is
missing; a continuous double field's cell is read as an xs:double (XML white
space around it is ignored); a cell that is not one is invalid.

Each lead's probability must agree with SCORES.csv (`leadscore score` for
DATA.csv, same rows) to 1e-12 relative; prints the largest difference and
exits 1 otherwise.
"""
import csv
import math
import re
import sys
import xml.etree.ElementTree as ET

NS = "{http://www.dmg.org/PMML-4_4}"
XS_DOUBLE = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|[+-]?INF|NaN")
MISSING = None


class Unsupported(Exception):
    pass


def tag(e):
    return e.tag.replace(NS, "")


def typed(text, data_type):
    if data_type in ("double", "float", "integer"):
        return float(text)
    return text if text is not None else ""


class Evaluator:
    def __init__(self, path):
        root = ET.parse(path).getroot()
        if tag(root) != "PMML" or root.get("version") != "4.4":
            raise Unsupported("not PMML 4.4")
        self.fields = {}
        for f in root.find(NS + "DataDictionary"):
            missing = {v.get("value") for v in f.findall(NS + "Value") if v.get("property") == "missing"}
            self.fields[f.get("name")] = (f.get("dataType"), missing)
        models = [e for e in root if tag(e).endswith("Model")]
        if len(models) != 1 or tag(models[0]) != "RegressionModel":
            raise Unsupported("one RegressionModel expected")
        m = models[0]
        if m.get("functionName") != "classification" or m.get("normalizationMethod") != "logit":
            raise Unsupported("a classification with logit normalization expected")
        self.mining = {f.get("name"): f for f in m.find(NS + "MiningSchema")}
        self.target = next(n for n, f in self.mining.items() if f.get("usageType") == "target")
        lt = m.find(NS + "LocalTransformations")
        self.derived = [] if lt is None else [(d.get("name"), d.get("dataType"), list(d)[0]) for d in lt]
        self.tables = m.findall(NS + "RegressionTable")
        out = m.find(NS + "Output")
        field = [o for o in out if o.get("feature") == "probability"][0]
        self.category = field.get("value")

    def prepare(self, name, cell):
        """A raw cell, through the DataDictionary and the MiningSchema."""
        data_type, declared_missing = self.fields[name]
        mf = self.mining.get(name)
        value = MISSING
        if cell != "" and cell not in declared_missing:
            if data_type == "double":
                t = cell.strip(" \t\r\n")
                value = float(t.replace("INF", "inf")) if XS_DOUBLE.fullmatch(t) else "invalid"
            else:
                value = cell
        if value == "invalid":
            treatment = mf.get("invalidValueTreatment", "returnInvalid")
            if treatment == "asMissing":
                value = MISSING
            elif treatment != "asIs":
                raise Unsupported(f"{name}: invalid value '{cell}' with invalidValueTreatment {treatment}")
        if value is MISSING and mf.get("missingValueReplacement") is not None:
            value = typed(mf.get("missingValueReplacement"), data_type)
        return value

    def expr(self, e, env):
        t = tag(e)
        if t == "Constant":
            return typed(e.text, e.get("dataType", "string"))
        if t == "FieldRef":
            v = env[e.get("field")]
            if v is MISSING and e.get("mapMissingTo") is not None:
                return typed(e.get("mapMissingTo"), self.field_type(e.get("field")))
            return v
        if t != "Apply":
            raise Unsupported(f"expression {t}")
        f = e.get("function")
        args = [self.expr(a, env) for a in e]
        if f == "isMissing":
            return args[0] is MISSING
        if f == "isNotMissing":
            return args[0] is not MISSING
        if f == "if":
            if args[0] is MISSING:
                r = MISSING
            else:
                r = args[1] if args[0] else (args[2] if len(args) > 2 else MISSING)
        elif any(a is MISSING for a in args):
            r = MISSING
        elif f == "and":
            r = all(args)
        elif f == "or":
            r = any(args)
        elif f == "not":
            r = not args[0]
        elif f == "equal":
            r = args[0] == args[1]
        elif f == "notEqual":
            r = args[0] != args[1]
        elif f == "lowercase":
            r = args[0].lower()
        elif f == "uppercase":
            r = args[0].upper()
        elif f == "trimBlanks":
            r = args[0].strip()
        elif f == "replace":
            r = re.sub(args[1], args[2], args[0])
        else:
            raise Unsupported(f"function {f}")
        if r is MISSING and e.get("mapMissingTo") is not None:
            r = e.get("mapMissingTo")
        return r

    def field_type(self, name):
        if name in self.fields:
            return self.fields[name][0]
        return next(d for n, d, _ in self.derived if n == name)

    def probability(self, lead):
        env = {n: self.prepare(n, lead[n]) for n in self.mining if n != self.target}
        for name, _, e in self.derived:
            env[name] = self.expr(e, env)
        ys = {}
        for table in self.tables:
            y = float(table.get("intercept"))
            for p in table:
                v = env[p.get("name")]
                if tag(p) == "NumericPredictor":
                    if v is MISSING:
                        return None  # PMML: a missing predictor makes the result missing
                    y += float(p.get("coefficient")) * v ** int(p.get("exponent", "1"))
                elif tag(p) == "CategoricalPredictor":
                    y += float(p.get("coefficient")) if v == p.get("value") else 0.0
                else:
                    raise Unsupported(tag(p))
            ys[table.get("targetCategory")] = y
        # logit normalization for a binary model: P(first) = 1 / (1 + exp(-y)),
        # the last category gets the rest
        first = self.tables[0].get("targetCategory")
        p = 1.0 / (1.0 + math.exp(-ys[first]))
        return p if self.category == first else 1.0 - p


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__.split("\n\n")[1])
    try:
        ev = Evaluator(sys.argv[1])
    except Unsupported as e:
        print(f"unsupported PMML: {e}")
        return 2
    with open(sys.argv[2], newline="", encoding="utf-8-sig") as f:
        first = f.readline()
    delimiter = ";" if first.count(";") > first.count(",") else ","
    worst, compared, bad = 0.0, 0, 0
    with open(sys.argv[2], newline="", encoding="utf-8-sig") as d, open(sys.argv[3], newline="") as s:
        for n, (lead, scored) in enumerate(zip(csv.DictReader(d, delimiter=delimiter), csv.DictReader(s)), 1):
            try:
                p = ev.probability(lead)
            except Unsupported as e:
                print(f"unsupported PMML: {e}")
                return 2
            want = float(scored["probability"])
            if p is None:
                bad += 1
                continue
            rel = abs(p - want) / want
            worst = max(worst, rel)
            bad += rel > 1e-12
            compared += 1
    print(f"compared {compared} leads from the PMML alone; largest relative difference {worst:.3g}; {bad} differ")
    return 0 if compared > 0 and bad == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
