#!/usr/bin/python3
"""Check sipsurv's JSON output against its JSON Schema and the output rules.

    check_json.py [--schema FILE] [--name NAME] FILE|- ...

Each FILE holds one JSON document (resolve, probe, simulate, status) or one
JSON object per line (watch, NDJSON). Every document is validated against the
schema (draft 2020-12, man/sipsurv-1.schema.json by default), which picks the
part for its "command" (and watch's "event"), and against the rules the schema
cannot say clearly: an absent value is null, never ""; a key "time" is RFC
3339; a key ending in _ms is a number; no key ends in _s (relative times are
offsets in milliseconds). Every failure names the document (file, line for
NDJSON, command) and the JSON path that failed. Exit status 0 when all pass,
1 when any fails, 2 on a usage error.
"""

import argparse
import json
import os
import re
import sys

try:
    import jsonschema
except ImportError:  # the Debian package python3-jsonschema (scripts/debian-packages.txt)
    sys.exit("check_json.py: python3-jsonschema is not installed (see scripts/debian-packages.txt)")

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_SCHEMA = os.path.join(HERE, "..", "..", "man", "sipsurv-1.schema.json")
RFC3339 = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$")
MAX_ERRORS = 20


def json_path(parts):
    out = "$"
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else f".{p}"
    return out


def is_ms(value):
    """A number of milliseconds, null, or an object of them ("timings_ms": {"dns": 1.2, ...})."""
    if isinstance(value, dict):
        return all(v is None or (isinstance(v, (int, float)) and not isinstance(v, bool)) for v in value.values())
    return value is None or (isinstance(value, (int, float)) and not isinstance(value, bool))


def rule_errors(value, path=()):
    """The output rules, as (path, message) pairs."""
    if isinstance(value, dict):
        for key, item in value.items():
            here = path + (key,)
            if key == "time" and not (isinstance(item, str) and RFC3339.match(item)):
                yield here, f"'time' must be an RFC 3339 time, not {item!r}"
            if key.endswith("_ms") and not is_ms(item):
                yield here, f"a key ending in _ms is a number of milliseconds (or an object of them), not {item!r}"
            if key.endswith("_s"):
                yield here, "relative times are offsets in milliseconds (_ms), not seconds (_s)"
            yield from rule_errors(item, here)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from rule_errors(item, path + (i,))
    elif value == "":
        yield path, 'an absent value is null, not ""'


def leaves(error):
    """The specific errors under an anyOf/oneOf: those of the branch that takes
    the value's type (the object branch of "object or null"), for a message
    that says what is wrong inside it."""
    if not error.context:
        return [error]
    branches = {}
    for e in error.context:
        branches.setdefault(e.relative_schema_path[0], []).append(e)
    typed = [b for b in branches.values() if not any(e.validator == "type" and not e.relative_path for e in b)]
    chosen = typed[0] if typed else [jsonschema.exceptions.best_match(error.context)]
    return [leaf for e in chosen for leaf in leaves(e)]


def message(error):
    if error.validator == "minLength" and error.instance == "":
        return 'an absent value is null, not ""'
    return error.message


def documents(name, text):
    """(where, document) pairs: the whole text as one document, else one per line."""
    try:
        yield name, json.loads(text)
        return
    except json.JSONDecodeError as whole_error:
        lines = [(n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
        if len(lines) < 2:
            raise ValueError(f"{name}: not JSON: {whole_error}") from None
    for n, line in lines:
        try:
            yield f"{name}:{n}", json.loads(line)
        except json.JSONDecodeError as e:
            raise ValueError(f"{name}:{n}: not JSON (neither one document nor NDJSON): {e}") from None


def describe(doc):
    if not isinstance(doc, dict):
        return "not an object"
    what = str(doc.get("command", "no command"))
    if "event" in doc:
        what += f" event {doc['event']}"
    return what


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--schema", default=DEFAULT_SCHEMA)
    ap.add_argument("--name", help="name for stdin in messages (default: -)")
    ap.add_argument("files", nargs="+")
    args = ap.parse_args()

    with open(args.schema, encoding="utf-8") as f:
        schema = json.load(f)
    # (The schema itself is checked once, by tests/cli/test_json_schema.sh.)
    validator = jsonschema.Draft202012Validator(schema)

    failed = 0
    count = 0
    for file in args.files:
        name = (args.name or "-") if file == "-" else file
        text = sys.stdin.read() if file == "-" else open(file, encoding="utf-8").read()
        try:
            docs = list(documents(name, text))
        except ValueError as e:
            print(f"FAIL {e}", file=sys.stderr)
            failed += 1
            continue
        for where, doc in docs:
            count += 1
            errors = [leaf for e in validator.iter_errors(doc) for leaf in leaves(e)]
            # A part that failed evaluates none of its keys, so every key would
            # also show as "unevaluated": report that only when nothing else failed.
            if any(e.validator != "unevaluatedProperties" for e in errors):
                errors = [e for e in errors if e.validator != "unevaluatedProperties"]
            errors.sort(key=lambda e: [str(p) for p in e.absolute_path])
            problems = []
            flagged = set()
            for e in errors:
                schema_at = "#/" + "/".join(str(p) for p in e.absolute_schema_path)
                problems.append(f"at {json_path(e.absolute_path)}: {message(e)} (schema {schema_at})")
                flagged.add(json_path(e.absolute_path))
            problems += [f"at {json_path(p)}: {m}" for p, m in rule_errors(doc) if json_path(p) not in flagged]
            if problems:
                failed += 1
                print(f"FAIL {where} ({describe(doc)}): {len(problems)} problem(s)", file=sys.stderr)
                for p in problems[:MAX_ERRORS]:
                    print(f"  {p}", file=sys.stderr)
                if len(problems) > MAX_ERRORS:
                    print(f"  ... and {len(problems) - MAX_ERRORS} more", file=sys.stderr)
    print(f"check_json: {count} document(s), {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
