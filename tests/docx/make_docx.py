#!/usr/bin/env python3
"""Writes the test documents for `tertial import docx`: Word files (.docx) with the seeds' texts and tables.

The seeds were written in Word and published as PDF; the examples in examples/ were rebuilt from them by hand.
This script turns a resolved example (`tertial build --format json`, so that every figure is there as printed)
back into the document Word would have held: a header with the date, the tjänsteskrivelse, headings in Word's
Swedish heading styles with typed numbers ("5.1 Driftsredovisning") or without, paragraphs, bullet and numbered
lists, tables with a header row, printed Swedish numbers ("1 200", "−2,9") and bold total rows, captions above
tables. It writes Office Open XML with Python's zipfile alone, so no package is needed to run it; its output is
committed (tests/docx/*.docx) and the tests read that.

    tertial build --format json examples/ostersund/san-tertial-1-2020.json --out /tmp/r
    tests/docx/make_docx.py /tmp/r/san-tertial-1-2020.json tests/docx/seed000.docx --numbers typed
    tests/docx/make_docx.py /tmp/r/son-fyramanadersrapport-2021.json tests/docx/seed002.docx --numbers none

It also writes the bad documents of the tests (`--bad DIR`).
"""
import argparse
import json
import os
import struct
import sys
import zipfile
from xml.sax.saxutils import escape

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
FIXED_TIME = (2021, 1, 1, 0, 0, 0)  # entries dated alike, so the output is the same bytes every run


def run(text, bold=False, italic=False):
    props = ""
    if bold or italic:
        props = "<w:rPr>" + ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "") + "</w:rPr>"
    return f'<w:r>{props}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def para(text, style=None, bold=False, num=None, runs=None):
    ppr = ""
    if style or num:
        ppr = "<w:pPr>"
        if style:
            ppr += f'<w:pStyle w:val="{style}"/>'
        if num:
            ppr += f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num}"/></w:numPr>'
        ppr += "</w:pPr>"
    body = runs if runs is not None else run(text, bold)
    return f"<w:p>{ppr}{body}</w:p>"


class Doc:
    def __init__(self, resolved, numbers):
        self.r = resolved
        self.res = resolved.get("resolved", {})
        self.figures = self.res.get("figures", {})
        self.texts = self.res.get("texts", {})
        self.numbers = numbers  # "typed": "5.1 Title"; "none": the title alone
        self.out = []
        self.ordered_lists = 10  # each numbered list restarts: a numId of its own

    def text(self, pointer, raw):
        return self.texts.get(pointer, raw)

    def heading(self, level, title, number):
        shown = f"{number} {title}" if number and self.numbers == "typed" else title
        self.out.append(para(shown, f"Rubrik{min(level, 3)}"))

    def paragraphs(self, pointer, text):
        for k, part in enumerate(self.text(pointer, text).split("\n\n")):
            self.out.append(para(part))

    def items(self, pointer, items, ordered):
        num = 1
        if ordered:
            self.ordered_lists += 1
            num = self.ordered_lists
        for k, item in enumerate(items):
            self.out.append(para(self.text(f"{pointer}/{k}", item), "Liststycke", num=num))

    def blocks(self, pointer, blocks, level, prefix):
        n = 0
        for i, b in enumerate(blocks):
            p = f"{pointer}/{i}"
            t = b["type"]
            if t == "section":
                number = ""
                if b.get("numbered", True):
                    n += 1
                    number = f"{prefix}{n}"
                self.heading(level, b["title"], number)
                self.blocks(p + "/body", b["body"], level + 1, number + "." if number else prefix)
            elif t == "paragraph":
                self.paragraphs(p + "/text", b["text"])
            elif t == "list":
                self.items(p + "/items", b["items"], b.get("ordered", False))
            elif t == "table":
                self.table(p, b)
            elif t == "assignments":
                rows = [[self.text(f"{p}/items/{k}/text", a["text"]),
                         "\n".join(self.text(f"{p}/items/{k}/comment/{j}", c) for j, c in enumerate(a["comment"]))]
                        for k, a in enumerate(b["items"])]
                source = {"kf": "Uppdrag från fullmäktige", "n": "Uppdrag från nämnden"}.get(b["source"], "Uppdrag")
                self.grid([[source, "Kommentar"]], rows, [False] * len(rows))
            elif t == "key_figures":
                for gi, g in enumerate(b["groups"]):
                    self.out.append(para(g["goal"], bold=True))
                    rows = []
                    for k, it in enumerate(g["items"]):
                        fig = self.figures.get(it["id"])
                        comment = self.text(f"{p}/groups/{gi}/items/{k}/comment", it["comment"])
                        rows.append([it["name"], it["year"], fig["text"] if fig else "", comment])
                    self.grid([["Nyckeltal", "År", "Utfall", "Kommentar"]], rows, [False] * len(rows))
            # charts are pictures in Word: nothing to read

    def table(self, pointer, t):
        if t.get("caption"):
            self.out.append(para(t["caption"], "Beskrivning"))
        cols = t["columns"]
        header = [c["title"] for c in cols]
        rows, bold = [], []
        for ri, r in enumerate(t["rows"]):
            line = []
            for c in cols:
                if c.get("kind") == "label":
                    line.append(self.text(f"{pointer}/rows/{ri}/label", r["label"]))
                    continue
                cell = r.get("cells", {}).get(c["id"])
                if c.get("kind") == "text":
                    line.append(self.text(f"{pointer}/rows/{t['rows'].index(r)}/cells/{c['id']}", cell or ""))
                    continue
                fig = self.figures.get(f"{t['id']}.{r['id']}.{c['id']}")
                line.append(fig["text"] if fig else "")
            rows.append(line)
            bold.append(r.get("kind") in ("total", "subtotal"))
        self.grid([header], rows, bold)

    def grid(self, headers, rows, bold):
        x = ["<w:tbl><w:tblPr><w:tblStyle w:val=\"Tabellrutnt\"/></w:tblPr>"]
        for h in headers:
            x.append("<w:tr>" + "".join(f"<w:tc>{para(c, bold=True)}</w:tc>" for c in h) + "</w:tr>")
        for r, b in zip(rows, bold):
            cells = []
            for c in r:
                paras = "".join(para(p, bold=b) for p in c.split("\n")) if c else "<w:p/>"
                cells.append(f"<w:tc>{paras}</w:tc>")
            x.append("<w:tr>" + "".join(cells) + "</w:tr>")
        x.append("</w:tbl>")
        self.out.append("".join(x))
        self.out.append("<w:p/>")

    def cover_letter(self):
        cl = self.r.get("cover_letter")
        if not cl:
            return
        meta = self.r["meta"]
        self.out.append(para(meta.get("administration", "")))
        self.out.append(para("Tjänsteskrivelse"))
        if meta.get("dnr"):
            self.out.append(para(f"Dnr {meta['dnr']}"))
        self.out.append(para(cl["title"], "Rubrik"))
        self.out.append(para("Sammanfattning av ärendet", "Rubrik2"))
        self.blocks("/cover_letter/summary", cl["summary"], 3, "")
        self.out.append(para("Förvaltningens förslag till beslut", "Rubrik2"))
        self.items("/cover_letter/proposals", cl["proposals"], True)
        if cl.get("basis"):
            self.out.append(para("Underlag för beslut", "Rubrik2"))
            for k, b in enumerate(cl["basis"]):
                self.out.append(para(b))
        if cl.get("send_to"):
            self.out.append(para("Beslutet skickas till", "Rubrik2"))
            for s in cl["send_to"]:
                self.out.append(para(s))
        if cl.get("background"):
            self.out.append(para("Bakgrund", "Rubrik2"))
            self.blocks("/cover_letter/background", cl["background"], 3, "")
        if cl.get("signatures"):
            self.out.append(para("Underskrifter", "Rubrik2"))
            who = {s["id"]: s for s in meta.get("signatories", [])}
            for sid in cl["signatures"]:
                self.out.append(para(who[sid]["name"]))
                self.out.append(para(who[sid]["title"]))
        self.out.append('<w:p><w:r><w:br w:type="page"/></w:r></w:p>')

    def document(self):
        meta = self.r["meta"]
        self.cover_letter()
        self.out.append(para(meta["title"], "Rubrik"))
        self.out.append(para(meta["committee"]["name"]))
        if not self.r.get("cover_letter"):
            self.out.append(para(meta["municipality"]["name"]))
        self.blocks("/body", self.r["body"], 1, "")
        return self.out


STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles {W}>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Rubrik"><w:name w:val="Title"/><w:basedOn w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Rubrik1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Rubrik2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Rubrik3"><w:name w:val="heading 3"/><w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="2"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Beskrivning"><w:name w:val="caption"/><w:basedOn w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Liststycke"><w:name w:val="List Paragraph"/><w:basedOn w:val="Normal"/></w:style>
<w:style w:type="table" w:styleId="Tabellrutnt"><w:name w:val="Table Grid"/></w:style>
</w:styles>
"""


def numbering(count):
    x = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:numbering {W}>']
    x.append('<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/>'
             '<w:lvlText w:val="\u2022"/></w:lvl></w:abstractNum>')
    x.append('<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
             '<w:lvlText w:val="%1."/></w:lvl></w:abstractNum>')
    x.append('<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>')
    for n in range(11, count + 1):
        x.append(f'<w:num w:numId="{n}"><w:abstractNumId w:val="1"/></w:num>')
    x.append("</w:numbering>")
    return "\n".join(x)


CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>
<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>
</Types>
"""

RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>
"""

DOC_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>
</Relationships>
"""


def write_zip(path, parts):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, data in parts:
            info = zipfile.ZipInfo(name, FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data.encode() if isinstance(data, str) else data)


def document_xml(body):
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document {W} '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>'
            + "\n".join(body)
            + '<w:sectPr><w:headerReference w:type="default" r:id="rId3"/></w:sectPr></w:body></w:document>')


def make(resolved_path, out, numbers):
    with open(resolved_path, encoding="utf-8") as f:
        r = json.load(f)
    d = Doc(r, numbers)
    body = d.document()
    meta = r["meta"]
    header = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:hdr {W}>'
              + para(meta.get("administration", meta["committee"]["name"]))
              + para(f"Datum {meta['date']}") + "</w:hdr>")
    write_zip(out, [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", RELS),
        ("word/_rels/document.xml.rels", DOC_RELS),
        ("word/document.xml", document_xml(body)),
        ("word/styles.xml", STYLES),
        ("word/numbering.xml", numbering(d.ordered_lists)),
        ("word/header1.xml", header),
    ])


def make_bad(directory):
    """The bad documents: each small, each refused with its own message."""
    os.makedirs(directory, exist_ok=True)
    small = [("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", RELS)]

    def body(*paragraphs):
        return document_xml([para(p) for p in paragraphs])

    with open(os.path.join(directory, "not_a_zip.docx"), "w", encoding="utf-8") as f:
        f.write("Delårsrapport Tertial 1 2020\nThis is plain text saved with a .docx name.\n")
    write_zip(os.path.join(directory, "no_document.docx"), small + [("word/styles.xml", STYLES)])
    # An encrypted OOXML file is an OLE compound file (CFB) holding EncryptionInfo and EncryptedPackage.
    cfb = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16 + struct.pack("<HH", 0x3E, 3) + b"\x00" * 482
    with open(os.path.join(directory, "encrypted.docx"), "wb") as f:
        f.write(cfb)
    # A zip bomb: document.xml of 48 MiB of one repeated byte, stored in ~48 KB (a ratio of 1 000 to 1).
    bomb = os.path.join(directory, "bomb.docx")
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        info = zipfile.ZipInfo("word/document.xml", FIXED_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        with z.open(info, "w", force_zip64=True) as w:
            chunk = b" " * (1 << 20)
            for _ in range(48):
                w.write(chunk)
        for name, data in small:
            z.writestr(zipfile.ZipInfo(name, FIXED_TIME), data)
    # One that declares its document.xml 3 GiB unpacked (the central directory says so; the data is small).
    declared = os.path.join(directory, "declares_huge.docx")
    write_zip(declared, small + [("word/document.xml", body("Delårsrapport"))])
    data = bytearray(open(declared, "rb").read())
    at = data.find(b"PK\x01\x02")
    while at != -1:
        name_len = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46:at + 46 + name_len] == b"word/document.xml":
            struct.pack_into("<I", data, at + 24, 3 << 30)
        at = data.find(b"PK\x01\x02", at + 4)
    open(declared, "wb").write(bytes(data))
    merged = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document {W}><w:body>'
              + para("Delårsrapport Tertial 1 2020", "Rubrik") + para("Driftredovisning", "Rubrik1")
              + "<w:tbl><w:tr><w:tc>" + para("Post") + "</w:tc><w:tc>" + para("Budget 2020") + "</w:tc><w:tc>"
              + para("Utfall 200430") + "</w:tc></w:tr>"
              + "<w:tr><w:tc>" + para("Taxor") + "</w:tc><w:tc><w:tcPr><w:gridSpan w:val=\"2\"/></w:tcPr>"
              + para("1,7") + "</w:tc></w:tr></w:tbl></w:body></w:document>")
    write_zip(os.path.join(directory, "merged_cells.docx"), small + [("word/document.xml", merged)])
    write_zip(os.path.join(directory, "not_xml.docx"), small + [("word/document.xml", "<w:document><w:body><w:p>")])
    del body


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("resolved", nargs="?")
    ap.add_argument("output", nargs="?")
    ap.add_argument("--numbers", choices=["typed", "none"], default="typed")
    ap.add_argument("--bad", metavar="DIR")
    a = ap.parse_args()
    if a.bad:
        make_bad(a.bad)
    if a.resolved:
        make(a.resolved, a.output, a.numbers)
    return 0


if __name__ == "__main__":
    sys.exit(main())
