#!/usr/bin/env python3
"""Writes the ledger exports the import tests read (tests/data/ledger/).

Made-up lines in the shapes ledger systems export (never real ledger data):
one file per CSV dialect and XLSX variant Tertial reads, all of the same
Östersund ledger (so each must fill the same cells), a Härnösand month, and
the bad exports. Run it again after changing it; the files are committed:
    python3 tests/ledger/make_exports.py tests/data/ledger
Needs python3-openpyxl for the workbooks.
"""
import io
import os
import re
import sys
import zipfile
from datetime import date
from decimal import Decimal

import openpyxl
from openpyxl.utils.datetime import CALENDAR_MAC_1904

# Östersund, Social- och arbetsmarknadsnämnden, January-April 2020: konto,
# ansvar, verksamhet, account name, amount in kr (debit positive), booked on.
OSTERSUND = [
    ("3110", "310010", "7100", "Avgifter, alkoholtillstånd", "-612345.67", date(2020, 2, 14)),
    ("3210", "310010", "7100", "Taxor, serveringstillstånd", "-400000.00", date(2020, 3, 2)),
    ("3310", "320020", "7300", "Bostadshyror, externa", "-3987654.33", date(2020, 4, 1)),
    ("3510", "330010", "7500", "Statsbidrag, Migrationsverket", "-36500000.00", date(2020, 4, 20)),
    ("3590", "330010", "7500", "Övriga bidrag från staten", "-500000.00", date(2020, 1, 31)),
    ("3610", "340010", "7600", "Försäljning av verksamhet", "-8000000.00", date(2020, 4, 28)),
    ("3040", "340010", "7600", "Ersättningar, \"Arbetsmarknad\"", "-123456.78", date(2020, 3, 16)),
    ("3920", "310010", "7100", "Interna intäkter, tjänster", "-8000000.00", date(2020, 4, 30)),
    ("3990", "300000", "7000", "Kommunbidrag", "-126000000.00", date(2020, 4, 30)),
    ("5010", "320010", "7200", "Löner, månadsavlönade", "55000000.00", date(2020, 4, 25)),
    ("5350", "320010", "7200", "Arvoden, uppdragstagare", "8123456.78", date(2020, 4, 25)),
    ("5810", "320010", "7200", "Personalkostnader, återbetalda", "-123456.78", date(2020, 2, 10)),
    ("5610", "320010", "7200", "Personalomkostnader (PO)", "23000000.00", date(2020, 4, 25)),
    ("6410", "330020", "7300", "Förbrukningsmaterial, kontor", "1987654.32", date(2020, 3, 9)),
    ("6450", "330020", "7300", "Livsmedel", "12345.68", date(2020, 1, 22)),
    ("4610", "330030", "7400", "Köp av huvudverksamhet, HVB", "48900000.00", date(2020, 4, 30)),
    ("6230", "330020", "7300", "Kontorsmaterial; trycksaker", "2500000.00", date(2020, 2, 28)),
    ("7010", "330020", "7300", "Resor", "1500000.00", date(2020, 3, 31)),
    ("4710", "340020", "7500", "Ekonomiskt bistånd", "22000000.00", date(2020, 4, 29)),
    ("6110", "330040", "7300", "Lokalhyror, externa", "8000000.00", date(2020, 4, 1)),
    ("6190", "330040", "7300", "Lokalhyror, interna", "3000000.00", date(2020, 4, 1)),
    ("7710", "300000", "7000", "Avskrivningar, inventarier", "412345.67", date(2020, 4, 30)),
    ("8410", "300000", "7000", "Internränta", "45678.90", date(2020, 4, 30)),
    ("7910", "300000", "7000", "Interna köp, IT", "13000000.00", date(2020, 4, 30)),
    ("1510", "300000", "7000", "Kundfordringar", "-250000.00", date(2020, 4, 30)),
    ("2440", "300000", "7000", "Leverantörsskulder", "1250000.00", date(2020, 4, 30)),
    ("8520", "300000", "7000", "Räntekostnader, kommunkoncernen", "-7500.00", date(2020, 4, 30)),
]

# Härnösand, Socialnämnden, April 2021: konto, ansvar, amount in kr.
HARNOSAND = [
    ("3510", "742010", "-3004000.00"),
    ("3990", "742010", "-51074000.00"),
    ("3110", "744010", "-2000000.00"),
    ("3610", "745010", "-3352000.00"),
    ("4551", "744010", "14308000.00"),
    ("5010", "744550", "25000000.00"),
    ("5610", "744550", "4314000.00"),
    ("6110", "742050", "5061000.00"),
    ("4711", "743030", "1568000.00"),
    ("4610", "743020", "2637000.00"),
    ("4620", "745030", "1827000.00"),
    ("4651", "742040", "2583000.00"),
    ("4671", "746010", "14000.00"),
    ("6410", "742022", "4000000.00"),
    ("7010", "742050", "3000000.00"),
    ("4610", "744010", "93000.00"),
    ("1930", "742050", "-100000.00"),
]


def grouped(amount, decimal_mark, group, minus="-", parentheses=False):
    """Swedish-style text of an amount: groups of three, a decimal mark."""
    d = Decimal(amount)
    sign = d < 0
    whole, frac = f"{abs(d):.2f}".split(".")
    parts = []
    while len(whole) > 3:
        parts.insert(0, whole[-3:])
        whole = whole[:-3]
    parts.insert(0, whole)
    text = group.join(parts) + decimal_mark + frac
    if sign:
        return f"({text})" if parentheses else minus + text
    return text


def csv_field(text, delimiter):
    if delimiter in text or '"' in text or "\n" in text:
        return '"' + text.replace('"', '""') + '"'
    return text


def write_csv(path, lines, encoding="utf-8", bom=False, newline="\r\n"):
    data = newline.join(lines) + newline
    raw = data.encode(encoding)
    with open(path, "wb") as f:
        f.write((b"\xef\xbb\xbf" if bom else b"") + raw)


def ostersund_csv(delimiter, amount_text, header_amount="Belopp", preamble=True, period="2020-01 – 2020-04",
                  kommun="Östersunds kommun", rows=OSTERSUND, extra_name=""):
    out = []
    if preamble:
        out.append(delimiter.join(["Kommun", csv_field(kommun, delimiter)]))
        out.append(delimiter.join(["Period", csv_field(period, delimiter)]))
        out.append("")
    out.append(delimiter.join(["Konto", "Kontotext", "Ansvar", "Verksamhet", csv_field(header_amount, delimiter)]))
    for konto, ansvar, vht, name, amount, _ in rows:
        out.append(delimiter.join([konto, csv_field(name + extra_name, delimiter), ansvar, vht,
                                   csv_field(amount_text(amount), delimiter)]))
    return out


def make_csvs(d):
    # 1. UTF-8 with BOM, ';', decimal comma, thousands by space, '-'.
    write_csv(os.path.join(d, "ostersund-utf8-bom.csv"),
              ostersund_csv(";", lambda a: grouped(a, ",", " ")), bom=True)
    # 2. Windows-1252, ';', decimal comma, thousands by dot, negatives in parentheses, "Belopp (kr)".
    write_csv(os.path.join(d, "ostersund-cp1252.csv"),
              ostersund_csv(";", lambda a: grouped(a, ",", ".", parentheses=True), header_amount="Belopp (kr)"),
              encoding="cp1252")
    # 3. UTF-8, ',' separated, decimal point, no groups, quoted fields holding ',' and '"', LF line ends.
    write_csv(os.path.join(d, "ostersund-comma.csv"),
              ostersund_csv(",", lambda a: f"{Decimal(a):.2f}", header_amount="Utfall"), newline="\n")
    # 4. UTF-8, ';', NBSP and U+202F groups, U+2212 minus, quoted amounts, a name spanning two lines.
    flip = [0]

    def nbsp(a):
        flip[0] += 1
        return grouped(a, ",", "\u00a0" if flip[0] % 2 else "\u202f", minus="\u2212")
    lines = ostersund_csv(";", nbsp, header_amount="Belopp (kr)")
    lines = [l if not l.startswith("5350;") else l.replace("Arvoden, uppdragstagare", '"Arvoden,\nuppdragstagare"')
             for l in lines]
    lines = [re.sub(r";([^;]*)$", lambda m: ';"' + m.group(1) + '"', l) if l[:1].isdigit() else l for l in lines]
    write_csv(os.path.join(d, "ostersund-nbsp.csv"), lines)


def set_widths(ws):
    for col, w in zip("ABCDEF", (10, 34, 10, 12, 18, 16)):
        ws.column_dimensions[col].width = w


def ostersund_workbook(epoch1904=False):
    wb = openpyxl.Workbook()
    if epoch1904:
        wb.epoch = CALENDAR_MAC_1904
    ws = wb.active
    ws.title = "Huvudbok"
    ws.append(["Kommun", "Östersunds kommun"])
    ws.append(["Period", "202001-202004"])
    ws.append([])
    ws.append(["Konto", "Kontotext", "Ansvar", "Verksamhet", "Utfall (kr)", "Bokföringsdatum"])
    for konto, ansvar, vht, name, amount, booked in OSTERSUND:
        # Codes as numbers (as a spreadsheet makes them), amounts as numbers, dates as dates.
        ws.append([int(konto), name, int(ansvar), vht, float(Decimal(amount)), booked])
        ws.cell(ws.max_row, 6).number_format = "yyyy-mm-dd"
        ws.cell(ws.max_row, 5).number_format = "# ##0.00"
    set_widths(ws)
    return wb


def shared_strings(src, dst):
    """The same workbook with its text cells in a shared-string table, as Excel writes them
    (this openpyxl writes inline strings)."""
    zin = zipfile.ZipFile(src)
    table = []

    def share(m):
        text = m.group(3)
        if text not in table:
            table.append(text)
        return f'<c r="{m.group(1)}"{m.group(2)} t="s"><v>{table.index(text)}</v></c>'
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = re.sub(r'<c r="([A-Z]+[0-9]+)"([^>]*?) t="inlineStr"><is>(.*?)</is></c>', share,
                              data.decode()).encode()
            elif item.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
            elif item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rIdSst" Type="http://schemas.openxmlformats'
                                    b'.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
                                    b"</Relationships>")
            zout.writestr(item, data)
        sst = "".join(f"<si>{t}</si>" for t in table)
        zout.writestr("xl/sharedStrings.xml",
                      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats'
                      f'.org/spreadsheetml/2006/main" count="{len(table)}" uniqueCount="{len(table)}">{sst}</sst>')
    with open(dst, "wb") as f:
        f.write(out.getvalue())


def make_workbooks(d):
    ostersund_workbook().save(os.path.join(d, "ostersund.xlsx"))
    ostersund_workbook(epoch1904=True).save(os.path.join(d, "ostersund-1904.xlsx"))
    shared_strings(os.path.join(d, "ostersund.xlsx"), os.path.join(d, "ostersund-shared.xlsx"))
    # Härnösand: the ledger on a second sheet, the period per line (1904 dates).
    wb = openpyxl.Workbook()
    wb.epoch = CALENDAR_MAC_1904
    info = wb.active
    info.title = "Urval"
    info.append(["Utdrag ur huvudboken, Socialnämnden, ansvar 74*"])
    ws = wb.create_sheet("Huvudbok")
    ws.append(["Kommun", "2280 Härnösands kommun"])
    ws.append(["Konto", "Ansvar", "Period", "Belopp", "Datum"])
    for konto, ansvar, amount in HARNOSAND:
        ws.append([konto, ansvar, "202104", float(Decimal(amount)), date(2021, 4, 30)])
    ws.append(["Summa", None, None, float(sum(Decimal(a) for _, _, a in HARNOSAND)), None])
    wb.save(os.path.join(d, "harnosand-2021-04-inline.xlsx"))
    shared_strings(os.path.join(d, "harnosand-2021-04-inline.xlsx"), os.path.join(d, "harnosand-2021-04.xlsx"))
    os.remove(os.path.join(d, "harnosand-2021-04-inline.xlsx"))


def make_bad(d):
    good = lambda a: grouped(a, ",", " ")
    # A konto no rule names (9999), and another one (3950 is in no range? it is: 3920-3989).
    rows = OSTERSUND + [("9110", "300000", "7000", "Interna fördelningar", "1234.50", date(2020, 4, 30)),
                        ("9120", "300000", "7000", "Interna fördelningar", "-234.25", date(2020, 4, 30)),
                        ("9110", "310010", "7000", "Interna fördelningar", "100.00", date(2020, 4, 30))]
    write_csv(os.path.join(d, "bad-unmapped.csv"), ostersund_csv(";", good, rows=rows))
    write_csv(os.path.join(d, "bad-period.csv"), ostersund_csv(";", good, period="2020-01 – 2020-08"))
    write_csv(os.path.join(d, "bad-municipality.csv"), ostersund_csv(";", good, kommun="Härnösands kommun"))
    lines = ostersund_csv(";", good)
    lines[9] = lines[9].rsplit(";", 1)[0] + ";12 34x,00"
    write_csv(os.path.join(d, "bad-amount.csv"), lines)
    open(os.path.join(d, "bad-empty.csv"), "wb").close()


if __name__ == "__main__":
    target = sys.argv[1] if len(sys.argv) > 1 else "tests/data/ledger"
    os.makedirs(target, exist_ok=True)
    make_csvs(target)
    make_workbooks(target)
    make_bad(target)
