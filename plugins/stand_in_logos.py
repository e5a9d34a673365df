#!/usr/bin/env python3
"""Draws the example plugins' logos: plain stand-ins of our own, NOT the municipalities' real logos (Tertial has no right
to use those). They show the letterhead as a municipality's would look, and the two forms a logo can take:
  plugins/harnosand/harnosand-logo.pdf  vector art, a one-page PDF without text (a blue square, waves, a red sun)
  plugins/ostersund/ostersund-logo.pdf  vector art too (a blue disc, green hills, a lake): a few hundred bytes, where
                                        a PNG would take seed 000's PDF past its 120 KB budget
  tests/data/logos/ostersund-logo.png   the same as a PNG with a transparent background, rasterised by pdftocairo
                                        (poppler-utils), for the tests of PNG logos
Run from the source tree: python3 plugins/stand_in_logos.py"""
import os
import subprocess
import tempfile
import zlib


def one_page_pdf(path, width, height, content):
    """A one-page PDF of vector drawing operators (no fonts), with a correct xref table."""
    data = zlib.compress(content.encode(), 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width} {height}] /Resources << >> /Contents 4 0 R >>".encode(),
        f"<< /Length {len(data)} /Filter /FlateDecode >>\nstream\n".encode() + data + b"\nendstream",
    ]
    out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    with open(path, "wb") as f:
        f.write(out)


def circle(cx, cy, r):
    k = 0.5523 * r
    return (f"{cx+r} {cy} m {cx+r} {cy+k} {cx+k} {cy+r} {cx} {cy+r} c {cx-k} {cy+r} {cx-r} {cy+k} {cx-r} {cy} c "
            f"{cx-r} {cy-k} {cx-k} {cy-r} {cx} {cy-r} c {cx+k} {cy-r} {cx+r} {cy-k} {cx+r} {cy} c h")


def rounded_square(size, r):
    k = 0.5523 * r
    s = size
    return (f"{r} 0 m {s-r} 0 l {s-r+k} 0 {s} {r-k} {s} {r} c {s} {s-r} l {s} {s-r+k} {s-r+k} {s} {s-r} {s} c "
            f"{r} {s} l {r-k} {s} 0 {s-r+k} 0 {s-r} c 0 {r} l 0 {r-k} {r-k} 0 {r} 0 c h")


def harnosand(path):
    blue, red = "0 0.353 0.612", "0.886 0 0.102"  # the plugin's primary (#005A9C) and accent (#E2001A) colours
    ops = [f"{blue} rg {rounded_square(32, 5)} f", f"{red} rg {circle(21, 22, 5)} f", "1 1 1 RG 1.6 w 1 J"]
    ops += [f"4 {y} m 9 {y+3} 11 {y-3} 16 {y} c 21 {y+3} 23 {y-3} 28 {y} c S" for y in (7, 11.5, 16)]
    one_page_pdf(path, 32, 32, "\n".join(ops) + "\n")


def ostersund(path, png=False):
    blue, green, lake = "0 0.125 0.357", "0.478 0.722 0", "0.6 0.776 0.918"  # primary #00205B, accent #7AB800
    disc = circle(16, 16, 16)
    ops = [f"{blue} rg {disc} f", f"q {disc} W n {green} rg 0 9 m 9 22 l 14 16 l 20 25 l 32 9 l h f {lake} rg 0 0 32 8 re f Q"]
    if not png:
        one_page_pdf(path, 32, 32, "\n".join(ops) + "\n")
        return
    with tempfile.TemporaryDirectory() as tmp:
        vector = os.path.join(tmp, "logo.pdf")
        one_page_pdf(vector, 32, 32, "\n".join(ops) + "\n")
        # 288 dpi: 128 x 128 pixels, sharp at the letterhead's 30 pt (twice its 64 px at 150 dpi) and small.
        subprocess.run(["pdftocairo", "-png", "-transp", "-r", "288", "-singlefile", vector, path[:-len(".png")]], check=True)


if __name__ == "__main__":
    harnosand("plugins/harnosand/harnosand-logo.pdf")
    ostersund("plugins/ostersund/ostersund-logo.pdf")
    ostersund("tests/data/logos/ostersund-logo.png", png=True)
