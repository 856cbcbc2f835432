#!/usr/bin/env python3
"""Validates graph files against schema/detente-1.json with Python's `jsonschema` (draft 2020-12).

Usage: schema/validate.py [--expect-invalid] FILE...
Exit 0 when every file is valid (or, with --expect-invalid, when every file is invalid), 1
otherwise, 3 when jsonschema or PyYAML is not installed. Used by the tests (tests/cli/schema.rs).
YAML is read with PyYAML's safe loader, with dates kept as strings as detente reads them.
"""
import json
import pathlib
import sys

try:
    import jsonschema
    import yaml
except ImportError as e:  # pragma: no cover
    print(f"schema/validate.py needs jsonschema and PyYAML: {e}", file=sys.stderr)
    sys.exit(3)


class Loader(yaml.SafeLoader):
    """The safe loader without YAML 1.1 timestamps: `2020-02-01` stays a string."""


Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.copy().items()
}


def main(argv):
    expect_invalid = "--expect-invalid" in argv
    files = [a for a in argv if a != "--expect-invalid"]
    root = pathlib.Path(__file__).resolve().parent
    schema = json.loads((root / "detente-1.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    failed = False
    for name in files:
        text = pathlib.Path(name).read_text()
        doc = json.loads(text) if name.endswith(".json") else yaml.load(text, Loader=Loader)
        errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
        for e in errors:
            print(f"{name}: {'/'.join(map(str, e.path))}: {e.message}")
        if bool(errors) != expect_invalid:
            print(f"{name}: {'valid' if not errors else 'invalid'}, unexpectedly", file=sys.stderr)
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
