#!/usr/bin/env python3
"""Large reports for the scaling benchmark (bench/scale_bench.sh): seed 000 plus generated content.

    gen_report.py OUT.json [--rows N] [--sections N] [--paragraph-bytes N] [--title-chars N] [--seed FILE]

--rows N             a table of N rows (tkr, budget and utfall), each column summed by a total row
                     whose entered values are the exact sums (so `check` computes and compares them)
--sections N         N more sections, each with a heading and three paragraphs of the seed's prose
--paragraph-bytes N  one paragraph of about N bytes (the seed's prose repeated, as words)
--title-chars N      the report's title made N characters long (the running header has to shorten it)

The output is deterministic (a fixed random seed), so two runs write the same file.
Nothing here is checked in: the benchmark writes its inputs into a temporary directory.
"""
import argparse
import json
import os
import random
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEED = os.path.join(ROOT, "examples", "ostersund", "san-tertial-1-2020.json")


def prose(report):
    """Every paragraph of the seed's body, in order (the text to repeat)."""
    out = []

    def walk(blocks):
        for b in blocks:
            if b["type"] == "paragraph" and "{{" not in b["text"]:
                out.append(b["text"])
            elif b["type"] == "section":
                walk(b["body"])

    walk(report["body"])
    return out


def table(rows, rnd):
    body = []
    sums = {"budget": 0, "utfall": 0}
    for i in range(1, rows + 1):
        cells = {}
        for col in sums:
            v = rnd.randrange(0, 100000)  # tenths of tkr
            sums[col] += v
            cells[col] = f"{v // 10}.{v % 10}"
        body.append({"id": f"r{i}", "label": f"Verksamhet {i}", "cells": cells})
    total = {c: f"{v // 10}.{v % 10}" for c, v in sums.items()}
    body.append({"id": "summa", "label": "SUMMA", "kind": "total", "calc": f"sum(r1..r{rows})", "cells": total})
    return {
        "type": "table",
        "id": "genererad",
        "caption": "Genererad tabell (tkr)",
        "unit": "tkr",
        "columns": [
            {"id": "post", "title": "Verksamhet", "kind": "label"},
            {"id": "budget", "title": "Budget 2020", "role": {"type": "budget", "year": 2020}},
            {"id": "utfall", "title": "Utfall 200430", "role": {"type": "outcome", "until": "2020-04-30"}},
        ],
        "rows": body,
    }


def long_paragraph(texts, size):
    parts, n, i = [], 0, 0
    while n < size:
        t = texts[i % len(texts)]
        parts.append(t)
        n += len(t.encode()) + 1
        i += 1
    return {"type": "paragraph", "text": " ".join(parts)}


def long_title(title, chars):
    words = (title + " ").split(" ")
    out, i = "", 0
    while len(out) < chars:
        out += words[i % len(words)] + " " if words[i % len(words)] else ""
        i += 1
    return out[:chars].rstrip() or title


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--rows", type=int, default=0)
    ap.add_argument("--sections", type=int, default=0)
    ap.add_argument("--paragraph-bytes", type=int, default=0)
    ap.add_argument("--title-chars", type=int, default=0)
    ap.add_argument("--seed", default=SEED, help="the report to start from (default: seed 000)")
    a = ap.parse_args()
    with open(a.seed, encoding="utf-8") as f:
        report = json.load(f)
    rnd = random.Random(21)
    texts = prose(report)
    extra = []
    if a.rows > 0:
        extra.append(table(a.rows, rnd))
    if a.paragraph_bytes > 0:
        extra.append(long_paragraph(texts, a.paragraph_bytes))
    if extra:
        report["body"].append({"type": "section", "title": "Genererat innehåll", "body": extra})
    for s in range(a.sections):
        body = [{"type": "paragraph", "text": texts[(3 * s + k) % len(texts)]} for k in range(3)]
        report["body"].append({"type": "section", "title": f"Genererat avsnitt {s + 1}", "body": body})
    if a.title_chars > 0:
        report["meta"]["title"] = long_title(report["meta"]["title"], a.title_chars)
    with open(a.out, "w", encoding="utf-8") as f:
        json.dump(report, f, ensure_ascii=False, indent=1)
        f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
