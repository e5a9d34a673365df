#!/usr/bin/env python3
"""README's "Writing this year's report" runs as written, on the files we ship.

Usage: walkthrough_test.py SOURCE_DIR TERTIAL_BINARY

Reads the ```sh blocks of README.md from "## Writing this year's report" to
the next "## " heading (the walkthrough, "Figures from the ledger", "Key
figures from Kolada") and runs their commands one by one with bash, in a
temporary directory laid out like the repository root after README command 1:
a copy of examples/ and build/ pointing at the build tree of TERTIAL_BINARY.
The environment and directory a line leaves (its `export`, `cd`) carry on to
the next, as in a terminal. Not run: `tertial edit` (interactive), `tertial
sign ... --p12 chef.p12` (the signatory's own key, not shipped) and `curl`
(the network; its address must be one an earlier `--url` printed).

Checks: every command exits 0; the ledger import reconciles to the öre; each
```text block shows lines the commands of the ```sh block before it printed;
the built PDF exists and pdftotext finds in it the driftredovisning's
Kommunbidrag as summed from the shipped export, "Källa: Ekonomisystemet,
huvudbok-2021-04.csv" and "Källa: Kolada"; the copied examples/ is unchanged;
and docs/imports.md's sample output of that ledger import is what it prints.
"""
import csv
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

WALKTHROUGH = "## Writing this year's report"
# docs/imports.md shows the walkthrough's ledger import in the block after this.
IMPORTS_SAMPLE = "The README's walkthrough"
# The seven commands the walkthrough promises, in order.
STEPS = ["rollover", "import ledger", "import kolada", "edit", "check", "build", "sign"]

failures = []
passed = 0


def check(ok, what, detail=""):
    global passed
    if ok:
        passed += 1
    else:
        failures.append(what + (f": {detail}" if detail else ""))


def blocks(readme):
    """The fenced blocks of the walkthrough's part of README: (language, text)."""
    start = readme.index(WALKTHROUGH)
    end = readme.find("\n## ", start + len(WALKTHROUGH))
    part = readme[start:end if end >= 0 else len(readme)]
    return re.findall(r"^```(\w*)\n(.*?)^```$", part, re.S | re.M)


def tertial_step(argv):
    """'import ledger', 'build', ... for a tertial command, else None."""
    if len(argv) < 2 or os.path.basename(argv[0]) != "tertial":
        return None
    return " ".join(argv[1:3]) if argv[1] == "import" else argv[1]


def skipped(argv):
    """Why a command is not run here, or None."""
    step = tertial_step(argv)
    if step == "edit":
        return "interactive"
    if step == "sign" and "chef.p12" in argv:
        return "needs the signatory's own key"
    if argv and argv[0] == "curl":
        return "needs the network"
    return None


def run(line, cwd, env, envfile):
    """Runs one line with bash; returns (exit code, stdout, stderr, env and cwd after it)."""
    script = f"{line}\nrc=$?\nenv -0 > {shlex.quote(str(envfile))}\nexit $rc\n"
    p = subprocess.run(["bash", "-c", script], cwd=cwd, env=env, capture_output=True,
                       text=True, timeout=120)
    after = dict(env)
    if envfile.exists():
        after = dict(kv.split("=", 1) for kv in envfile.read_text().split("\0") if "=" in kv)
        envfile.unlink()
    return p.returncode, p.stdout, p.stderr, after, after.get("PWD", cwd)


def swedish_mnkr(kr):
    """kr as the driftredovisning prints mnkr: one decimal, decimal comma, '−'."""
    v = (kr / Decimal(1_000_000)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return ("−" if v < 0 else "") + f"{abs(v):,}".replace(",", " ").replace(".", ",")


def ledger_kommunbidrag(csv_path):
    """The export's Kommunbidrag (konto 3990–3999), sign turned as the table prints income."""
    total = Decimal(0)
    with open(csv_path, encoding="utf-8-sig", newline="") as f:
        for row in csv.reader(f, delimiter=";"):
            if len(row) >= 5 and re.fullmatch(r"399\d", row[0]):
                total += Decimal(row[4].replace(" ", "").replace(",", "."))
    return swedish_mnkr(-total)


def main():
    source, binary = Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve()
    found = blocks((source / "README.md").read_text(encoding="utf-8"))
    sh = [text for lang, text in found if lang == "sh"]
    check(bool(sh), "README has ```sh blocks under " + WALKTHROUGH)
    if not sh:
        return
    steps = [tertial_step(shlex.split(l)) for l in sh[0].splitlines() if l.strip()]
    check([s for s in steps if s] == STEPS, "the walkthrough's first block is the seven commands",
          f"{[s for s in steps if s]}, expected {STEPS}")

    with tempfile.TemporaryDirectory(prefix="tertial-walkthrough-") as tmp:
        root = Path(tmp).resolve() / "root"
        root.mkdir()
        shutil.copytree(source / "examples", root / "examples")
        (root / "build").symlink_to(binary.parent.parent, target_is_directory=True)
        env = {k: v for k, v in os.environ.items() if not k.startswith("TERTIAL_")}
        env["PWD"] = str(root)
        cwd = str(root)
        envfile = Path(tmp) / "env"
        printed = []      # (argv, stdout) of every command run, in order
        last_output = ""  # stdout of the latest ```sh block
        pdf = ledger_csv = ledger_output = None
        for lang, text in found:
            if lang == "text":
                for want in (l for l in text.splitlines() if l.strip()):
                    check(want in last_output.splitlines(),
                          "README's output line is what the commands before it print", repr(want))
                continue
            if lang != "sh":
                continue
            last_output = ""
            for line in (l for l in text.splitlines() if l.strip() and not l.lstrip().startswith("#")):
                argv = shlex.split(line)
                why = skipped(argv)
                if why:
                    if argv[0] == "curl":
                        urls = [a for a in argv if a.startswith("https://")]
                        check(len(urls) == 1 and any(urls[0] in out.splitlines() for _, out in printed),
                              "curl saves the address `tertial import kolada --url` printed", line)
                    print(f"skipped ({why}): {line}")
                    continue
                rc, out, err, env, cwd = run(line, cwd, env, envfile)
                print(f"$ {line}\n{out}{err}", end="")
                check(rc == 0, "exits 0", f"{line}: exit {rc}: {err.strip()[-600:]}")
                printed.append((argv, out))
                last_output += out
                step = tertial_step(argv)
                if step == "import ledger":
                    ledger_csv = Path(cwd) / argv[3]
                    ledger_output = out if ledger_output is None else ledger_output
                    check("= imported + left out, to the öre" in out, "the ledger import reconciles to the öre", line)
                if step == "build" and "--out" in argv:
                    report = next(a for a in argv[2:] if a.endswith(".json"))
                    pdf = Path(cwd) / argv[argv.index("--out") + 1] / (Path(report).stem + ".pdf")

        check(ledger_csv is not None and ledger_csv.is_file() and root / "examples" in ledger_csv.resolve().parents,
              "the walkthrough imports a ledger export shipped under examples/", str(ledger_csv))
        check(pdf is not None and pdf.is_file(), "the walkthrough builds a PDF", str(pdf))
        if pdf is not None and pdf.is_file() and ledger_csv is not None and ledger_csv.is_file():
            text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                                  text=True, check=True).stdout
            figure = ledger_kommunbidrag(ledger_csv)
            check(re.search(r"^\s*Kommunbidrag\s.*\s" + re.escape(figure) + r"(\s|$)", text, re.M) is not None,
                  "the PDF's driftredovisning shows Kommunbidrag from the shipped ledger", figure)
            check("Källa: Ekonomisystemet, huvudbok-2021-04.csv" in text,
                  "the PDF names the ledger export under the driftredovisning")
            check("Källa: Kolada" in text, "the PDF names Kolada under the key figures")
        imports = (source / "docs" / "imports.md").read_text(encoding="utf-8")
        sample = re.search(r"```\n(.*?)```", imports[imports.index(IMPORTS_SAMPLE):], re.S).group(1)
        for want in (l for l in sample.splitlines() if l.strip() not in ("", "...")):
            check(ledger_output is not None and want in ledger_output.splitlines(),
                  "docs/imports.md's sample line is what the walkthrough's ledger import prints", repr(want))
        check(tree(source / "examples") == tree(root / "examples"), "the commands change nothing under examples/")


def tree(top):
    """Every file under top (relative path) with its bytes."""
    return {p.relative_to(top): p.read_bytes() for p in sorted(top.rglob("*")) if p.is_file()}

if __name__ == "__main__":
    main()
    for f in failures:
        print("FAIL:", f)
    print(f"{passed} passed, {len(failures)} failed")
    sys.exit(1 if failures else 0)
