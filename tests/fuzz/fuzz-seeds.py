#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 The sandbox-api developers
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Writes the seed corpus of one fuzz target into a directory.

usage: fuzz-seeds.py TARGET DIRECTORY

The seeds are what the protocol says travels on the wire: the answers of
each endpoint, error pages, configurations, URLs, the multipart bodies the
library sends, and small gzip'd tar archives like the ones seen in the
wild, with a few broken or hostile ones beside them."""

import gzip
import hashlib
import io
import json
import os
import sys
import tarfile

UUID = "e8c5995b-7049-4b04-8440-5d9d914360fc"

SPECIFICATIONS = {
    "host": {"cpu": {"core": 6, "logical": 12, "freq_min": 800.0, "freq_max": 4700.0},
             "memory": {"ram": 16723701760, "swap": 9448923136,
                        "storage": {"/dev/sda2": 225603444736, "/dev/sda1": 313942016}},
             "docker_version": "19.03.8-ce", "sandbox_version": "3.0.0"},
    "container": {"count": 20,
                  "cpu": {"count": 1, "period": 1000, "shares": 1024, "quota": 0},
                  "memory": {"ram": 100000000, "swap": 100000000, "storage": -1},
                  "io": {"read_iops": {}, "read_bps": {}, "write_iops": {}, "write_bps": {}},
                  "process": -1, "working_dir_device": "/dev/sda2"}}

USAGES = {
    "cpu": {"frequency": 800.05, "usage": 0.085, "usage_avg": [0.104, 0.09, 0.0775]},
    "memory": {"ram": 5376819200, "swap": 0, "storage": {"/dev/sda2": 60275105792}},
    "io": {"read_iops": {"/dev/sda2": 0}, "read_bps": {"/dev/sda2": 0},
           "write_iops": {"/dev/sda2": 0}, "write_bps": {"/dev/sda2": 2048}},
    "network": {"sent_bytes": 514, "received_bytes": 526,
                "sent_packets": 6, "received_packets": 6},
    "process": 326, "container": 0}

LIBRARIES = {
    "libraries": {"system": {"bash": "5.0-4", "coreutils": "8.30-3"},
                  "python": {"numpy": "1.18.4"}, "perl": {"perl": "5.28.1"},
                  "c": {"libc": "6"}},
    "bin": ["bash", "cat", "gcc", "python3"]}


def command(text, code=0, out="", err="", time=0.01):
    return {"command": text, "exit_code": code, "stdout": out, "stderr": err, "time": time}


EXECUTIONS = [
    {"status": 0, "execution": [command("echo $((2+2))", 0, "4", "", 0.2858)],
     "total_time": 0.2871, "result": "4\n", "environment": UUID,
     "expire": "2019-07-06T13:05:35.123456+00:00"},
    {"status": 0, "execution": [], "total_time": 0},
    {"status": 2, "execution": [command("ls nothing", 2, "", "ls: cannot access 'nothing'")],
     "total_time": 0.05},
    {"status": -2, "execution": [command("sleep 5", -2, "", "Command timed out after 0.2 seconds\n",
                                         0.2)], "total_time": 0.21},
    {"status": -1, "execution": [command("printf '\\xff'", -1, "",
                                         "An unknown error occurred on the sandbox\n")],
     "total_time": 0.02},
    {"status": -3, "execution": [command("true")], "total_time": 0.02, "result": None},
    {"status": 0, "execution": [command("echo é ✓ 😀", 0, "é ✓ 😀")], "total_time": 1,
     "environment": None, "expire": None},
    {"status": 0, "execution": [command("-false", 1), command("echo ok", 0, "ok")],
     "total_time": 0.5, "environment": UUID, "expire": "2026-11-27T03:31:04.148064+00:00"},
]


def write(directory, name, data):
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(directory, name), "wb") as out:
        out.write(data)


def answer_seeds():
    seeds = [SPECIFICATIONS, USAGES, LIBRARIES] + EXECUTIONS
    out = [json.dumps(seed, ensure_ascii=False) for seed in seeds]
    out += [json.dumps(seed, indent=2) for seed in seeds[3:5]]
    out += ['{"status": 0, "execution": [{"command": "x", "exit_code": 2147483648, '
            '"stdout": "", "stderr": "", "time": 1e308}], "total_time": 1e999}',
            '{"status": 0, "execution": {}, "total_time": 0}',
            '{"status": "0", "execution": [], "total_time": 0, "expire": "yesterday"}',
            '{"a": "\\u0000\\ud83d\\ude00\\ud800"}',
            '[]', '"text"', '', ' ', '{', '{"a":1,}', 'null',
            '{"a": ' + '[' * 64 + ']' * 64 + '}',
            '{"a": [' + ','.join(['0'] * 256) + ']}']
    return out


def error_answer_seeds():
    def seed(status, reason, body):
        return bytes([status >> 8, status & 0xff]) + reason.encode() + b"\n" + body.encode()

    not_found = ('<!doctype html>\n<html lang="en">\n<head>\n  <title>Not Found</title>\n'
                 '<style>body { color: red }</style>\n</head>\n<body>\n  <h1>Not Found</h1>'
                 '<p>The requested resource was not found on this server.</p>\n</body>\n</html>\n')
    return [
        seed(404, "Not Found", not_found),
        seed(404, "Not Found", f"No environment with UUID '{UUID}' found"),
        seed(400, "Bad Request", "Missing argument 'config'"),
        seed(400, "Bad Request", "commands must be a list, not <class 'str'>"),
        seed(400, "Bad Request", "<h1>Bad Request (400)</h1>"),
        seed(413, "Request Entity Too Large", ""),
        seed(429, "Too Many Requests", "slow down"),
        seed(500, "Internal Server Error", "<h1>Server Error (500)</h1>"),
        seed(503, "Service Unavailable", "Sandbox overloaded, retry after a few seconds."),
        seed(599, "Whatever \x01\x7f Phrase", "  spaced\t\r\n  out  \x00 text "),
        seed(302, "", "<script>alert(1)</script><p>moved</p>"),
        seed(0, "", ""),
        seed(418, "I'm a teapot", "é" * 1100),
    ]


def config_seeds():
    seeds = [
        {"commands": ["echo $((2+2))", {"command": "-make test", "timeout": 5}],
         "environ": {"VAR1": "value1"}, "result_path": "result.txt",
         "environment": UUID, "save": True},
        {"commands": ["true"]},
        {"commands": [{"command": "sleep 1", "timeout": 0.2}], "save": False},
        {"commands": [{"command": "x", "timeout": -1}, {"command": "y", "timeout": 1e-300}],
         "environment": None},
        {"commands": ["--version"], "environ": {"A": 1, "B": True, "C": None, "D": 2.5,
                                                "E": [1, "x"], "F": {"g": "h"}, "é": "ü"}},
        {"commands": ["a"], "unknown": {"nested": [1, 2.0, "three", None, False]},
         "another": 12345678901234567890},
        {"commands": []},
        {"commands": "echo"},
        {"commands": [{"command": "x", "extra": 1}]},
        {"commands": [{"command": "x", "timeout": True}]},
        {"commands": ["x"], "save": "yes"},
        {"commands": ["x"], "environment": 7},
        {"commands": ["x"], "result_path": 1},
        {"environ": []},
        [],
    ]
    out = [json.dumps(seed, ensure_ascii=False) for seed in seeds]
    out += ['{"commands": ["x"], "environ": {"A": 1e400}}',
            '{"commands": [{"command": "x", "timeout": 0.1000000000000000055511151231257827}]}',
            '{"commands": ["\\u0000x", "\\ud800"]}',
            '{"commands": ["x"], "commands": ["y"]}',
            '{"commands": ["x"], "z": ' + '[' * 64 + ']' * 64 + '}',
            '', 'not json', '{"commands": ["x"]} trailing']
    return out


def url_seeds():
    bases = ["http://127.0.0.1:7000/", "http://127.0.0.1:7000", "https://host/sandbox/",
             "https://host/sandbox//", "http://[::1]:8080/a/b", "HTTP://User:pw@Host.example/",
             "http://host/%7Euser/", "ftp://host/", "http://host/?q=1", "http://host/#f",
             "http:///path", "http://host:99999/", "http://h%00st/", "//host/", "http://host/p?"]
    environments = [UUID, UUID.upper(), UUID[:-1], UUID + "0", "../" + UUID, ""]
    paths = ["dir/file1.txt", "file", "a b/c%2Fd?#", "é/😀", "a//b", "./a", "a/..", "/abs",
             "dir/", "x\\y", "%2e%2e"]
    out = []
    for i, base in enumerate(bases):
        environment = environments[i % len(environments)]
        path = paths[i % len(paths)]
        out.append(f"{base}\n{environment}\n{path}")
    out += [f"{bases[0]}\n{UUID}", f"{bases[2]}\n{UUID}\n{paths[0]}"]
    return out


def multipart(parts, boundary="sandbox-api-0123456789abcdef0123456789abcdef", crlf="\r\n"):
    body = b""
    for headers, content in parts:
        body += f"--{boundary}{crlf}".encode()
        for header in headers:
            body += (header + crlf).encode()
        body += crlf.encode() + content + crlf.encode()
    body += f"--{boundary}--{crlf}".encode()
    return f"multipart/form-data; boundary={boundary}\n".encode() + body


def form_seeds():
    config = json.dumps({"commands": ["echo $((2+2))"]}).encode()
    archive = tar_gz([("file.txt", b"hello\n")])
    field = 'Content-Disposition: form-data; name="config"'
    env = 'Content-Disposition: form-data; name="environment"; filename="env.tgz"'
    return [
        # What the library sends, with and without an archive.
        multipart([([field], config)]),
        multipart([([field], config), ([env, "Content-Type: application/gzip"], archive)]),
        multipart([([field], config)], boundary="x", crlf="\n"),
        multipart([([field], b"first"), ([field], b"last \xff\xfe wins")]),
        multipart([(['Content-Disposition: form-data; name="config"; filename="c.json"'], config)]),
        multipart([(['Content-Disposition: form-data; name="environment"'], archive)]),
        multipart([(['Content-Disposition: form-data; name=" config "; filename=""'], config)]),
        multipart([(["Content-Type: text/plain"], config)]),
        multipart([([f'Content-Disposition: form-data; name="f{i}"'], b"v") for i in range(20)]),
        b'multipart/form-data; boundary="quoted boundary"\n--quoted boundary\r\n'
        b'Content-Disposition: form-data; name=config\r\n\r\n{}\r\n--quoted boundary--',
        b"multipart/form-data\n--x\r\n\r\n",
        b"application/x-www-form-urlencoded\nconfig=%7B%22commands%22%3A%5B%22true%22%5D%7D",
        b"application/x-www-form-urlencoded\na=1&config=x;config=%FF%00&b",
        b"APPLICATION/X-WWW-FORM-URLENCODED; charset=utf-8\nconfig=+%2B+",
        b"text/plain\nconfig=x",
    ]


def tar_gz(members, fmt=tarfile.PAX_FORMAT, gzip_members=1, compress=True):
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=fmt) as tar:
        for member in members:
            name, content = member[0], member[1]
            info = tarfile.TarInfo(name)
            info.mtime = 1700000000
            if isinstance(content, bytes):
                info.size = len(content)
                info.mode = member[2] if len(member) > 2 else 0o644
                tar.addfile(info, io.BytesIO(content))
                continue
            kind, target = content
            info.type = kind
            info.mode = 0o755
            if kind in (tarfile.SYMTYPE, tarfile.LNKTYPE):
                info.linkname = target
            tar.addfile(info)
    data = raw.getvalue()
    if not compress:
        return data
    if gzip_members == 1:
        return gzip.compress(data, mtime=0)
    half = len(data) // 2
    return gzip.compress(data[:half], mtime=0) + gzip.compress(data[half:], mtime=0)


def archive_seeds():
    """gzip'd tar archives, and plain tar ones, which the target compresses."""
    d = (tarfile.DIRTYPE, None)
    plain = [
        tar_gz([("/", d), ("./dir/", d), ("./dir/file1.txt", b"one"), ("dir/link",
               (tarfile.SYMTYPE, "file1.txt")), ("hard", (tarfile.LNKTYPE, "dir/file1.txt"))],
               compress=False),
        tar_gz([("a/b/../c", b"x"), ("sub", (tarfile.SYMTYPE, "a")), ("sub/d", b"y")],
               fmt=tarfile.GNU_FORMAT, compress=False),
        tar_gz([("x" * 300 + "/y", b"pax"), ("big", b"\0" * 8192)], compress=False),
    ]
    return plain + [
        tar_gz([("file.txt", b"hello\n")]),
        tar_gz([("/", d), ("./dir/", d), ("./dir/file1.txt", b"one"), ("dir/file2", b"two")],
               fmt=tarfile.GNU_FORMAT),
        tar_gz([("dir/", d), ("dir/link", (tarfile.SYMTYPE, "../file")), ("file", b"x"),
                ("hard", (tarfile.LNKTYPE, "file"))]),
        tar_gz([("a/b/c/d/e/f/g/h/" + "n" * 200, b"long name")]),
        tar_gz([("exec.sh", b"#!/bin/sh\necho hi\n", 0o4755), ("same", b"1"), ("same", b"2")],
               fmt=tarfile.USTAR_FORMAT),
        tar_gz([("x", b"split"), ("y", b"across members")], gzip_members=2),
        tar_gz([("file", b"x"), ("file/inside", b"replaces a file by a directory")]),
        # Hostile: each must be refused or kept inside.
        tar_gz([("../escape", b"out")]),
        tar_gz([("/etc/escape", b"out")]),
        tar_gz([("up", (tarfile.SYMTYPE, "../../canary")), ("up/write", b"through")]),
        tar_gz([("dir", (tarfile.SYMTYPE, ".")), ("dir/dir/../../x", b"x")]),
        tar_gz([("link", (tarfile.LNKTYPE, "../canary"))]),
        tar_gz([("fifo", (tarfile.FIFOTYPE, None))]),
        tar_gz([("dev", (tarfile.CHRTYPE, None))]),
        gzip.compress(b"not a tar archive", mtime=0),
        b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03",
        tar_gz([("f", b"z" * 4096)]) + b"\x00" * 512,
    ]


def sparse_tar(real_size, pieces):
    """A pax 0.1 sparse file of @real_size bytes, its data @pieces (offset, size)."""
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        stored = sum(size for _, size in pieces)
        info = tarfile.TarInfo("sparse")
        info.size = stored
        info.pax_headers = {
            "GNU.sparse.size": str(real_size),
            "GNU.sparse.numblocks": str(len(pieces)),
            "GNU.sparse.map": ",".join(f"{offset},{size}" for offset, size in pieces),
        }
        tar.addfile(info, io.BytesIO(b"s" * stored))
    return raw.getvalue()


def environment_seeds():
    """A flags byte (see fuzz-environment.c) and an archive: the plain tars
    are gzip'd by the target (flag 1), the others are read as they are."""
    d = (tarfile.DIRTYPE, None)
    tars = [
        tar_gz([("./", d), ("./dir/", d), ("./dir/file1.txt", b"one"),
                ("./dir/link", (tarfile.SYMTYPE, "file1.txt")),
                ("./up", (tarfile.SYMTYPE, "dir/../dir")),
                ("./hard", (tarfile.LNKTYPE, "./dir/file1.txt"))], compress=False),
        tar_gz([("d" * 120 + "/" + "e" * 200, b"pax long name"),
                ("l" * 150, (tarfile.SYMTYPE, "t" * 300))], compress=False),
        tar_gz([("a/b/c/d/", d), ("a/b/c/d/../x", b"dotdot")], compress=False),
        tar_gz([("ro/", d), ("ro/file", b"read-only", 0o444)], compress=False),
        # Through a link to a directory of the archive; a hard link to a
        # file that a link replaced.
        tar_gz([("dir/", d), ("lnk", (tarfile.SYMTYPE, "dir")), ("lnk/x", b"through")],
               compress=False),
        tar_gz([("f", b"x"), ("f", (tarfile.SYMTYPE, "g")), ("h", (tarfile.LNKTYPE, "f"))],
               compress=False),
        # 300 directories that only a path names: past the member cap.
        tar_gz([("a/" * 300 + "f", b"deep")], compress=False),
        sparse_tar(8192, [(0, 5), (4096, 5)]),
        sparse_tar(1 << 20, [(1 << 19, 512)]),
        # Holes of 16 GiB in a few hundred bytes: read_bytes must refuse
        # them before it allocates.
        sparse_tar(1 << 34, [(1 << 33, 512)]),
    ]
    out = [b"\x01" + tar for tar in tars]
    out += [b"\x00" + seed for seed in archive_seeds() if seed[:2] == b"\x1f\x8b"]
    out += [b"\x01" + seed for seed in archive_seeds() if seed[:2] != b"\x1f\x8b"]
    # Megabytes of zeros after the tar's end, gzip'd into a few kilobytes:
    # the reader stops soon after the end instead of inflating them all.
    out.append(b"\x00" + gzip.compress(tars[0] + b"\x00" * (4 << 20), mtime=0))
    # Short reads of 1 and 16 bytes, a directory there before, every other
    # member skipped, caps of 1 KiB and 2 members, and of 3 KiB and 6.
    out += [b"\x03" + tars[0], b"\xf2" + gzip.compress(tars[1], mtime=0),
            b"\x05" + tars[2], b"\x09" + tars[0], b"\x11" + tars[0], b"\x31" + tars[4]]
    return out


GENERATORS = {
    "fuzz-answer": answer_seeds,
    "fuzz-error-answer": error_answer_seeds,
    "fuzz-config": config_seeds,
    "fuzz-url": url_seeds,
    "fuzz-form": form_seeds,
    "fuzz-archive": archive_seeds,
    "fuzz-environment": environment_seeds,
}


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in GENERATORS:
        sys.exit(f"usage: {sys.argv[0]} {{{','.join(GENERATORS)}}} DIRECTORY")
    directory = sys.argv[2]
    os.makedirs(directory, exist_ok=True)
    seeds = GENERATORS[sys.argv[1]]()
    for seed in seeds:
        data = seed.encode() if isinstance(seed, str) else seed
        write(directory, "seed-" + hashlib.sha1(data).hexdigest()[:16], data)
    print(len(seeds))


if __name__ == "__main__":
    main()
