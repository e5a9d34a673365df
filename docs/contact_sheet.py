#!/usr/bin/env python3
"""Makes docs/contact-sheet.png: pages of the example PDFs side by side.

Usage: docs/contact_sheet.py OUT.png PDF:PAGE [PDF:PAGE ...]
e.g.   docs/contact_sheet.py docs/contact-sheet.png out/ostersund/san-tertial-1-2020.pdf:1 ...

Each page is rendered by pdftoppm (poppler-utils) at 60 dpi, pages are put on
one row, top-aligned, 8 px apart on light grey, and written as an RGB PNG with
nothing but the standard library (zlib), so no image package is needed.
"""
import subprocess
import sys
import struct
import zlib

GAP = 8
BACKGROUND = (0xE6, 0xE6, 0xE6)


def render(pdf, page, dpi=60):
    ppm = subprocess.run(["pdftoppm", "-r", str(dpi), "-f", page, "-l", page, pdf],
                         check=True, capture_output=True).stdout
    # Binary PPM: "P6\n<w> <h>\n255\n" then RGB bytes.
    fields, pos = [], 0
    while len(fields) < 4:
        while ppm[pos:pos + 1].isspace():
            pos += 1
        end = pos
        while not ppm[end:end + 1].isspace():
            end += 1
        fields.append(ppm[pos:end])
        pos = end
    if fields[0] != b"P6" or fields[3] != b"255":
        sys.exit(f"{pdf}:{page}: pdftoppm did not write an 8-bit PPM")
    width, height = int(fields[1]), int(fields[2])
    return width, height, ppm[pos + 1:pos + 1 + width * height * 3]


def png(width, height, rows):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + row for row in rows)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    pages = []
    for arg in sys.argv[2:]:
        pdf, _, page = arg.rpartition(":")
        if not pdf or not page.isdigit():
            sys.exit(f"{arg}: expected PDF:PAGE")
        pages.append(render(pdf, page))
    width = sum(w for w, _, _ in pages) + GAP * (len(pages) + 1)
    height = max(h for _, h, _ in pages) + 2 * GAP
    grey = bytes(BACKGROUND)
    rows = []
    for y in range(height):
        row = bytearray(grey * GAP)
        for w, h, data in pages:
            py = y - GAP
            row += data[py * w * 3:(py + 1) * w * 3] if 0 <= py < h else grey * w
            row += grey * GAP
        rows.append(bytes(row))
    with open(sys.argv[1], "wb") as out:
        out.write(png(width, height, rows))


if __name__ == "__main__":
    main()
