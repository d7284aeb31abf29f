#!/usr/bin/env python3
"""model_json.py: edit a leadscore model file and give it a valid checksum.

The checksum (src/model_checksum.c) is the SHA-256 of the model printed by
cJSON_PrintUnformatted without its "checksum" member, stored as
"sha256:<hex>" in "checksum" (the last member). To recompute it outside C,
this prints the tree exactly as cJSON does: members in file order, no
spaces, numbers as cJSON's print_number writes them, strings escaped as
cJSON escapes them.

usage: model_json.py MODEL delete PATH      remove a member, e.g. training.options.l1
       model_json.py MODEL set PATH JSON    replace a value (JSON text, e.g. 1e999)
       model_json.py MODEL rechecksum       only recompute the checksum
PATH is dot-separated; array items by index (terms.1.weight).
"""
import hashlib
import json
import math
import sys


class Raw:
    """A number kept as written (1e999 reads as inf in cJSON)."""

    def __init__(self, text):
        self.text = text


def cjson_number(v):
    if isinstance(v, Raw):
        v = float(v.text)
    d = float(v)
    if math.isnan(d) or math.isinf(d):
        return "null"
    # cJSON: integral values in int range print as %d
    if d == int(d) and -2147483648 <= d <= 2147483647:
        return "%d" % int(d)
    # cJSON 1.7.15 keeps 15 digits when they read back within one epsilon
    # (compare_double), not only when they read back exactly
    s = "%1.15g" % d
    t = float(s)
    if abs(t - d) > max(abs(t), abs(d)) * sys.float_info.epsilon:
        s = "%1.17g" % d
    return s


def cjson_string(s):
    out = ['"']
    for ch in s:
        o = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\b":
            out.append("\\b")
        elif ch == "\f":
            out.append("\\f")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif o < 32:
            out.append("\\u%04x" % o)
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def unformatted(v):
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, (int, float, Raw)):
        return cjson_number(v)
    if isinstance(v, str):
        return cjson_string(v)
    if isinstance(v, list):
        return "[" + ",".join(unformatted(x) for x in v) + "]"
    return "{" + ",".join(cjson_string(k) + ":" + unformatted(x) for k, x in v.items()) + "}"


def raw_text(v):
    """The file's own text: like unformatted, but a Raw number as written."""
    if isinstance(v, Raw):
        return v.text
    if isinstance(v, list):
        return "[" + ",".join(raw_text(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ",".join(cjson_string(k) + ":" + raw_text(x) for k, x in v.items()) + "}"
    return unformatted(v)


def parent_and_key(root, path):
    parts = path.split(".")
    node = root
    for p in parts[:-1]:
        node = node[int(p)] if isinstance(node, list) else node[p]
    last = parts[-1]
    return node, (int(last) if isinstance(node, list) else last)


def main(argv):
    if len(argv) < 3:
        sys.stderr.write(__doc__)
        return 2
    path, action = argv[1], argv[2]
    with open(path, encoding="utf-8") as f:
        root = json.load(f)
    if action == "delete":
        node, key = parent_and_key(root, argv[3])
        del node[key]
    elif action == "set":
        node, key = parent_and_key(root, argv[3])
        text = argv[4]
        try:
            value = json.loads(text)
            if isinstance(value, float) and math.isinf(value) or text.lower().startswith(("1e9", "-1e9")):
                value = Raw(text)
        except ValueError:
            value = Raw(text)
        node[key] = value
    elif action != "rechecksum":
        sys.stderr.write(__doc__)
        return 2
    root.pop("checksum", None)
    digest = hashlib.sha256(unformatted(root).encode("utf-8")).hexdigest()
    root["checksum"] = "sha256:" + digest
    with open(path, "w", encoding="utf-8") as f:
        f.write(raw_text(root))
        f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
