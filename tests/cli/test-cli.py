#!/usr/bin/python3
# test-cli.py
#
# SPDX-FileCopyrightText: 2026 The sandbox-api developers
# SPDX-License-Identifier: LGPL-2.1-or-later

"""Runs the built sandbox-cli against the built sandbox-server (started on
127.0.0.1 with an ephemeral port and a temporary storage directory), and
against a fake server of its own for hostile archives and broken downloads.

SANDBOX_CLI and SANDBOX_SERVER name the programs. Under the valgrind test
setup (SANDBOX_TEST_UNDER_VALGRIND=1), each sandbox-cli run goes through
SANDBOX_TEST_VALGRIND and must end with no error and no definite leak.
"""

import http.server
import io
import json
import os
import pty
import resource
import select
import shutil
import signal
import socket
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
import unittest

CLI = os.environ.get("SANDBOX_CLI")
SERVER = os.environ.get("SANDBOX_SERVER")
UNDER_VALGRIND = os.environ.get("SANDBOX_TEST_UNDER_VALGRIND") == "1"
VALGRIND = os.environ.get("SANDBOX_TEST_VALGRIND")
VALGRIND_ERROR = 99

# The exit statuses of sandbox-cli's own, documented in `sandbox-cli --help`
# and its man page; execute otherwise exits with the command's code.
EXIT_MISSING = 1      # check: no such environment or file
EXIT_TIMED_OUT = 124  # execute: a command timed out
EXIT_FAILED = 125     # sandbox-cli, the server or the sandbox failed

MISSING_UUID = "00000000-0000-4000-8000-000000000000"

server_process = None
server_url = None
work_dir = None


def wrapper():
    if not (UNDER_VALGRIND and VALGRIND):
        return []
    command = [VALGRIND, "--quiet", "--leak-check=full",
               "--show-leak-kinds=definite",
               "--errors-for-leak-kinds=definite",
               "--error-exitcode=%d" % VALGRIND_ERROR,
               "--log-file=" + os.path.join(work_dir, "valgrind-%p.log")]
    suppressions = os.environ.get("SANDBOX_TEST_VALGRIND_SUPPRESSIONS", "")
    for path in suppressions.split(":"):
        if path:
            command.append("--suppressions=" + path)
    return command


def run_cli(*args, url=None, env=None, cwd=None, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, timeout=60, preexec_fn=None):
    environ = dict(os.environ)
    environ["SANDBOX_URL"] = url if url is not None else server_url
    environ.pop("NO_COLOR", None)
    if env:
        environ.update(env)
    result = subprocess.run(wrapper() + [CLI] + list(args), env=environ,
                            cwd=cwd or work_dir, stdout=stdout, stderr=stderr,
                            timeout=timeout * (20 if UNDER_VALGRIND else 1),
                            preexec_fn=preexec_fn)
    check_valgrind(result.returncode, args)
    return result


def check_valgrind(returncode, args):
    if wrapper() and returncode == VALGRIND_ERROR:
        logs = ""
        for name in sorted(os.listdir(work_dir)):
            if name.startswith("valgrind-"):
                with open(os.path.join(work_dir, name)) as f:
                    logs += f.read()
        raise AssertionError("valgrind found errors in sandbox-cli %s:\n%s"
                             % (" ".join(args), logs))


def read_all(fd, ready=lambda fd: True):
    """Reads @fd to its end (or error), while ready(fd) says it can."""
    data = b""
    while ready(fd):
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        data += chunk
    return data


def run_with_tty(args, tty_stream, env=None):
    """Runs sandbox-cli with stdout or stderr on a pseudo-terminal, and gives
    (exit status, what the terminal got, what the other stream got)."""
    master, slave = pty.openpty()
    environ = dict(os.environ, SANDBOX_URL=server_url, TERM="xterm")
    environ.pop("NO_COLOR", None)
    if env:
        environ.update(env)
    kwargs = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE}
    kwargs[tty_stream] = slave
    process = subprocess.Popen(wrapper() + [CLI] + list(args), env=environ,
                               cwd=work_dir, **kwargs)
    os.close(slave)
    terminal = b""
    other_stream = process.stderr if tty_stream == "stdout" else process.stdout
    while True:
        ready, _, _ = select.select([master], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                chunk = b""
            if not chunk:
                break
            terminal += chunk
        elif process.poll() is not None:
            terminal += read_all_nonblocking(master)
            break
    other = other_stream.read()
    other_stream.close()
    process.wait()
    os.close(master)
    check_valgrind(process.returncode, args)
    return process.returncode, terminal, other


def read_all_nonblocking(fd):
    return read_all(fd, lambda fd: select.select([fd], [], [], 0)[0])


def start_server():
    global server_process, server_url
    storage = os.path.join(work_dir, "storage")
    os.mkdir(storage)
    server_process = subprocess.Popen(
        [SERVER, "--port", "0", "--storage", storage, "--slots", "2"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL)
    ready, _, _ = select.select([server_process.stdout], [], [], 20)
    if not ready:
        raise RuntimeError("sandbox-server printed no URL")
    server_url = server_process.stdout.readline().decode().strip()
    if not server_url.startswith("http://"):
        raise RuntimeError("sandbox-server printed %r" % server_url)


def stop_server():
    if server_process is not None:
        server_process.terminate()
        try:
            server_process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server_process.kill()
            server_process.wait()
        server_process.stdout.close()


def setUpModule():
    global work_dir
    if not CLI or not SERVER:
        raise unittest.SkipTest("SANDBOX_CLI and SANDBOX_SERVER are not set")
    work_dir = tempfile.mkdtemp(prefix="sandbox-cli-test-")
    start_server()


def tearDownModule():
    stop_server()
    if work_dir is not None:
        shutil.rmtree(work_dir, ignore_errors=True)


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def make_tgz(members):
    """members: (TarInfo fields as a dict, bytes or None)."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for fields, data in members:
            info = tarfile.TarInfo(fields["name"])
            info.type = fields.get("type", tarfile.REGTYPE)
            info.linkname = fields.get("linkname", "")
            info.mode = fields.get("mode", 0o644)
            info.mtime = 1700000000
            if data is not None:
                info.size = len(data)
                archive.addfile(info, io.BytesIO(data))
            else:
                archive.addfile(info)
    return buffer.getvalue()


class CliTestCase(unittest.TestCase):
    maxDiff = None

    def assertCleanStderr(self, stderr):
        text = stderr.decode("utf-8", "replace")
        for bad in ("CRITICAL", "WARNING", "Gtk-", "GLib-"):
            self.assertNotIn(bad, text)

    def assertOneLineError(self, result, prefix):
        self.assertCleanStderr(result.stderr)
        lines = result.stderr.decode().splitlines()
        self.assertEqual(len(lines), 1, result.stderr)
        self.assertTrue(lines[0].startswith("sandbox-cli: " + prefix),
                        lines[0])
        return lines[0]

    def assertUsageError(self, result):
        self.assertEqual(result.returncode, EXIT_FAILED, result.stderr)
        self.assertCleanStderr(result.stderr)
        lines = result.stderr.decode().splitlines()
        self.assertEqual(len(lines), 2, result.stderr)
        self.assertTrue(lines[0].startswith("sandbox-cli: "))
        self.assertIn("--help", lines[1])
        self.assertEqual(result.stdout, b"")

    def execute_json(self, *args):
        result = run_cli("execute", "--json", *args)
        self.assertCleanStderr(result.stderr)
        return result, json.loads(result.stdout)

    def save_environment(self, *commands):
        result, answer = self.execute_json("--save", *commands)
        self.assertEqual(result.returncode, 0, result.stdout)
        self.assertEqual(answer["status"], 0)
        return answer["environment"]


class InfoTests(CliTestCase):
    def check_info(self, command, members):
        for args in ([command], [command, "--json"]):
            result = run_cli(*args)
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertEqual(result.stderr, b"")
            # Not a terminal: compact JSON, one line.
            self.assertEqual(result.stdout.count(b"\n"), 1)
            self.assertTrue(result.stdout.endswith(b"\n"))
            node = json.loads(result.stdout)
            for member in members:
                self.assertIn(member, node)
        return node

    def test_specs(self):
        node = self.check_info("specs", ["host", "container"])
        self.assertIn("cpu", node["host"])
        self.assertIn("count", node["container"])

    def test_usage(self):
        self.check_info("usage", ["cpu", "memory", "process", "container"])

    def test_libraries(self):
        node = self.check_info("libraries", ["libraries", "bin"])
        self.assertIn("bash", node["bin"])

    def test_pretty_on_terminal(self):
        status, terminal, _ = run_with_tty(["specs"], "stdout")
        self.assertEqual(status, 0)
        self.assertGreater(terminal.count(b"\n"), 5)
        self.assertIn("host", json.loads(terminal.decode()))
        status, terminal, _ = run_with_tty(["specs", "--json"], "stdout")
        self.assertEqual(status, 0)
        self.assertEqual(terminal.strip().count(b"\n"), 0)


class ExecuteTests(CliTestCase):
    def test_output(self):
        result = run_cli("execute", "echo out-text", "echo err-text >&2")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stderr, b"")
        out = result.stdout.decode()
        self.assertIn("$ echo out-text\n  Exit code: 0\n  Time: ", out)
        self.assertIn("  Stdout:\n    out-text\n", out)
        self.assertIn("  Stderr:\n    err-text\n", out)
        self.assertIn("Status: 0 (success)\n", out)
        self.assertIn("Total time: ", out)
        # Not a terminal: no colour.
        self.assertNotIn("\x1b", out)

    def test_colour_on_terminal(self):
        status, terminal, _ = run_with_tty(
            ["execute", "echo err-text >&2", "printf 'a\\033[2Jb'"], "stdout")
        self.assertEqual(status, 0)
        self.assertIn(b"\x1b[31merr-text\x1b[0m", terminal)
        # Control characters the command printed are shown escaped.
        self.assertIn(b"a\\x1B[2Jb", terminal)
        self.assertNotIn(b"\x1b[2J", terminal)
        status, terminal, _ = run_with_tty(["execute", "echo e >&2"], "stdout",
                                           env={"NO_COLOR": "1"})
        self.assertEqual(status, 0)
        self.assertNotIn(b"\x1b", terminal)

    def test_env(self):
        result = run_cli("execute", "-e", "ONE=1", "--env", "TWO=a=b",
                         'echo "$ONE/$TWO"')
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("    1/a=b\n", result.stdout.decode())

    def test_timeout_each(self):
        result = run_cli("execute", "--timeout-each", "0.3", "sleep 5",
                         "echo never")
        self.assertEqual(result.returncode, EXIT_TIMED_OUT, result.stdout)
        out = result.stdout.decode()
        self.assertIn("Exit code: -2", out)
        self.assertIn("Status: -2 (timed out)", out)
        self.assertNotIn("never", out.replace("echo never", ""))

    def test_failing_command(self):
        result = run_cli("execute", "echo before", "exit 7", "echo after")
        self.assertEqual(result.returncode, 7)
        out = result.stdout.decode()
        self.assertIn("    before\n", out)
        self.assertIn("Exit code: 7", out)
        self.assertIn("Status: 7 (command failed)", out)
        self.assertNotIn("$ echo after", out)

    def test_ignored_failure(self):
        result = run_cli("execute", "--", "-exit 7", "echo after")
        self.assertEqual(result.returncode, 0, result.stdout)
        self.assertIn("    after\n", result.stdout.decode())

    def test_json(self):
        result, answer = self.execute_json("echo hi", "exit 3")
        self.assertEqual(result.returncode, 3)
        self.assertEqual(result.stdout.count(b"\n"), 1)
        self.assertEqual(answer["status"], 3)
        self.assertEqual(answer["execution"][0]["stdout"], "hi")
        self.assertEqual(answer["execution"][1]["exit_code"], 3)
        self.assertIn("total_time", answer)

    def test_dir(self):
        directory = os.path.join(work_dir, "upload-dir")
        os.makedirs(os.path.join(directory, "sub"))
        with open(os.path.join(directory, "sub", "in.txt"), "w") as f:
            f.write("from the directory\n")
        result = run_cli("execute", "--dir", directory, "cat sub/in.txt")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("    from the directory\n", result.stdout.decode())

    def test_dir_links_and_modes(self):
        directory = os.path.join(work_dir, "upload-links")
        os.makedirs(os.path.join(directory, "empty"))
        script = os.path.join(directory, "run.sh")
        with open(script, "w") as f:
            f.write("#!/bin/sh\necho ran\n")
        os.chmod(script, 0o755)
        os.symlink("run.sh", os.path.join(directory, "link"))
        result = run_cli("execute", "--dir", directory,
                         "./link && readlink link && test -d empty")
        self.assertEqual(result.returncode, 0, result.stdout)
        self.assertIn("    ran\n    run.sh\n", result.stdout.decode())
        # A link pointing outside the directory is not sent.
        os.symlink("/etc/passwd", os.path.join(directory, "outside"))
        result = run_cli("execute", "--dir", directory, "cat outside")
        self.assertEqual(result.returncode, EXIT_FAILED, result.stdout)
        self.assertIn("outside", self.assertOneLineError(result, ""))
        self.assertEqual(result.stdout, b"")

    def test_dir_missing(self):
        result = run_cli("execute", "--dir", os.path.join(work_dir, "nope"),
                         "true")
        self.assertEqual(result.returncode, EXIT_FAILED)
        self.assertOneLineError(result, "")

    def test_archive_and_result(self):
        path = os.path.join(work_dir, "upload.tgz")
        with open(path, "wb") as f:
            f.write(make_tgz([({"name": "data/in.txt"}, b"from the archive\n")]))
        result = run_cli("execute", "--archive", path, "--result",
                         "data/in.txt", "cat data/in.txt")
        self.assertEqual(result.returncode, 0, result.stderr)
        out = result.stdout.decode()
        self.assertIn("  Stdout:\n    from the archive\n", out)
        self.assertIn("Result:\n    from the archive\n", out)

    def test_archive_missing(self):
        result = run_cli("execute", "--archive",
                         os.path.join(work_dir, "nope.tgz"), "true")
        self.assertEqual(result.returncode, EXIT_FAILED)
        self.assertOneLineError(result, "")

    def test_result_missing(self):
        result = run_cli("execute", "--result", "nope.txt", "true")
        self.assertEqual(result.returncode, EXIT_FAILED)
        self.assertIn("Status: -3 (result not found)", result.stdout.decode())

    def test_config(self):
        path = os.path.join(work_dir, "config.json")
        with open(path, "w") as f:
            json.dump({"commands": ["echo from-config"],
                       "environ": {"WHO": "config"}}, f)
        result = run_cli("execute", "--config", path, 'echo "by $WHO"')
        self.assertEqual(result.returncode, 0, result.stderr)
        out = result.stdout.decode()
        self.assertIn("    from-config\n", out)
        self.assertIn("    by config\n", out)
        self.assertLess(out.index("from-config"), out.index("by config"))

    def test_config_invalid(self):
        path = os.path.join(work_dir, "bad-config.json")
        with open(path, "w") as f:
            json.dump({"commands": []}, f)
        result = run_cli("execute", "--config", path)
        self.assertEqual(result.returncode, EXIT_FAILED)
        self.assertIn("commands",
                      self.assertOneLineError(result, "Invalid configuration"))

    def test_saved_environment(self):
        result = run_cli("execute", "--save", "echo kept > kept.txt")
        self.assertEqual(result.returncode, 0, result.stderr)
        out = result.stdout.decode()
        uuid = out.split("Environment: ")[1].split("\n")[0]
        self.assertEqual(len(uuid), 36)
        self.assertIn("\nExpires: ", out)
        result = run_cli("execute", "--environment", uuid, "cat kept.txt")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("    kept\n", result.stdout.decode())

    def test_unknown_environment(self):
        result = run_cli("execute", "--environment", MISSING_UUID, "true")
        self.assertEqual(result.returncode, EXIT_FAILED)
        self.assertOneLineError(result,
                                "Sandbox responded with status 404 (Not Found)")


class ProgressTests(CliTestCase):
    """Uploads and downloads draw their progress on stderr when it is a
    terminal, or with --progress; never otherwise, nor with --no-progress."""

    @classmethod
    def setUpClass(cls):
        cls.blob = os.urandom(200 * 1024)
        cls.directory = os.path.join(work_dir, "progress-dir")
        os.makedirs(cls.directory)
        with open(os.path.join(cls.directory, "blob.bin"), "wb") as f:
            f.write(cls.blob)
        with open(os.path.join(cls.directory, "small.txt"), "wb") as f:
            f.write(b"small\n")
        cls.archive = os.path.join(work_dir, "progress.tgz")
        with open(cls.archive, "wb") as f:
            f.write(make_tgz([({"name": "blob.bin"}, cls.blob)]))
        result = run_cli("execute", "--json", "--save", "--dir", cls.directory,
                         "true")
        cls.uuid = json.loads(result.stdout)["environment"]

    def setUp(self):
        self.cwd = tempfile.mkdtemp(dir=work_dir)

    def assertProgress(self, text, label):
        text = text.decode().replace("\xa0", " ")
        self.assertIn(label + " [", text)
        self.assertIn("] 100%", text)
        self.assertIn("/s", text)

    def test_upload(self):
        for args in (["--dir", self.directory], ["--archive", self.archive]):
            with self.subTest(args=args):
                status, terminal, stdout = run_with_tty(
                    ["execute"] + args + ["cmp blob.bin - < blob.bin"], "stderr")
                self.assertEqual(status, 0, terminal)
                self.assertProgress(terminal, "Uploading")
                self.assertIn(b"Status: 0 (success)", stdout)
                self.assertNotIn(b"Uploading", stdout)
                result = run_cli("execute", *args, "test -s blob.bin")
                self.assertEqual(result.returncode, 0, result.stderr)
                self.assertEqual(result.stderr, b"")
        # Nothing to upload, nothing drawn.
        status, terminal, _ = run_with_tty(["execute", "true"], "stderr")
        self.assertEqual((status, terminal), (0, b""))

    def test_download(self):
        output = os.path.join(self.cwd, "env.tgz")
        extracted = os.path.join(self.cwd, "extracted")
        # (run_with_tty reads stdout at the end: a small file to stdout.)
        for args in (["-o", output], ["--extract", extracted],
                     ["small.txt", "-o", "-"]):
            with self.subTest(args=args):
                status, terminal, stdout = run_with_tty(
                    ["download", self.uuid] + args, "stderr")
                self.assertEqual(status, 0, terminal)
                self.assertProgress(terminal, "Downloading")
        self.assertEqual(stdout, b"small\n")
        with open(os.path.join(extracted, "blob.bin"), "rb") as f:
            self.assertEqual(f.read(), self.blob)
        self.assertTrue(tarfile.is_tarfile(output))

    def test_switches(self):
        output = os.path.join(self.cwd, "env.tgz")
        for args in (["execute", "--no-progress", "--dir", self.directory, "true"],
                     ["download", "--no-progress", self.uuid, "-o", output]):
            with self.subTest(args=args):
                status, terminal, _ = run_with_tty(args, "stderr")
                self.assertEqual((status, terminal), (0, b""))
        result = run_cli("execute", "--progress", "--dir", self.directory, "true")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertProgress(result.stderr, "Uploading")
        result = run_cli("download", "--progress", self.uuid, "-o", output)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertProgress(result.stderr, "Downloading")
        for command in (["execute", "true"], ["download", self.uuid]):
            with self.subTest(command=command):
                self.assertUsageError(run_cli(*command, "--progress",
                                              "--no-progress", cwd=self.cwd))


class ExitStatusTests(CliTestCase):
    """execute exits with the code of the command that stopped the run, and
    sandbox-cli's own outcomes have codes of their own that no command's code
    is mistaken for: 124 a timeout, 125 a failure of sandbox-cli, of the
    server or of the sandbox."""

    def assertExit(self, args, expected, **kwargs):
        result = run_cli("execute", *args, **kwargs)
        self.assertEqual(result.returncode, expected,
                         (args, result.stdout, result.stderr))
        self.assertCleanStderr(result.stderr)
        return result

    def test_success(self):
        self.assertExit(["true", "echo hi"], 0)
        # A failure ignored with "-" does not count.
        self.assertExit(["--", "-exit 3", "true"], 0)

    def test_command_code_passes_through(self):
        for code in (1, 2, 3, 4, 5, 7, 123, 200, 255):
            with self.subTest(code=code):
                self.assertExit(["exit %d" % code], code)

    def test_which_command(self):
        # The command that stopped the run: not an ignored one before it.
        self.assertExit(["--", "-exit 3", "exit 5", "exit 6"], 5)
        self.assertExit(["true", "exit 9", "exit 4"], 9)

    def test_shell_codes(self):
        result = self.assertExit(["no-such-command-here"], 127)
        self.assertIn("Exit code: 127", result.stdout.decode())
        self.assertExit(["echo x > f && chmod -x f && ./f"], 126)
        # A command killed by a signal: 128 + its number, as bash says. (Not
        # the command line itself: bash execs it as the sandbox's pid 1, which
        # ignores signals it has no handler for.)
        self.assertExit(["sh -c 'kill -TERM $$'; exit $?"], 128 + signal.SIGTERM)

    def test_command_codes_taken_by_sandbox_cli(self):
        # A command's own 124 and 125 would read as a timeout or as a failure
        # of sandbox-cli: they become 1; the report keeps the real code.
        for code in (124, 125):
            with self.subTest(code=code):
                result = self.assertExit(["exit %d" % code], 1)
                self.assertIn("Exit code: %d" % code, result.stdout.decode())
                _, answer = self.execute_json("exit %d" % code)
                self.assertEqual(answer["status"], code)

    def test_timed_out(self):
        self.assertExit(["--timeout-each", "0.2", "sleep 5"], EXIT_TIMED_OUT)
        # An ignored command that times out does not stop the run.
        self.assertExit(["--timeout-each", "0.2", "--", "-sleep 5", "exit 6"], 6)

    def test_sandbox_failure(self):
        result = self.assertExit(["--result", "nope.txt", "true"], EXIT_FAILED)
        self.assertIn("Status: -3", result.stdout.decode())
        # Output that is not UTF-8: status -1, "unknown error".
        self.assertExit(["printf '\\377'"], EXIT_FAILED)

    def test_failures_of_sandbox_cli_and_the_server(self):
        self.assertExit(["--bogus-option", "true"], EXIT_FAILED)
        self.assertExit(["--env", "NO_EQUAL_SIGN", "true"], EXIT_FAILED)
        self.assertExit(["--environment", MISSING_UUID, "true"], EXIT_FAILED)
        self.assertExit(["--archive", os.path.join(work_dir, "nope.tgz"), "true"],
                        EXIT_FAILED)
        self.assertExit(["true"], EXIT_FAILED,
                        url="http://127.0.0.1:%d/" % free_port())

    def test_other_commands(self):
        self.assertEqual(run_cli("specs").returncode, 0)
        for args in (["bogus"], ["specs", "--bogus"], ["download"],
                     ["check", "nope"], ["help", "bogus"],
                     ["download", MISSING_UUID, "-o", "-"]):
            with self.subTest(args=args):
                self.assertEqual(run_cli(*args).returncode, EXIT_FAILED)
        url = "http://127.0.0.1:%d/" % free_port()
        for args in (["specs"], ["usage"], ["libraries"],
                     ["check", MISSING_UUID], ["download", MISSING_UUID]):
            with self.subTest(args=args, url=url):
                self.assertEqual(run_cli(*args, url=url).returncode,
                                 EXIT_FAILED)
        self.assertEqual(run_cli("check", MISSING_UUID).returncode,
                         EXIT_MISSING)


class JsonOutputTests(CliTestCase):
    """JSON is written as the library writes it: each float in its shortest
    form that reads back as the same number, as Python writes it."""

    def assertShortestFloats(self, text):
        floats = []
        json.loads(text, parse_float=lambda t: floats.append(t) or float(t))
        self.assertGreater(len(floats), 0, text)
        for number in floats:
            self.assertEqual(number, repr(float(number)), text)

    def test_execute(self):
        result = run_cli("execute", "--json", "true", "echo a", "sleep 0.01")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.count(b"\n"), 1)
        self.assertShortestFloats(result.stdout.decode())
        self.assertEqual(len(json.loads(result.stdout)["execution"]), 3)

    def test_info(self):
        result = run_cli("specs")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertShortestFloats(result.stdout.decode())
        status, terminal, _ = run_with_tty(["specs"], "stdout")
        self.assertEqual(status, 0)
        self.assertShortestFloats(terminal.decode())
        self.assertEqual(json.loads(terminal.decode()),
                         json.loads(result.stdout))

    def test_strings(self):
        result = run_cli("execute", "--json",
                         "printf 'caf\\303\\251 \\\\ \"q\" \\t\\001'")
        self.assertEqual(result.returncode, 0, result.stderr)
        answer = json.loads(result.stdout)
        self.assertEqual(answer["execution"][0]["stdout"],
                         'caf\u00e9 \\ "q" \t\x01')


class DownloadTests(CliTestCase):
    @classmethod
    def setUpClass(cls):
        cls.binary = os.urandom(300 * 1024)
        directory = os.path.join(work_dir, "download-source")
        os.makedirs(os.path.join(directory, "d"))
        with open(os.path.join(directory, "d", "blob.bin"), "wb") as f:
            f.write(cls.binary)
        result = run_cli("execute", "--json", "--save", "--dir", directory,
                         "printf 'hello\\n' > d/a.txt && : > empty.txt")
        answer = json.loads(result.stdout)
        assert answer["status"] == 0, answer
        cls.uuid = answer["environment"]

    def setUp(self):
        self.cwd = tempfile.mkdtemp(dir=work_dir)

    def test_download_file(self):
        target = os.path.join(self.cwd, "env.tgz")
        result = run_cli("download", self.uuid, "-o", target)
        self.assertEqual(result.returncode, 0, result.stderr)
        # No progress bar when stderr is not a terminal.
        self.assertEqual(result.stderr, b"")
        with tarfile.open(target) as archive:
            names = [name.lstrip("./") for name in archive.getnames()]
            self.assertIn("d/a.txt", names)
            member = [m for m in archive.getmembers()
                      if m.name.lstrip("./") == "d/blob.bin"][0]
            self.assertEqual(archive.extractfile(member).read(), self.binary)

        check = run_cli("check", self.uuid)
        self.assertEqual(check.returncode, 0, check.stderr)
        self.assertEqual(int(check.stdout), os.path.getsize(target))

    def test_default_names(self):
        result = run_cli("download", self.uuid, cwd=self.cwd)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertTrue(os.path.isfile(os.path.join(self.cwd, self.uuid + ".tgz")))
        result = run_cli("download", self.uuid, "d/a.txt", cwd=self.cwd)
        self.assertEqual(result.returncode, 0, result.stderr)
        with open(os.path.join(self.cwd, "a.txt"), "rb") as f:
            self.assertEqual(f.read(), b"hello\n")

    def test_stdout_byte_exact(self):
        result = run_cli("download", self.uuid, "d/blob.bin", "-o", "-")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout, self.binary)
        result = run_cli("download", self.uuid, "d/a.txt", "-o", "-")
        self.assertEqual(result.stdout, b"hello\n")

    def test_extract(self):
        target = os.path.join(self.cwd, "extracted", "here")
        result = run_cli("download", self.uuid, "--extract", target)
        self.assertEqual(result.returncode, 0, result.stderr)
        with open(os.path.join(target, "d", "a.txt"), "rb") as f:
            self.assertEqual(f.read(), b"hello\n")
        with open(os.path.join(target, "d", "blob.bin"), "rb") as f:
            self.assertEqual(f.read(), self.binary)
        self.assertEqual(os.path.getsize(os.path.join(target, "empty.txt")), 0)

    def test_progress_on_terminal(self):
        target = os.path.join(self.cwd, "blob.bin")
        status, terminal, stdout = run_with_tty(
            ["download", self.uuid, "d/blob.bin", "-o", target], "stderr")
        self.assertEqual(status, 0, terminal)
        self.assertEqual(stdout, b"")
        text = terminal.decode()
        self.assertIn("100%", text)
        self.assertIn("/s", text)
        self.assertIn("/ 307", text.replace("\xa0", " "))

    def test_check(self):
        result = run_cli("check", self.uuid, "d/a.txt")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout, b"6\n")
        result = run_cli("check", self.uuid, "d/blob.bin")
        self.assertEqual(int(result.stdout), len(self.binary))
        # An empty file exists: size 0, not "missing".
        result = run_cli("check", self.uuid, "empty.txt")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout, b"0\n")

    def test_check_missing(self):
        for args in ([self.uuid, "nope.txt"], [MISSING_UUID]):
            result = run_cli("check", *args)
            self.assertEqual(result.returncode, EXIT_MISSING, result.stderr)
            self.assertEqual(result.stdout, b"")
            line = self.assertOneLineError(result, "There is no ")
            self.assertIn(args[-1], line)

    def test_not_found(self):
        result = run_cli("download", MISSING_UUID, cwd=self.cwd)
        self.assertEqual(result.returncode, EXIT_FAILED)
        line = self.assertOneLineError(
            result, "Sandbox responded with status 404 (Not Found): ")
        self.assertIn(MISSING_UUID, line)
        self.assertEqual(os.listdir(self.cwd), [])
        result = run_cli("download", self.uuid, "nope.txt", "-o", "-")
        self.assertEqual(result.returncode, EXIT_FAILED)
        self.assertEqual(result.stdout, b"")
        self.assertOneLineError(result, "Sandbox responded with status 404")


class FakeHandler(http.server.BaseHTTPRequestHandler):
    """Serves the archives of FakeServerTests.archives; the one named
    "truncated" announces more bytes than it sends, SLOW_UUID trickles
    bytes until the client goes away, and STALL_UUID sends half of a good
    archive, then nothing for a minute."""

    archives = {}
    requests = []
    SLOW_UUID = "00000000-0000-4000-8000-000000000300"
    STALL_UUID = "00000000-0000-4000-8000-000000000400"
    stall_body = b""

    def log_message(self, format, *args):
        pass

    def empty_file(self, parts):
        """files/UUID/empty.txt of every archive: an empty file."""
        if len(parts) != 3 or parts[0] != "files" or \
                parts[1] not in self.archives or parts[2] != "empty.txt":
            return False
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", "0")
        self.end_headers()
        return True

    def trickle(self):
        self.send_response(200)
        self.send_header("Content-Type", "application/gzip")
        self.send_header("Content-Length", str(100 * 1024 * 1024))
        self.end_headers()
        try:
            for _ in range(6000):
                self.wfile.write(b"x" * 4096)
                self.wfile.flush()
                time.sleep(0.01)
        except OSError:
            pass
        self.close_connection = True

    def stall(self):
        self.send_response(200)
        self.send_header("Content-Type", "application/gzip")
        self.send_header("Content-Length", str(len(self.stall_body)))
        self.end_headers()
        try:
            self.wfile.write(self.stall_body[:len(self.stall_body) // 2])
            self.wfile.flush()
        except OSError:
            pass
        time.sleep(60)
        self.close_connection = True

    def answer(self, with_body):
        self.requests.append((self.command, self.path))
        parts = self.path.strip("/").split("/")
        if self.empty_file(parts):
            return
        if with_body and parts[-1] == self.SLOW_UUID:
            self.trickle()
            return
        if with_body and parts[-1] == self.STALL_UUID:
            self.stall()
            return
        if len(parts) != 2 or parts[0] != "environments" or \
                parts[1] not in self.archives:
            body = b"No environment with UUID '%s' found" % parts[-1].encode()
            self.send_response(404)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if with_body:
                self.wfile.write(body)
            return
        body = self.archives[parts[1]]
        truncated = body is None
        if truncated:
            body = b"\x1f\x8b" + b"x" * 98
        self.send_response(200)
        self.send_header("Content-Type", "application/gzip")
        self.send_header("Content-Length",
                         str(100000 if truncated else len(body)))
        self.end_headers()
        if with_body:
            self.wfile.write(body)
        if truncated:
            self.wfile.flush()
            self.close_connection = True

    def do_GET(self):
        self.answer(True)

    def do_HEAD(self):
        self.answer(False)


class FakeServerTests(CliTestCase):
    hostile = {
        "dot-dot": [({"name": "../evil.txt"}, b"evil")],
        "nested-dot-dot": [({"name": "ok/../../evil.txt"}, b"evil")],
        "absolute": [({"name": "/tmp/sandbox-cli-test-evil.txt"}, b"evil")],
        "symlink-absolute": [({"name": "link", "type": tarfile.SYMTYPE,
                               "linkname": "/etc"}, None)],
        "symlink-up": [({"name": "d/link", "type": tarfile.SYMTYPE,
                         "linkname": "../../evil"}, None)],
        "symlink-through": [({"name": "link", "type": tarfile.SYMTYPE,
                              "linkname": "d/../.."}, None)],
        "hardlink-up": [({"name": "link", "type": tarfile.LNKTYPE,
                          "linkname": "../evil.txt"}, None)],
        "fifo": [({"name": "fifo", "type": tarfile.FIFOTYPE}, None)],
    }

    @classmethod
    def setUpClass(cls):
        archives = {}
        cls.uuids = {}
        for index, (name, members) in enumerate(sorted(cls.hostile.items())):
            uuid = "00000000-0000-4000-8000-%012d" % (index + 1)
            cls.uuids[name] = uuid
            archives[uuid] = make_tgz(members)
        cls.good_uuid = "00000000-0000-4000-8000-000000000100"
        archives[cls.good_uuid] = make_tgz([
            ({"name": "/", "type": tarfile.DIRTYPE, "mode": 0o755}, None),
            ({"name": "./", "type": tarfile.DIRTYPE, "mode": 0o755}, None),
            ({"name": "./dir/", "type": tarfile.DIRTYPE, "mode": 0o755}, None),
            ({"name": "./dir/file.txt"}, b"good\n"),
            ({"name": "dir/link", "type": tarfile.SYMTYPE,
              "linkname": "../dir/file.txt"}, None),
            ({"name": "hard", "type": tarfile.LNKTYPE,
              "linkname": "./dir/file.txt"}, None),
        ])
        cls.truncated_uuid = "00000000-0000-4000-8000-000000000200"
        archives[cls.truncated_uuid] = None
        FakeHandler.archives = archives
        FakeHandler.stall_body = archives[cls.good_uuid]
        cls.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                                     FakeHandler)
        cls.thread = threading.Thread(target=cls.server.serve_forever,
                                      daemon=True)
        cls.thread.start()
        cls.url = "http://127.0.0.1:%d/" % cls.server.server_address[1]

    @classmethod
    def tearDownClass(cls):
        cls.server.shutdown()
        cls.server.server_close()

    def test_interrupted_download_leaves_no_file(self):
        directory = tempfile.mkdtemp(dir=work_dir)
        output = os.path.join(directory, "slow.tgz")
        environ = dict(os.environ, SANDBOX_URL=self.url)
        process = subprocess.Popen(wrapper() + [CLI, "download", FakeHandler.SLOW_UUID,
                                                "-o", output],
                                   env=environ, cwd=work_dir, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True)
        # The download goes to a temporary file beside the output, renamed
        # over it at the end: wait for bytes in it.
        def written():
            return sum(os.path.getsize(os.path.join(directory, name))
                       for name in os.listdir(directory))
        deadline = time.monotonic() + (200 if UNDER_VALGRIND else 20)
        while time.monotonic() < deadline and written() == 0:
            time.sleep(0.05)
        self.assertGreater(written(), 0)
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=200 if UNDER_VALGRIND else 20)
        check_valgrind(process.returncode, ["download", "interrupted"])
        self.assertEqual(process.returncode, 128 + signal.SIGINT, stderr)
        self.assertEqual(stderr, "sandbox-cli: Interrupted\n")
        self.assertEqual(os.listdir(directory), [])

    def test_timeout_bounds_downloads(self):
        # Half of the body, then nothing: --timeout ends each way of
        # downloading (unfixed, each hangs until the server gives up), and
        # no partial file is left.
        for name in ("output", "stdout", "extract"):
            with self.subTest(mode=name):
                parent = tempfile.mkdtemp(dir=work_dir)
                target = os.path.join(parent, "out")
                args = {"output": ["-o", target], "stdout": ["-o", "-"],
                        "extract": ["--extract", target]}[name]
                result = run_cli("--timeout", "1", "download",
                                 FakeHandler.STALL_UUID, *args, url=self.url,
                                 timeout=30)
                self.assertEqual(result.returncode, EXIT_FAILED, result.stderr)
                self.assertIn("timeout", self.assertOneLineError(result, ""))
                if name == "extract":
                    for root, _, files in os.walk(target):
                        for file in files:
                            with open(os.path.join(root, file), "rb") as f:
                                self.assertEqual(f.read(), b"good\n")
                else:
                    self.assertEqual(os.listdir(parent), [])

    def test_hostile_archives_are_refused(self):
        for name, uuid in sorted(self.uuids.items()):
            member = self.hostile[name][0][0]["name"]
            with self.subTest(archive=name):
                parent = tempfile.mkdtemp(dir=work_dir)
                target = os.path.join(parent, "a", "b")
                result = run_cli("download", uuid, "--extract", target,
                                 url=self.url)
                self.assertEqual(result.returncode, EXIT_FAILED,
                                 result.stderr)
                # The error names the member refused.
                self.assertIn("'%s'" % member,
                              self.assertOneLineError(result, ""))
                self.assertEqual(os.listdir(os.path.join(parent, "a")), ["b"])
                self.assertFalse(os.path.lexists(os.path.join(target, "link")))
        self.assertFalse(os.path.exists("/tmp/sandbox-cli-test-evil.txt"))

    def test_check_is_one_request(self):
        # An empty file and a missing one each take one HEAD request: the
        # library tells them apart (size 0, or -1 for missing).
        for args, status, out in (([self.good_uuid, "empty.txt"], 0, b"0\n"),
                                  ([MISSING_UUID], EXIT_MISSING, b""),
                                  ([self.good_uuid], 0, None)):
            with self.subTest(args=args):
                del FakeHandler.requests[:]
                result = run_cli("check", *args, url=self.url)
                self.assertEqual(result.returncode, status, result.stderr)
                if out is not None:
                    self.assertEqual(result.stdout, out)
                self.assertEqual([method for method, _ in FakeHandler.requests],
                                 ["HEAD"])

    def test_good_archive(self):
        target = os.path.join(tempfile.mkdtemp(dir=work_dir), "out")
        result = run_cli("download", self.good_uuid, "--extract", target,
                         url=self.url)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(sorted(os.listdir(target)), ["dir", "hard"])
        for path in ("dir/file.txt", "dir/link", "hard"):
            with open(os.path.join(target, path), "rb") as f:
                self.assertEqual(f.read(), b"good\n")
        self.assertEqual(os.readlink(os.path.join(target, "dir", "link")),
                         "../dir/file.txt")

    def test_truncated_download(self):
        cwd = tempfile.mkdtemp(dir=work_dir)
        result = run_cli("download", self.truncated_uuid, "-o", "out.tgz",
                         url=self.url, cwd=cwd)
        self.assertEqual(result.returncode, EXIT_FAILED, result.stderr)
        self.assertOneLineError(result, "")
        # No partial file is left behind.
        self.assertEqual(os.listdir(cwd), [])


def some(cases):
    """All the cases, or the first three under valgrind, where each run of
    sandbox-cli takes seconds: they go through the same code."""
    return cases[:3] if UNDER_VALGRIND else cases


def limit_address_space():
    """Keeps a sandbox-cli that would read without bound from taking the
    machine's memory: it fails at 1 GiB instead."""
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


class InputTests(CliTestCase):
    """Every value and file an option names is checked before it is used:
    bad usage (2) with a message naming the option, never a hang, an
    unbounded read or a request the server can only refuse."""

    @classmethod
    def setUpClass(cls):
        if UNDER_VALGRIND:
            print("InputTests: under valgrind, only the first three values of "
                  "each list are tried", file=sys.stderr)

    def setUp(self):
        self.cwd = tempfile.mkdtemp(dir=work_dir)

    def assertUsageNaming(self, result, name):
        self.assertUsageError(result)
        self.assertIn(name, result.stderr.decode().splitlines()[0])

    def fifo(self):
        path = os.path.join(self.cwd, "fifo")
        os.mkfifo(path)
        return path

    def test_config_fifo_is_refused_at_once(self):
        # Unfixed, opening the FIFO blocks for ever: the timeout ends it.
        result = run_cli("execute", "--config", self.fifo(), timeout=10)
        self.assertUsageNaming(result, "--config")
        self.assertIn("FIFO", result.stderr.decode())

    def test_config_device_is_not_read(self):
        result = run_cli("execute", "--config", "/dev/zero", timeout=20,
                         preexec_fn=None if UNDER_VALGRIND else limit_address_space)
        self.assertUsageNaming(result, "--config")
        self.assertIn("character device", result.stderr.decode())

    def test_config_directory(self):
        result = run_cli("execute", "--config", self.cwd)
        self.assertUsageNaming(result, "--config")
        self.assertIn("directory", result.stderr.decode())

    def test_config_too_large(self):
        path = os.path.join(self.cwd, "big.json")
        with open(path, "wb") as f:
            f.truncate(16 * 1024 * 1024 + 1)
        result = run_cli("execute", "--config", path, "true")
        self.assertUsageNaming(result, "--config")
        self.assertIn("larger than 16 MiB", result.stderr.decode())
        # At the limit it is read, and judged as JSON.
        with open(path, "r+b") as f:
            f.truncate(16 * 1024 * 1024)
        result = run_cli("execute", "--config", path, "true")
        self.assertEqual(result.returncode, EXIT_FAILED)
        self.assertOneLineError(result, "Invalid configuration")

    def test_config_missing_is_a_local_failure(self):
        result = run_cli("execute", "--config",
                         os.path.join(self.cwd, "nope.json"), "true")
        self.assertEqual(result.returncode, EXIT_FAILED)
        self.assertIn("--config", self.assertOneLineError(result, ""))

    def test_urls(self):
        cases = [
            (["--url", "http://exa mple/", "specs"], {}, "--url"),
            (["specs", "--url", "http://127.0.0.1:1/a b"], {}, "--url"),
            (["--url", "http://127.0.0.1:1/\t", "specs"], {}, "--url"),
            (["specs", "--url", ""], {}, "--url"),
            (["specs"], {"SANDBOX_URL": "http://exa mple/"}, "SANDBOX_URL"),
            (["specs", "--url", "ftp://example.org/"], {}, "--url"),
            (["specs", "--url", "http://127.0.0.1:99999/"], {}, "--url"),
        ]
        for args, env, name in some(cases):
            with self.subTest(args=args, env=env):
                url = env.get("SANDBOX_URL")
                self.assertUsageNaming(run_cli(*args, url=url), name)
        # --url wins over a bad SANDBOX_URL.
        result = run_cli("specs", "--url", server_url, url="http://exa mple/")
        self.assertEqual(result.returncode, 0, result.stderr)

    def test_numbers(self):
        forms = [
            lambda value: (["--timeout", value, "specs"], "--timeout"),
            lambda value: (["specs", "--timeout", value], "--timeout"),
            lambda value: (["execute", "--timeout-each", value, "true"],
                           "--timeout-each"),
        ]
        bad = ["nan", "nan", "nan", "NaN", "inf", "-inf", "0x10", " 5", "5 ",
               "5s", "1e400", "-0.5", "604801", "1e9", "", "1,5"]
        for index, value in enumerate(some(bad)):
            args, name = forms[index % len(forms)](value)
            with self.subTest(args=args):
                self.assertUsageNaming(run_cli(*args), name)
        for value in some(["0", "30.5", "+30", ".5e2", "604800"]):
            with self.subTest(valid=value):
                result = run_cli("--timeout", value, "execute",
                                 "--timeout-each", value, "true")
                self.assertEqual(result.returncode, 0, result.stderr)

    def test_uuids(self):
        for uuid in some(["nope", "", "00000000-0000-4000-8000-00000000000g",
                          "00000000000040008000000000000000", MISSING_UUID + "0",
                          "../" + MISSING_UUID[3:]]):
            with self.subTest(uuid=uuid):
                self.assertUsageNaming(run_cli("download", uuid), "download")
                self.assertUsageNaming(run_cli("check", uuid), "check")
                self.assertUsageNaming(
                    run_cli("execute", "--environment", uuid, "true"),
                    "--environment")
        self.assertEqual(os.listdir(self.cwd), [])

    def test_upper_case_uuid(self):
        uuid = self.save_environment("echo kept > kept.txt").upper()
        result = run_cli("download", uuid, "kept.txt", "-o", "-")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout, b"kept\n")
        result = run_cli("check", uuid, "kept.txt")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout, b"5\n")
        result = run_cli("execute", "--environment", uuid, "cat kept.txt")
        self.assertEqual(result.returncode, 0, result.stderr)

    def test_paths(self):
        for path in some(["", "/etc/passwd", "a/../../b", "a//b", "./a", "a/",
                          ".."]):
            with self.subTest(path=path):
                self.assertUsageNaming(run_cli("download", MISSING_UUID, path,
                                               "-o", "-"), "download")
                self.assertUsageNaming(run_cli("check", MISSING_UUID, path),
                                       "check")
        for path in some(["", "/etc/passwd", "../x", "a/../../x"]):
            with self.subTest(result=path):
                self.assertUsageNaming(run_cli("execute", "--result", path,
                                               "true"), "--result")

    def test_input_files_of_the_wrong_kind(self):
        plain = os.path.join(self.cwd, "plain.txt")
        with open(plain, "w") as f:
            f.write("text\n")
        cases = [
            (["execute", "--archive", self.fifo(), "true"], "--archive"),
            (["execute", "--archive", self.cwd, "true"], "--archive"),
            (["execute", "--archive", "/dev/null", "true"], "--archive"),
            (["execute", "--archive", "", "true"], "--archive"),
            (["execute", "--dir", plain, "true"], "--dir"),
            (["execute", "--dir", "", "true"], "--dir"),
            (["execute", "--config", "", "true"], "--config"),
        ]
        for args, name in cases:
            with self.subTest(args=args):
                self.assertUsageNaming(run_cli(*args, timeout=10), name)

    def test_dir_with_special_files(self):
        directory = os.path.join(self.cwd, "upload")
        os.makedirs(os.path.join(directory, "sub"))
        with open(os.path.join(directory, "ok.txt"), "w") as f:
            f.write("ok\n")
        os.mkfifo(os.path.join(directory, "sub", "fifo"))
        result = run_cli("execute", "--dir", directory, "true", timeout=10)
        self.assertEqual(result.returncode, EXIT_FAILED, result.stderr)
        line = self.assertOneLineError(result, "--dir: ")
        self.assertIn("sub/fifo", line)
        self.assertIn("FIFO", line)

    def test_outputs_of_the_wrong_kind(self):
        uuid = self.save_environment("echo kept > kept.txt")
        plain = os.path.join(self.cwd, "plain.txt")
        with open(plain, "w") as f:
            f.write("text\n")
        fifo = self.fifo()
        cases = [
            # Unfixed, writing to the FIFO blocks for ever.
            (["download", uuid, "kept.txt", "-o", fifo], "--output"),
            (["download", uuid, "kept.txt", "-o", "/dev/null"], "--output"),
            (["download", uuid, "kept.txt", "-o", self.cwd], "--output"),
            (["download", uuid, "kept.txt", "-o", ""], "--output"),
            (["download", uuid, "--extract", plain], "--extract"),
            (["download", uuid, "--extract", ""], "--extract"),
        ]
        for args, name in cases:
            with self.subTest(args=args):
                self.assertUsageNaming(run_cli(*args, timeout=10), name)
        self.assertEqual(sorted(os.listdir(self.cwd)), ["fifo", "plain.txt"])
        with open(plain) as f:
            self.assertEqual(f.read(), "text\n")


class ErrorTests(CliTestCase):
    def test_server_not_running(self):
        url = "http://127.0.0.1:%d/" % free_port()
        for args in (["specs"], ["execute", "true"], ["check", MISSING_UUID]):
            with self.subTest(command=args[0]):
                result = run_cli(*args, url=url)
                self.assertEqual(result.returncode, EXIT_FAILED,
                                 result.stderr)
                self.assertEqual(result.stdout, b"")
                self.assertOneLineError(result, "")

    def test_url_option_wins(self):
        url = "http://127.0.0.1:%d/" % free_port()
        result = run_cli("--url", server_url, "specs", url=url)
        self.assertEqual(result.returncode, 0, result.stderr)
        result = run_cli("specs", "--url", server_url, url=url)
        self.assertEqual(result.returncode, 0, result.stderr)

    def test_invalid_url(self):
        result = run_cli("specs", url="ftp://example.org/")
        self.assertUsageError(result)
        self.assertIn("SANDBOX_URL: ", result.stderr.decode())

    def test_bad_usage(self):
        cases = [
            [],
            ["bogus"],
            ["--bogus", "specs"],
            ["specs", "--bogus"],
            ["specs", "extra"],
            ["--timeout", "-1", "specs"],
            ["--timeout", "soon", "specs"],
            ["execute"],
            ["execute", "--env", "NO_EQUAL_SIGN", "true"],
            ["execute", "--archive", "a.tgz", "--dir", ".", "true"],
            ["execute", "--timeout-each", "abc", "true"],
            ["download"],
            ["download", MISSING_UUID, "a", "b"],
            ["download", MISSING_UUID, "path", "--extract", "dir"],
            ["download", MISSING_UUID, "-o", "x", "--extract", "dir"],
            ["check"],
            ["help", "bogus"],
        ]
        for args in cases:
            with self.subTest(args=args):
                self.assertUsageError(run_cli(*args))

    def test_help(self):
        result = run_cli("--help")
        self.assertEqual(result.returncode, 0)
        out = result.stdout.decode()
        for word in ("specs", "usage", "libraries", "execute", "download",
                     "check", "Exit status:", "--url", "--timeout",
                     "SANDBOX_URL"):
            self.assertIn(word, out)
        self.assertEqual(run_cli("help").stdout, result.stdout)

        result = run_cli("execute", "--help")
        self.assertEqual(result.returncode, 0)
        out = result.stdout.decode()
        self.assertIn("sandbox-cli execute [OPTION…] COMMAND…", out)
        for word in ("--timeout-each", "--env", "--environment", "--archive",
                     "--dir", "--result", "--save", "--config", "--json",
                     "--url", "Exit status:"):
            self.assertIn(word, out)
        self.assertEqual(run_cli("help", "execute").stdout, result.stdout)

        for command in ("specs", "usage", "libraries", "download", "check"):
            result = run_cli(command, "--help")
            self.assertEqual(result.returncode, 0)
            self.assertIn("sandbox-cli " + command, result.stdout.decode())


if __name__ == "__main__":
    unittest.main(verbosity=2)
