#!/usr/bin/env python3
"""A large made-up ledger export for bench/ledger_bench.sh: DIR ROWS -> DIR/export.csv and DIR/export.xlsx.

Every line falls under a rule or an exclusion of the Östersund plugin's
mapping, so the whole import runs: read, interpret, map, reconcile, check.
"""
import random
import sys
from decimal import Decimal

import openpyxl

KONTON = ["3110", "3310", "3510", "3610", "3920", "3990", "5010", "5350", "5610", "6410", "4610", "6230",
          "7010", "4710", "6110", "6190", "7710", "8410", "7910", "1510", "2440", "8520"]


def lines(n):
    rng = random.Random(2380)
    for i in range(n):
        konto = KONTON[i % len(KONTON)]
        cents = rng.randint(-5_000_000, 50_000_000)
        if konto.startswith("3"):
            cents = -abs(cents)
        yield konto, f"{310000 + rng.randint(0, 40) * 10}", f"7{rng.randint(0, 9)}00", Decimal(cents) / 100


def main(d, n):
    n = int(n)
    with open(f"{d}/export.csv", "w", encoding="utf-8", newline="") as f:
        f.write("Kommun;Östersunds kommun\r\nPeriod;2020-01 – 2020-04\r\n\r\nKonto;Ansvar;Verksamhet;Belopp (kr)\r\n")
        for konto, ansvar, vht, amount in lines(n):
            text = f"{amount:,.2f}".replace(",", " ").replace(".", ",")
            f.write(f"{konto};{ansvar};{vht};{text}\r\n")
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Huvudbok")
    ws.append(["Kommun", "Östersunds kommun"])
    ws.append(["Period", "202001-202004"])
    ws.append(["Konto", "Ansvar", "Verksamhet", "Utfall (kr)"])
    for konto, ansvar, vht, amount in lines(n):
        ws.append([konto, ansvar, vht, float(amount)])
    wb.save(f"{d}/export.xlsx")


if __name__ == "__main__":
    main(*sys.argv[1:3])
