#!/usr/bin/env python3
"""Read a CSV file the way a spreadsheet user's script would, with Python's csv module.

    python3 tests/tools/read_csv.py <file.csv>

Prints JSON {"bom": bool, "rows": [[cell, ...], ...]} (the BOM is removed from
the first cell by reading as utf-8-sig). Exits 1 if the file is not UTF-8 or not CSV.
"""
import csv
import json
import sys


def main(args):
    if len(args) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    with open(args[0], "rb") as f:
        raw = f.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        print(f"not UTF-8: {e}", file=sys.stderr)
        return 1
    try:
        rows = list(csv.reader(text.splitlines(keepends=True), strict=True))
    except csv.Error as e:
        print(f"not CSV: {e}", file=sys.stderr)
        return 1
    json.dump({"bom": raw.startswith(b"\xef\xbb\xbf"), "rows": rows}, sys.stdout, ensure_ascii=False)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
