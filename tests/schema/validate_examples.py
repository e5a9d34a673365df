#!/usr/bin/env python3
"""Validate Tertial report files against the published JSON Schema.

Checks, printing one line each:
  * the schema itself: a valid draft 2020-12 schema, and every object schema
    that lists properties is closed (additionalProperties: false), as
    docs/format.md says unknown keys are errors;
  * every examples/*/*.json under --root (deeper folders hold inputs, not reports), every rolled-over golden file in
    tests/data/rollover/ and every file in valid/ next to this script is
    accepted;
  * every file in invalid/ is rejected, and for exactly the reason given in
    invalid_expected.txt (the JSON pointer and the failing keyword), so a
    fixture cannot pass by being broken in some other way.
A file with a duplicate key in one object is a failure too: JSON parsers keep
one of the two values, so content would be dropped silently.

Ends with "N passed, M failed"; exits 1 if anything failed.

Needs the jsonschema package (Debian: python3-jsonschema, 4.10 or newer).
"""

import argparse
import json
import sys
from pathlib import Path

try:
    import jsonschema
except ImportError:
    print(f"error: {sys.executable} has no jsonschema module "
          "(install python3-jsonschema)", file=sys.stderr)
    sys.exit(2)

HERE = Path(__file__).resolve().parent


class DuplicateKey(ValueError):
    pass


def _no_duplicates(pairs):
    obj = {}
    for key, value in pairs:
        if key in obj:
            raise DuplicateKey(f"duplicate key {key!r}")
        obj[key] = value
    return obj


def load_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f, object_pairs_hook=_no_duplicates)


def pointer(path):
    """A JSON pointer (RFC 6901) for a jsonschema error path."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


def describe(error):
    return f'{pointer(error.absolute_path) or "(top level)"}: {error.message}'


def open_objects(node, where="#"):
    """Object schemas that list properties but do not forbid other keys.

    Subschemas that are predicates rather than descriptions of an object
    (under if, contains, not) are skipped, as is the block dispatcher, which
    is closed by the block schemas its then-branches refer to.
    """
    found = []
    if isinstance(node, dict):
        if ("properties" in node and node.get("additionalProperties") is not False
                and where != "#/$defs/block"):
            found.append(where)
        for key, value in node.items():
            if key not in ("if", "contains", "not"):
                found += open_objects(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += open_objects(value, f"{where}/{i}")
    return found


def read_expectations(path):
    """invalid_expected.txt: file -> (pointer, keyword)."""
    expected = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, ptr, keyword = line.split()
        expected[name] = ("" if ptr == '""' else ptr, keyword)
    return expected


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schema", required=True, type=Path)
    parser.add_argument("--root", required=True, type=Path,
                        help="the source tree; its examples/*/*.json are validated")
    args = parser.parse_args()
    root = args.root.resolve()

    passed = failed = 0

    def report(ok, name, detail=""):
        nonlocal passed, failed
        if ok:
            passed += 1
        else:
            failed += 1
        print(f'{"ok  " if ok else "FAIL"} {name}{": " + detail if detail else ""}')

    def shown(path):
        path = path.resolve()
        return str(path.relative_to(root)) if path.is_relative_to(root) else str(path)

    # The schema itself.
    try:
        schema = load_json(args.schema)
        jsonschema.Draft202012Validator.check_schema(schema)
    except (OSError, ValueError, jsonschema.exceptions.SchemaError) as e:
        report(False, shown(args.schema), str(e).splitlines()[0])
        print(f"{passed} passed, {failed} failed")
        return 1
    open_ = open_objects(schema)
    report(not open_, shown(args.schema),
           "objects without additionalProperties: false: " + ", ".join(open_) if open_ else "")
    validator = jsonschema.Draft202012Validator(schema)

    # Files that must be accepted.
    valid = (sorted((root / "examples").glob("*/*.json")) + sorted((HERE / "valid").glob("*.json")) +
             sorted((root / "tests" / "data" / "rollover").glob("*.json")))
    for path in valid:
        try:
            errors = sorted(validator.iter_errors(load_json(path)), key=lambda e: list(e.absolute_path))
        except (OSError, ValueError) as e:
            report(False, shown(path), str(e))
            continue
        report(not errors, shown(path), "; ".join(describe(e) for e in errors))

    # Files that must be rejected, each for one given reason.
    expectations_file = HERE / "invalid_expected.txt"
    expected = read_expectations(expectations_file)
    invalid = sorted((HERE / "invalid").glob("*.json"))
    for path in invalid:
        if path.name not in expected:
            report(False, shown(path), f"no entry in {expectations_file.name}")
            continue
        want_ptr, want_keyword = expected[path.name]
        try:
            errors = list(validator.iter_errors(load_json(path)))
        except (OSError, ValueError) as e:
            report(False, shown(path), str(e))
            continue
        got = {(pointer(e.absolute_path), e.validator) for e in errors}
        want = {(want_ptr, want_keyword)}
        if not errors:
            report(False, shown(path), "accepted, but must be rejected")
        elif got != want:
            report(False, shown(path),
                   f'expected only {want_keyword} at "{want_ptr}", got: '
                   + "; ".join(f"{e.validator} at {describe(e)}" for e in errors))
        else:
            report(True, shown(path), f"rejected ({describe(errors[0])})")
    for name in sorted(set(expected) - {p.name for p in invalid}):
        report(False, f"{shown(expectations_file)}: {name}", "no such file in invalid/")

    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
