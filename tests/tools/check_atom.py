#!/usr/bin/env python3
"""Validate Atom feeds produced by planverk.

    python3 tests/tools/check_atom.py <file.xml>...

Parses each feed with `feedparser` (any bozo flag or a non-Atom feed is an
error) and checks, on the XML as written: the feed has id, title and updated;
every entry has id, title, updated and a link; every link href (feed and
entries) is an absolute http(s) URL. Prints JSON
{"feeds": [...], "errors": [...]} to stdout and exits 1 if errors is non-empty.
"""
import json
import sys
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import feedparser

ATOM = "{http://www.w3.org/2005/Atom}"


def is_absolute_http(href):
    parts = urlsplit(href or "")
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def check_feed(path, errors):
    err = lambda msg: errors.append(f"{path}: {msg}")
    result = {"path": path, "title": None, "entries": []}
    with open(path, "rb") as f:
        raw = f.read()
    parsed = feedparser.parse(raw)
    if parsed.bozo:
        err(f"feedparser: {parsed.get('bozo_exception')}")
    if parsed.version != "atom10":
        err(f"not an Atom 1.0 feed (feedparser says {parsed.version or 'unknown'!r})")
    result["title"] = parsed.feed.get("title")
    for entry in parsed.entries:
        # entry.link only if a real <link> exists: feedparser copies a URL-like id into it.
        link = entry.get("link") if entry.get("links") else None
        result["entries"].append({"title": entry.get("title"), "link": link,
                                  "id": entry.get("id"), "updated": entry.get("updated")})

    # Required elements and hrefs are checked on the XML as written: feedparser
    # fills gaps (updated from published, link from id) and resolves relative URLs.
    try:
        root = ET.fromstring(raw)
    except ET.ParseError as e:
        err(f"XML: {e}")
        return result
    if root.tag != f"{ATOM}feed":
        return result
    def missing(el):
        return [k for k in ("id", "title", "updated")
                if el.find(ATOM + k) is None or not "".join(el.find(ATOM + k).itertext()).strip()]
    for key in missing(root):
        err(f"feed has no {key}")
    for i, entry in enumerate(root.findall(f"{ATOM}entry"), 1):
        name = (entry.findtext(f"{ATOM}id") or "").strip() or f"entry #{i}"
        for key in missing(entry):
            err(f"{name}: no {key}")
        if not any(link.get("href") for link in entry.findall(f"{ATOM}link")):
            err(f"{name}: no link")
    for link in root.iter(f"{ATOM}link"):
        href = link.get("href")
        if not is_absolute_http(href):
            err(f"link href {href!r} is not an absolute http(s) URL")
    return result


def main(paths):
    if not paths:
        print("usage: python3 tests/tools/check_atom.py <file.xml>...", file=sys.stderr)
        return 2
    errors, feeds = [], []
    for path in paths:
        try:
            feeds.append(check_feed(path, errors))
        except OSError as e:
            errors.append(f"{path}: cannot read: {e}")
    json.dump({"feeds": feeds, "errors": errors}, sys.stdout, indent=2, ensure_ascii=False)
    print()
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
