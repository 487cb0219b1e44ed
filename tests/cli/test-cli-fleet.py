#!/usr/bin/python3
# test-cli-fleet.py
#
# SPDX-FileCopyrightText: 2026 The sandbox-api developers
# SPDX-License-Identifier: LGPL-2.1-or-later

"""sandbox-cli execute's options for a fleet, --affinity-key and
--fallback, run through a proxy of the test's own in front of the built
sandbox-server: the proxy keeps what each request sent (its headers and
body) and the status it got, and passes the request on.

It reuses test-cli.py beside it: its server, its run_cli() (under the
valgrind test setup, each sandbox-cli run is checked) and its assertions.
"""

import http.client
import http.server
import importlib.util
import json
import os
import threading
import unittest
import urllib.parse

_spec = importlib.util.spec_from_file_location(
    "test_cli", os.path.join(os.path.dirname(os.path.abspath(__file__)),
                             "test-cli.py"))
cli = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(cli)

MISSING_UUID = cli.MISSING_UUID
# What the multipart body of an execute holds when it carries an archive.
ARCHIVE_PART = b'name="environment"'
HOP_BY_HOP = ("connection", "keep-alive", "transfer-encoding", "host")


class RecordingProxy(http.server.BaseHTTPRequestHandler):
    """Passes each request on to `upstream`, keeping (method, path,
    headers, body, status) in `requests`."""

    protocol_version = "HTTP/1.1"
    upstream = None
    requests = []
    lock = threading.Lock()

    def log_message(self, format, *args):
        pass

    def forward(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        headers = {name: value for name, value in self.headers.items()
                   if name.lower() not in HOP_BY_HOP}
        connection = http.client.HTTPConnection(*self.upstream, timeout=600)
        try:
            connection.request(self.command, self.path, body=body,
                               headers=headers)
            answer = connection.getresponse()
            data = answer.read()
        finally:
            connection.close()
        with self.lock:
            self.requests.append((self.command, self.path, self.headers,
                                  body, answer.status))
        self.send_response(answer.status, answer.reason)
        for name, value in answer.getheaders():
            if name.lower() not in HOP_BY_HOP + ("content-length",):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    do_GET = do_HEAD = do_POST = forward


def setUpModule():
    cli.setUpModule()


def tearDownModule():
    cli.tearDownModule()


class FleetTests(cli.CliTestCase):
    @classmethod
    def setUpClass(cls):
        target = urllib.parse.urlsplit(cli.server_url)
        RecordingProxy.upstream = (target.hostname, target.port)
        cls.proxy = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                                    RecordingProxy)
        cls.proxy.daemon_threads = True
        cls.thread = threading.Thread(target=cls.proxy.serve_forever,
                                      daemon=True)
        cls.thread.start()
        cls.url = "http://127.0.0.1:%d/" % cls.proxy.server_address[1]

        # The files a saved environment is made from.
        cls.fallback = os.path.join(cli.work_dir, "fallback")
        os.makedirs(os.path.join(cls.fallback, "sub"))
        with open(os.path.join(cls.fallback, "from-fallback.txt"), "w") as f:
            f.write("laid from the fallback\n")
        with open(os.path.join(cls.fallback, "sub", "inner.txt"), "w") as f:
            f.write("inner file\n")

    @classmethod
    def tearDownClass(cls):
        cls.proxy.shutdown()
        cls.proxy.server_close()
        cls.thread.join()

    def setUp(self):
        with RecordingProxy.lock:
            del RecordingProxy.requests[:]

    def executes(self):
        with RecordingProxy.lock:
            return [request for request in RecordingProxy.requests
                    if request[0] == "POST"]

    def run_fleet(self, *args):
        return cli.run_cli("execute", *args, url=self.url)

    def assertUsageNaming(self, result, *words):
        self.assertUsageError(result)
        line = result.stderr.decode().splitlines()[0]
        for word in words:
            self.assertIn(word, line)
        self.assertEqual(self.executes(), [])

    def test_affinity_key_is_a_header(self):
        result = self.run_fleet("--affinity-key", "submission-42", "true")
        self.assertEqual(result.returncode, 0, result.stderr)
        (request,) = self.executes()
        self.assertEqual(request[2].get_all("Sandbox-Affinity"),
                         ["submission-42"])
        # The header only, not a member of the config.
        self.assertNotIn(b"submission-42", request[3])

        self.setUp()
        result = self.run_fleet("true")
        self.assertEqual(result.returncode, 0, result.stderr)
        (request,) = self.executes()
        self.assertIsNone(request[2].get("Sandbox-Affinity"))

    def test_affinity_key_invalid(self):
        for key, words in (("", ["--affinity-key", "empty"]),
                           (" key", ["--affinity-key", "spaces"]),
                           ("clé", ["--affinity-key", "ASCII"]),
                           ("a\tb", ["--affinity-key", "ASCII"])):
            with self.subTest(key=key):
                self.assertUsageNaming(
                    self.run_fleet("--affinity-key", key, "true"), *words)

    def test_fallback_when_the_environment_is_missing(self):
        result = self.run_fleet("--environment", MISSING_UUID,
                                "--fallback", self.fallback,
                                "--affinity-key", "chain-7",
                                "cat from-fallback.txt sub/inner.txt")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertCleanStderr(result.stderr)
        out = result.stdout.decode()
        self.assertIn("    laid from the fallback\n", out)
        self.assertIn("    inner file\n", out)

        first, second = self.executes()
        # The saved environment, without an archive: the server has none.
        self.assertEqual(first[2].get("Sandbox-Environment"), MISSING_UUID)
        self.assertNotIn(ARCHIVE_PART, first[3])
        self.assertEqual(first[4], 404)
        # The directory's files instead, with the same affinity key.
        self.assertIsNone(second[2].get("Sandbox-Environment"))
        self.assertIn(ARCHIVE_PART, second[3])
        self.assertEqual(second[4], 200)
        for request in (first, second):
            self.assertEqual(request[2].get("Sandbox-Affinity"), "chain-7")

    def test_fallback_unused_when_the_environment_is_there(self):
        result, answer = self.execute_json(
            "--save", "--dir", self.fallback, "echo saved > saved.txt")
        self.assertEqual(answer["status"], 0, result.stderr)
        uuid = answer["environment"]
        self.setUp()

        result = self.run_fleet("--environment", uuid,
                                "--fallback", self.fallback,
                                "cat saved.txt from-fallback.txt")
        self.assertEqual(result.returncode, 0, result.stderr)
        out = result.stdout.decode()
        self.assertIn("    saved\n", out)
        self.assertIn("    laid from the fallback\n", out)

        (request,) = self.executes()
        self.assertEqual(request[2].get("Sandbox-Environment"), uuid)
        self.assertNotIn(ARCHIVE_PART, request[3])
        self.assertEqual(request[4], 200)

    def test_fallback_with_the_environment_of_config(self):
        path = os.path.join(cli.work_dir, "fleet-config.json")
        with open(path, "w") as f:
            json.dump({"environment": MISSING_UUID,
                       "commands": ["cat from-fallback.txt"]}, f)
        result = self.run_fleet("--config", path, "--fallback", self.fallback)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("    laid from the fallback\n", result.stdout.decode())
        self.assertEqual([request[4] for request in self.executes()],
                         [404, 200])

    def test_fallback_needs_an_environment(self):
        self.assertUsageNaming(
            self.run_fleet("--fallback", self.fallback, "true"),
            "--fallback", "--environment")

    def test_fallback_excludes_an_archive(self):
        archive = os.path.join(cli.work_dir, "fleet.tgz")
        with open(archive, "wb") as f:
            f.write(cli.make_tgz([({"name": "a.txt"}, b"a\n")]))
        for option, value in (("--archive", archive),
                              ("--dir", self.fallback)):
            with self.subTest(option=option):
                self.assertUsageNaming(
                    self.run_fleet("--environment", MISSING_UUID,
                                   "--fallback", self.fallback,
                                   option, value, "true"),
                    "--fallback", option)

    def test_fallback_must_be_a_directory(self):
        missing = os.path.join(cli.work_dir, "no-such-directory")
        result = self.run_fleet("--environment", MISSING_UUID,
                                "--fallback", missing, "true")
        self.assertEqual(result.returncode, cli.EXIT_FAILED)
        self.assertIn("--fallback",
                      self.assertOneLineError(result, "--fallback: "))
        self.assertEqual(self.executes(), [])

    def test_help(self):
        result = cli.run_cli("execute", "--help")
        self.assertEqual(result.returncode, 0)
        out = result.stdout.decode()
        for word in ("--fallback=DIRECTORY", "--affinity-key=KEY",
                     "Sandbox-Affinity"):
            self.assertIn(word, out)


if __name__ == "__main__":
    unittest.main(verbosity=2)
