#!/usr/bin/env python3
# Checks that each C, Python, JavaScript and Vala block of the README is an
# excerpt of the example program linked just before it: its lines appear in
# that program, in the same order (leading white space aside).
#
#   check-readme.py README.md
#
# SPDX-FileCopyrightText: 2026 The sandbox-api developers
# SPDX-License-Identifier: LGPL-2.1-or-later

import os
import re
import sys

LANGUAGES = {"c", "python", "js", "vala"}
FENCE = re.compile(r"^```(\w*)\n(.*?)^```\n", re.MULTILINE | re.DOTALL)
LINK = re.compile(r"\]\((examples/[^)\s]+)\)")


def is_excerpt(block, program):
    lines = iter(line.strip() for line in program.splitlines())
    return all(any(wanted == line for line in lines)
               for wanted in (line.strip() for line in block.splitlines()) if wanted)


def main():
    readme = sys.argv[1]
    root = os.path.dirname(os.path.abspath(readme))
    with open(readme, encoding="utf-8") as source:
        text = source.read()

    failures = 0
    checked = set()
    for fence in FENCE.finditer(text):
        language, block = fence.group(1), fence.group(2)
        if language not in LANGUAGES:
            continue
        before = text[:fence.start()].rstrip().rsplit("\n\n", 1)[-1]
        links = LINK.findall(before)
        line = text.count("\n", 0, fence.start()) + 1
        if not links:
            print(f"{readme}:{line}: a {language} block without the example it comes from")
            failures += 1
            continue
        with open(os.path.join(root, links[-1]), encoding="utf-8") as source:
            program = source.read()
        if not is_excerpt(block, program):
            print(f"{readme}:{line}: not an excerpt of {links[-1]}")
            failures += 1
        checked.add(language)

    if checked != LANGUAGES:
        print(f"{readme}: no example in {', '.join(sorted(LANGUAGES - checked))}")
        failures += 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
