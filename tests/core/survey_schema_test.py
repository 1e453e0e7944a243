#!/usr/bin/python3
"""The JSON Schema in assets/ and the loader must agree: every survey the loader accepts (the demo,
tests/data/surveys/good-*.json) validates against the schema, and the broken files that are
structurally wrong do not. Uses Debian's python3-jsonschema."""
import json
import pathlib
import sys

import jsonschema

root = pathlib.Path(sys.argv[1])
schema = json.loads((root / "assets/survey.schema.json").read_text(encoding="utf-8"))
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)

good = [root / "assets/surveys/gala-feedback.json", *sorted((root / "tests/data/surveys").glob("good-*.json"))]
bad = [root / "tests/data/surveys" / name for name in
       ("bad-no-format.json", "bad-not-object.json", "bad-typo.json")]
failures = 0
for path in good:
    errors = list(validator.iter_errors(json.loads(path.read_text(encoding="utf-8"))))
    for error in errors:
        print(f"FAIL {path.name} should match the schema: {error.message}")
    failures += bool(errors)
for path in bad:
    if validator.is_valid(json.loads(path.read_text(encoding="utf-8"))):
        print(f"FAIL {path.name} should not match the schema")
        failures += 1
passed = len(good) + len(bad) - failures
print(f"{passed} passed, {failures} failed")
sys.exit(1 if failures else 0)
