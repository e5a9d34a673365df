#!/usr/bin/env python3
"""The README opens with exactly two set-up commands; .ci/run runs the second."""
import re
import sys

root = sys.argv[1]
readme = open(f"{root}/README.md", encoding="utf-8").read()
blocks = re.findall(r"```sh\n(.*?)\n```", readme, re.S)
ci = [l for l in open(f"{root}/.ci/run", encoding="utf-8").read().splitlines()
      if l and not l.startswith(("#", "set ", "cd ", "export "))]
failures = []
if len(blocks) < 2 or any("\n" in b for b in blocks[:2]):
    failures.append("README must open with two one-line sh blocks")
elif readme.index(blocks[1]) > readme.index("---"):
    failures.append("the two set-up commands must come before the first '---'")
else:
    if "tertial build" not in blocks[0] or "--out out" not in blocks[0]:
        failures.append("first command must render the examples into out/")
    if ci != [blocks[1]]:
        failures.append(f".ci/run runs {ci!r}, README's second command is {blocks[1]!r}")
for f in failures:
    print("FAIL:", f)
print(f"{1 if not failures else 0} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
