#!/usr/bin/env python3
"""Checks one export folder against the kiosk store it came from, with Python's own readers.

    check_export.py FOLDER STORE_DB [--event ID] [--date YYYY-MM-DD] [--personal yes|no]

- manifest.json: every file it lists exists with exactly that size and SHA-256 (hashed here), and
  no other file is in the folder;
- responses.csv: parsed with the csv module (utf-8-sig: the BOM is there), one row per response
  the store holds for the filter, in seq order, and every answer cell equals what the store's
  answers_json says (labels from the stored survey, formula-injection neutralising as documented
  in docs/export.md);
- responses.jsonl: one object per response, ids in the same order;
- the store marked exactly these responses as exported.
Prints one line per failure and exits 1 if there was any.
"""
import argparse
import csv
import datetime
import hashlib
import json
import os
import sqlite3
import sys

failures = []


def fail(message):
    failures.append(message)
    print("FAIL: " + message)


def neutralised(text):
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("folder")
    parser.add_argument("store")
    parser.add_argument("--event", default="")
    parser.add_argument("--date", default="")
    parser.add_argument("--personal", default="no")
    args = parser.parse_args()
    include_personal = args.personal == "yes"

    # manifest.json: sizes and hashes computed here, not trusted.
    with open(os.path.join(args.folder, "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    listed = set()
    for entry in manifest["files"]:
        listed.add(entry["name"])
        with open(os.path.join(args.folder, entry["name"]), "rb") as f:
            data = f.read()
        if len(data) != entry["bytes"]:
            fail(f"{entry['name']}: {len(data)} bytes, manifest says {entry['bytes']}")
        if hashlib.sha256(data).hexdigest() != entry["sha256"]:
            fail(f"{entry['name']}: SHA-256 differs from the manifest")
    # manifest.sig signs manifest.json, so the manifest cannot list it (docs/export.md).
    present = set(os.listdir(args.folder)) - {"manifest.json", "manifest.sig"}
    if present != listed:
        fail(f"files in the folder {sorted(present)} != files in the manifest {sorted(listed)}")

    # What the store holds for the same filter.
    db = sqlite3.connect(args.store)
    survey_rows = db.execute("SELECT sha256, definition FROM survey").fetchall()
    surveys = {sha: json.loads(d if isinstance(d, str) else bytes(d).decode("utf-8"))
               for sha, d in survey_rows}
    where, params = [], []
    if args.event:
        where.append("event_id = ?")
        params.append(args.event)
    sql = ("SELECT id, survey_sha256, answers_json, completed_at, utc_offset_minutes, language, "
           "status, exported_in FROM response")
    if where:
        sql += " WHERE " + " AND ".join(where)
    rows = []
    for row in db.execute(sql + " ORDER BY seq", params):
        if args.date:
            completed = datetime.datetime.strptime(row[3], "%Y-%m-%dT%H:%M:%S.%fZ")
            local = completed + datetime.timedelta(minutes=row[4])
            if local.strftime("%Y-%m-%d") != args.date:
                continue
        rows.append(row)
    if manifest["counts"]["responses"] != len(rows):
        fail(f"manifest counts {manifest['counts']['responses']} responses, store has {len(rows)}")

    with open(os.path.join(args.folder, "responses.csv"), "rb") as f:
        if not f.read(3) == b"\xef\xbb\xbf":
            fail("responses.csv does not start with a UTF-8 BOM")
    with open(os.path.join(args.folder, "responses.csv"), encoding="utf-8-sig", newline="") as f:
        table = list(csv.DictReader(f))
    if len(table) != len(rows):
        fail(f"responses.csv has {len(table)} rows, the store {len(rows)}")

    checked_cells = 0
    for (rid, sha, answers_json, _, _, language, status, _), line in zip(rows, table):
        if line["response_id"] != rid:
            fail(f"row for {rid} holds {line['response_id']} (order or id differs)")
            continue
        if line["language"] != language or line["status"] != status:
            fail(f"{rid}: language/status {line['language']}/{line['status']}")
        survey = surveys[sha]
        answers = json.loads(answers_json)
        for question in survey["questions"]:
            qid, kind = question["id"], question["type"]
            if kind == "info":
                continue
            if question.get("personal_data") and not include_personal:
                if qid in line:
                    fail(f"personal question {qid} has a column although personal data is left out")
                continue
            labels = {o["id"]: o["label"].get("en", o["id"]) for o in question.get("options", [])}
            value = answers.get(qid)
            if value is None:
                expected = ""
            elif kind in ("smiley", "stars", "scale", "number"):
                expected = str(value)
            elif kind in ("yesno", "consent"):
                expected = "yes" if value else "no"
            elif kind == "single":
                expected = neutralised(labels[value])
            elif kind == "multi":
                expected = neutralised("; ".join(labels[v] for v in value))
            else:
                expected = neutralised(value)
            if line.get(qid) != expected:
                fail(f"{rid} {qid}: csv {line.get(qid)!r}, store {expected!r}")
            checked_cells += 1
            if kind == "multi":
                for option in question["options"]:
                    column = qid + ":" + option["id"]
                    flag = "" if value is None else ("1" if option["id"] in value else "0")
                    if line.get(column) != flag:
                        fail(f"{rid} {column}: csv {line.get(column)!r}, store {flag!r}")
                    checked_cells += 1

    with open(os.path.join(args.folder, "responses.jsonl"), encoding="utf-8") as f:
        jsonl_ids = [json.loads(text)["id"] for text in f]
    if jsonl_ids != [row[0] for row in rows]:
        fail("responses.jsonl does not hold the same responses in the same order")

    # The store marks what it exported (the first export wins the mark).
    exported = {rid for rid, exported_in in db.execute("SELECT id, exported_in FROM response")
                if exported_in is not None}
    missing = [row[0] for row in rows if row[0] not in exported]
    if missing:
        fail(f"{len(missing)} exported responses are not marked exported in the store")

    print(f"checked {len(rows)} responses, {checked_cells} answer cells, "
          f"{len(manifest['files'])} files against the manifest")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
