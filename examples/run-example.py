#!/usr/bin/env python3
# Runs an example program against a local sandbox-server and checks its
# output.
#
#   run-example.py SERVER -- PROGRAM [ARGS...]
#
# The program is given the server's URL and an archive made here, holding
# hello.txt, as its two last arguments. Its output must show each expected
# line below.
#
# SPDX-FileCopyrightText: 2026 The sandbox-api developers
# SPDX-License-Identifier: LGPL-2.1-or-later

import io
import os
import re
import subprocess
import sys
import tarfile
import tempfile

GREETING = "Hello from the archive"
EXPECTED = [
    r"^server: sandbox \S+",
    r"^\$ echo \$\(\(2\+2\)\)\n  exit code 0, stdout: 4$",
    rf"^\$ cat hello.txt\n  exit code 0, stdout: {GREETING}$",
    r"^status: 0 \(success\)$",
    rf"^hello.txt\b.*: {GREETING}$",
]


def make_archive(path):
    content = f"{GREETING}\n".encode()
    with tarfile.open(path, "w:gz") as archive:
        member = tarfile.TarInfo("hello.txt")
        member.size = len(content)
        member.mode = 0o644
        archive.addfile(member, io.BytesIO(content))


def start_server(server, storage):
    for extra in ([], ["--no-isolation"]):
        process = subprocess.Popen([server, "--port", "0", "--storage", storage] + extra,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        url = process.stdout.readline().strip()
        if url:
            return process, url
        print(f"sandbox-server {' '.join(extra)} did not start: {process.stderr.read()}",
              file=sys.stderr)
        process.wait()
    sys.exit("no sandbox-server could be started")


def main():
    separator = sys.argv.index("--")
    server, program = sys.argv[1], sys.argv[separator + 1:]

    with tempfile.TemporaryDirectory() as directory:
        archive = os.path.join(directory, "hello.tgz")
        make_archive(archive)
        process, url = start_server(server, os.path.join(directory, "storage"))
        try:
            result = subprocess.run(program + [url, archive], capture_output=True, text=True,
                                    timeout=120)
        finally:
            process.terminate()
            process.communicate()

    print(result.stdout, end="")
    print(result.stderr, end="", file=sys.stderr)
    failures = [pattern for pattern in EXPECTED
                if not re.search(pattern, result.stdout, re.MULTILINE)]
    for pattern in failures:
        print(f"missing from the output: {pattern}", file=sys.stderr)
    if result.returncode != 0:
        print(f"the example exited with {result.returncode}", file=sys.stderr)
    return 1 if failures or result.returncode != 0 else 0


if __name__ == "__main__":
    sys.exit(main())
