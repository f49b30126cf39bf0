#!/usr/bin/python3
"""Check sipsurv's --format nagios output against the Monitoring Plugins rules.

    check_nagios.py [--rc N] [--name NAME] FILE|- ...

The rules (https://www.monitoring-plugins.org/doc/guidelines.html):
- the first line is "SIPSURV <OK|WARNING|CRITICAL|UNKNOWN> - text", then
  "|" and the performance data; with --rc, the word matches the exit status
  (0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN);
- the text never contains "|" (the first one starts the perfdata), nor does
  any further line (a "|" there would start long-output perfdata);
- perfdata items are separated by spaces, each
  'label'=value[UOM];[warn];[crit];[min];[max]: a quoted label has any
  character but "=", a quote inside doubled; value, min and max are numbers
  ([-0-9.]) or U; UOM is one of s ms us % B KB MB TB c (or none); warn and
  crit are ranges ([@][start:][end], start may be ~); trailing semicolons may
  be dropped;
- every label is unique (a repeated one overwrites a graph's history).
Each failure names the file, line and item. Exit 0 when all pass, 1 otherwise.
"""

import argparse
import re
import sys

STATES = {"OK": 0, "WARNING": 1, "CRITICAL": 2, "UNKNOWN": 3}
FIRST = re.compile(r"^SIPSURV (OK|WARNING|CRITICAL|UNKNOWN) - ")
NUM = r"-?(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)"
VALUE = re.compile(rf"^(?:{NUM}|U)$")
UOMS = ("", "s", "ms", "us", "%", "B", "KB", "MB", "TB", "c")
RANGE = re.compile(rf"^(?:@?(?:(?:{NUM}|~):)?(?:{NUM})?)$")
BOUND = re.compile(rf"^(?:{NUM})?$")


def split_items(perf):
    """Perfdata items, honouring quoted labels (which may hold spaces)."""
    items, i = [], 0
    while i < len(perf):
        if perf[i] == " ":
            i += 1
            continue
        start = i
        if perf[i] == "'":
            i += 1
            while i < len(perf):
                if perf[i] == "'" and i + 1 < len(perf) and perf[i + 1] == "'":
                    i += 2
                elif perf[i] == "'":
                    i += 1
                    break
                else:
                    i += 1
            else:
                raise ValueError(f"unterminated quoted label in {perf[start:]!r}")
        while i < len(perf) and perf[i] != " ":
            i += 1
        items.append(perf[start:i])
    return items


def parse_item(item):
    """(label, problems) of one perfdata item."""
    problems = []
    if item.startswith("'"):
        end = 1
        while True:
            end = item.index("'", end)
            if item[end + 1 : end + 2] == "'":
                end += 2
                continue
            break
        label = item[1:end].replace("''", "'")
        rest = item[end + 1 :]
        if not label:
            problems.append("empty label")
    else:
        label, sep, rest = item.partition("=")
        rest = sep + rest
        if "'" in label:
            problems.append("a quote in an unquoted label")
    if "=" in label:
        problems.append("'=' in the label")
    if not rest.startswith("="):
        return label, problems + ["no '=' after the label"]
    fields = rest[1:].split(";")
    if len(fields) > 5:
        problems.append(f"{len(fields)} fields, at most 5 (value;warn;crit;min;max)")
    m = re.match(rf"^({NUM}|U)(.*)$", fields[0])
    if not m:
        problems.append(f"value {fields[0]!r} is not a number")
    elif m.group(2) not in UOMS:
        problems.append(f"unit {m.group(2)!r} is not one of {' '.join(u for u in UOMS if u)}")
    for name, value in zip(("warn", "crit"), fields[1:3]):
        if not RANGE.match(value) or value == "@":
            problems.append(f"{name} {value!r} is not a threshold range")
    for name, value in zip(("min", "max"), fields[3:5]):
        if not BOUND.match(value):
            problems.append(f"{name} {value!r} is not a number")
    return label, problems


def check(text, rc):
    problems = []
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if not lines:
        return ["no output"]
    first = lines[0]
    m = FIRST.match(first)
    if not m:
        problems.append(f"line 1 does not start 'SIPSURV <OK|WARNING|CRITICAL|UNKNOWN> - ': {first!r}")
    elif rc is not None and STATES[m.group(1)] != rc:
        problems.append(f"line 1 says {m.group(1)} but the exit status is {rc}")
    text_part, bar, perf = first.partition("|")
    if not bar:
        problems.append("line 1 has no performance data ('|')")
    labels = {}
    if bar:
        try:
            items = split_items(perf)
        except ValueError as e:
            items = []
            problems.append(f"line 1 perfdata: {e}")
        for item in items:
            label, item_problems = parse_item(item)
            problems += [f"line 1 perfdata item {item!r}: {p}" for p in item_problems]
            if label in labels:
                problems.append(f"line 1 perfdata label {label!r} repeats (items {labels[label]!r} and {item!r})")
            labels.setdefault(label, item)
    for n, line in enumerate(lines[1:], 2):
        if "|" in line:
            problems.append(f"line {n} contains '|', which starts perfdata: {line!r}")
        if not line.strip():
            problems.append(f"line {n} is empty")
    return problems


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rc", type=int, help="the exit status the output came with")
    ap.add_argument("--name", help="name for stdin in messages (default: -)")
    ap.add_argument("files", nargs="+")
    args = ap.parse_args()
    failed = 0
    for file in args.files:
        name = (args.name or "-") if file == "-" else file
        text = sys.stdin.read() if file == "-" else open(file, encoding="utf-8").read()
        problems = check(text, args.rc)
        if problems:
            failed += 1
            print(f"FAIL {name}: {len(problems)} problem(s)", file=sys.stderr)
            for p in problems:
                print(f"  {p}", file=sys.stderr)
    print(f"check_nagios: {len(args.files)} output(s), {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
