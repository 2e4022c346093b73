#!/usr/bin/env python3
"""Writes the Forest scripts found in Swift test files (string literals holding `study`) into a
folder, one file each, to seed the fuzzer's corpus."""
import pathlib, re, sys

tests, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
count = 0
for path in sorted(tests.rglob("*.swift")):
    text = path.read_text(encoding="utf-8")
    for block in re.findall(r'"""\n(.*?)"""', text, re.S):
        if "study" in block:
            (out / f"test-{count}.forest").write_text(block, encoding="utf-8")
            count += 1
    for literal in re.findall(r'"((?:[^"\\\n]|\\.)*study(?:[^"\\\n]|\\.)*)"', text):
        script = literal.replace('\\n', '\n').replace('\\"', '"').replace('\\\\', '\\')
        (out / f"test-{count}.forest").write_text(script, encoding="utf-8")
        count += 1
print(f"fuzz: {count} seed scripts from the tests", file=sys.stderr)
