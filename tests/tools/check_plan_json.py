#!/usr/bin/env python3
"""Validate plan.json files produced by planverk against the published JSON Schema.

    python3 tests/tools/check_plan_json.py <schema.json> <plan.json>...

Uses the `jsonschema` package (Draft 2020-12, format checks on). Prints JSON
{"files": [{"path", "title", "items"}], "errors": [...]} to stdout and exits 1
if errors is non-empty.
"""
import json
import sys

from jsonschema import Draft202012Validator


def count_items(doc):
    def walk(s):
        return len(s["goals"]) + len(s["measures"]) + sum(walk(i) for i in s["strategies"])
    return len(doc["goals"]) + sum(walk(s) for s in doc["strategies"])


def main(args):
    if len(args) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    with open(args[0], encoding="utf-8") as f:
        schema = json.load(f)
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    errors, files = [], []
    for path in args[1:]:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        found = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
        for e in found:
            where = "/".join(str(p) for p in e.absolute_path)
            errors.append(f"{path}: /{where}: {e.message}")
        files.append({"path": path, "title": doc.get("title"), "items": count_items(doc) if not found else None})
    json.dump({"files": files, "errors": errors}, sys.stdout, indent=2, ensure_ascii=False)
    print()
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
