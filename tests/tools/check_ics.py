#!/usr/bin/env python3
"""Validate iCalendar files produced by planverk.

    python3 tests/tools/check_ics.py <file.ics>...

Parses each file with the `icalendar` library and checks the raw bytes
(CRLF line ends, lines of at most 75 octets, continuation lines starting with
one space, folds that never split a UTF-8 sequence) and the content
(VERSION:2.0 and PRODID; UID, DTSTAMP, DTSTART, SUMMARY on every VEVENT;
DTSTART/DTEND in UTC or with a TZID that has a VTIMEZONE; DTEND > DTSTART).
All-day values (VALUE=DATE) are accepted too. Prints JSON
{"files": [...], "errors": [...]} to stdout and exits 1 if errors is non-empty.
"""
import datetime as dt
import json
import sys

from icalendar import Calendar


def check_raw(raw, err):
    """Line-level checks on the bytes as written (RFC 5545 section 3.1)."""
    if not raw.endswith(b"\r\n"):
        err("file does not end with CRLF")
    lines = raw.split(b"\n")
    if lines[-1] == b"":
        lines.pop()
    bare = [no for no, line in enumerate(lines, 1) if not line.endswith(b"\r") or b"\r" in line[:-1]]
    if bare:
        err(f"{len(bare)} line(s) not ending in CRLF (bare LF or CR), first at line {bare[0]}")
    for no, line in enumerate(lines, 1):
        line = line.removesuffix(b"\r")
        if len(line) > 75:
            err(f"line {no}: {len(line)} octets, more than 75")
        if line[:1] == b"\t":
            err(f"line {no}: continuation line starts with a tab, not a space")
        if no == 1 and line[:1] == b" ":
            err("line 1: starts with a space (continuation of nothing)")
        try:
            line.decode("utf-8")
        except UnicodeDecodeError as e:
            err(f"line {no}: not valid UTF-8 on its own (fold splits a character?): {e.reason}")


def iso(value):
    return value.isoformat() if value is not None else None


def check_time(ev, name, tzids, err):
    """DTSTART/DTEND/DTSTAMP: UTC, a TZID with a VTIMEZONE, or a plain date."""
    prop = ev.get(name)
    if prop is None:
        return None
    try:
        value = prop.dt
    except Exception as e:  # icalendar keeps unparsable values as broken properties
        err(f"{name}: {e}")
        return None
    tzid = prop.params.get("TZID")
    raw = prop.to_ical().decode()
    if type(value) is dt.date:
        return value
    if tzid:
        if tzid not in tzids:
            err(f"{name} TZID={tzid} has no VTIMEZONE in the calendar")
    elif not raw.endswith("Z"):
        err(f"{name} {raw} is floating: neither UTC (Z) nor TZID")
    return value


def check_event(ev, tzids, err):
    uid = str(ev.get("UID", "")) or None
    for name in ("UID", "DTSTAMP", "DTSTART", "SUMMARY"):
        if ev.get(name) is None:
            err(f"missing {name}")
    start = check_time(ev, "DTSTART", tzids, err)
    end = check_time(ev, "DTEND", tzids, err)
    if end is None and start is not None and ev.get("DURATION") is not None:
        end = start + ev["DURATION"].dt
    elif start is not None and end is not None:
        if type(start) is not type(end):
            err("DTSTART and DTEND are of different value types (DATE vs DATE-TIME)")
        else:
            try:
                if not end > start:
                    err(f"DTEND {iso(end)} is not after DTSTART {iso(start)}")
            except TypeError as e:
                err(f"cannot compare DTSTART and DTEND: {e}")
    stamp = check_time(ev, "DTSTAMP", tzids, err)
    try:
        sequence = int(ev.get("SEQUENCE", 0))
    except (TypeError, ValueError) as e:
        err(f"SEQUENCE: {e}")
        sequence = None
    text = lambda name: str(ev[name]) if ev.get(name) is not None else None
    return {
        "uid": uid,
        "summary": text("SUMMARY"),
        "description": text("DESCRIPTION"),
        "location": text("LOCATION"),
        "url": text("URL"),
        "status": text("STATUS"),
        "sequence": sequence,
        "dtstart": iso(start),
        "dtend": iso(end),
        "dtstamp": iso(stamp),
    }


def check_file(path, errors):
    def err_for(where):
        return lambda msg: errors.append(f"{path}: {where}{msg}")

    result = {"path": path, "events": [], "calname": None}
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except OSError as e:
        err_for("")(f"cannot read: {e}")
        return result
    check_raw(raw, err_for(""))
    try:
        cal = Calendar.from_ical(raw)
    except Exception as e:  # icalendar raises ValueError and friends
        err_for("")(f"icalendar cannot parse: {e}")
        return result
    err = err_for("")
    if cal.name != "VCALENDAR":
        err(f"top-level component is {cal.name}, not VCALENDAR")
    if str(cal.get("VERSION", "")) != "2.0":
        err("VCALENDAR must have VERSION:2.0")
    if not cal.get("PRODID"):
        err("VCALENDAR has no PRODID")
    for component in cal.walk():
        for prop, problem in getattr(component, "errors", []):
            err(f"{component.name} {prop}: {problem}")
    name = cal.get("X-WR-CALNAME") or cal.get("NAME")
    result["calname"] = str(name) if name is not None else None
    tzids = {str(tz.get("TZID")) for tz in cal.walk("VTIMEZONE")}
    for i, ev in enumerate(cal.walk("VEVENT"), 1):
        where = f"VEVENT {ev.get('UID') or '#' + str(i)}: "
        result["events"].append(check_event(ev, tzids, err_for(where)))
    return result


def main(paths):
    if not paths:
        print("usage: python3 tests/tools/check_ics.py <file.ics>...", file=sys.stderr)
        return 2
    errors = []
    files = [check_file(p, errors) for p in paths]
    json.dump({"files": files, "errors": errors}, sys.stdout, indent=2, ensure_ascii=False)
    print()
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
