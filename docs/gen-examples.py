#!/usr/bin/env python3
# Writes the reference's examples page from the programs in examples/, which
# the test suite runs, so that the page shows what is tested.
#
#   gen-examples.py OUTPUT.md EXAMPLE...
#
# Each example gets a heading, the description from its own header comment,
# a short note on its language, and its text as it is.
#
# SPDX-FileCopyrightText: 2026 The sandbox-api developers
# SPDX-License-Identifier: LGPL-2.1-or-later

import os
import re
import sys

HEADER = """\
Title: Examples
Slug: examples

# Examples

The programs below come from the `examples/` folder of the source tree, as
they are: the test suite runs each of them against the local
`sandbox-server` and checks what it prints (`meson test --suite examples`).
Each one connects to a server given by its URL, prints the server's
specifications, runs `echo $((2+2))` and `cat hello.txt` with an uploaded
archive that holds `hello.txt`, shows each command's output, and downloads
`hello.txt` back from the saved environment:

```sh
sandbox-server --port 7000 &
tar -czf hello.tgz hello.txt
_build/examples/execute http://127.0.0.1:7000/ hello.tgz
```
"""

FOOTER = """\
## A GTK 4 application

`examples/gtk/` holds `sandbox-playground`, a libadwaita window to try
commands on a server with the asynchronous calls only, so that the window
never freezes, even with a slow or unreachable server: files to send,
packed by [class@Sandbox.EnvironmentBuilder], each command's result in a
list bound to [property@Sandbox.Execution:commands], and the saved
environment's files to download. Its `README.md` tells more.

![sandbox-playground after a run](gtk-app.png)
"""

LANGUAGES = {
    ".c": ("C", "c"),
    ".py": ("Python", "python"),
    ".js": ("JavaScript (GJS)", "js"),
    ".vala": ("Vala", "vala"),
}

NOTES = {
    ".c": "Build it with `pkg-config --cflags --libs sandbox-api-1`.",
    ".py": "Errors are `GLib.Error` exceptions; `execution.props.commands` "
           "is a `Gio.ListModel`, which Python iterates directly.",
    ".js": "`Gio._promisify()` turns each `_async`/`_finish` pair into a "
           "method that returns a promise.",
    ".vala": "The VAPI turns each `_async`/`_finish` pair into an `async` "
             "method to call with `yield`, and [error@Sandbox.Error] into an "
             "error domain to `catch`. Build it with "
             "`valac --pkg sandbox-api-1`.",
}

COMMENT_PREFIX = re.compile(r"^\s*(/\*|\*/|\*|//|#!.*|#)\s?")


def description(name, text):
    """The first paragraph of the file's header comment, without its name."""
    lines = []
    for line in text.splitlines():
        if not COMMENT_PREFIX.match(line):
            break
        line = COMMENT_PREFIX.sub("", line, count=1).rstrip()
        if line.endswith("*/"):
            line = line[:-2].rstrip()
        if not line:
            if lines:
                break
            continue
        lines.append(line)
    if not lines:
        sys.exit(f"{name}: no header comment to describe it")
    paragraph = " ".join(lines)
    prefix = f"{name}: "
    if paragraph.startswith(prefix):
        paragraph = paragraph[len(prefix):]
    return paragraph[0].upper() + paragraph[1:]


def section(path):
    name = os.path.basename(path)
    extension = os.path.splitext(name)[1]
    if extension not in LANGUAGES:
        sys.exit(f"{name}: not an example in a known language")
    language, fence = LANGUAGES[extension]
    with open(path, encoding="utf-8") as source:
        text = source.read()
    if "```" in text:
        sys.exit(f"{name}: holds a Markdown fence")
    way = "asynchronous" if "_async" in text else "blocking"
    return (f"## {language}, {way}: `{name}`\n\n"
            f"{description(name, text)}\n"
            f"{NOTES[extension]}\n\n"
            f"```{fence}\n{text.rstrip()}\n```\n")


def order(path):
    name = os.path.basename(path)
    extension = os.path.splitext(name)[1]
    return (list(LANGUAGES).index(extension) if extension in LANGUAGES else -1,
            "async" in name, name)


def main():
    if len(sys.argv) < 3:
        sys.exit(f"Usage: {sys.argv[0]} OUTPUT.md EXAMPLE...")
    sections = [HEADER] + [section(path) for path in sorted(sys.argv[2:], key=order)] + [FOOTER]
    with open(sys.argv[1], "w", encoding="utf-8") as output:
        output.write("\n".join(sections))


if __name__ == "__main__":
    main()
