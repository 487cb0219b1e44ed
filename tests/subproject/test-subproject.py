#!/usr/bin/env python3
# Builds a project that has this tree as subprojects/sandbox-api (the
# project in consumer/): a C program, a library with a GIR that includes
# Sandbox-1.0, and a Vala program on the VAPI. Checks that sandbox-api's
# programs, tests, examples and benchmarks were left out, then runs the
# consumer's programs against a small HTTP server on 127.0.0.1.
#
#   test-subproject.py SOURCE_ROOT
#
# SPDX-FileCopyrightText: 2026 The sandbox-api developers
# SPDX-License-Identifier: LGPL-2.1-or-later

import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import unittest

SOURCE_ROOT = os.path.abspath(sys.argv[1])
del sys.argv[1:2]

SPECIFICATIONS = {"cpu": {"count": 2}, "from": "test-subproject"}


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = json.dumps(SPECIFICATIONS).encode() if self.path == "/specifications/" else b""
        self.send_response(200 if body else 404)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def run(command, **kwargs):
    return subprocess.run(command, capture_output=True, text=True, timeout=240, **kwargs)


class Subproject(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="sandbox-subproject-")
        cls.project = os.path.join(cls.tmp.name, "consumer")
        shutil.copytree(os.path.join(SOURCE_ROOT, "tests", "subproject", "consumer"),
                        cls.project)
        os.mkdir(os.path.join(cls.project, "subprojects"))
        os.symlink(SOURCE_ROOT, os.path.join(cls.project, "subprojects", "sandbox-api"))
        cls.build = os.path.join(cls.tmp.name, "build")
        # The subproject, even when sandbox-api is installed on the machine.
        for command in (["meson", "setup", cls.build, cls.project, "--buildtype=debug",
                         "--force-fallback-for=sandbox-api-1"],
                        ["meson", "compile", "-C", cls.build]):
            result = run(command)
            if result.returncode != 0:
                cls.tmp.cleanup()
                raise AssertionError(f"{' '.join(command)} failed:\n{result.stdout}\n"
                                     f"{result.stderr}")

        cls.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=cls.server.serve_forever, daemon=True).start()
        cls.url = f"http://127.0.0.1:{cls.server.server_address[1]}/"

    @classmethod
    def tearDownClass(cls):
        cls.server.shutdown()
        cls.server.server_close()
        cls.tmp.cleanup()

    def introspect(self, what):
        result = run(["meson", "introspect", what, self.build], check=True)
        return json.loads(result.stdout)

    def test_only_the_library_is_built(self):
        targets = self.introspect("--targets")
        names = [target["name"] for target in targets]
        self.assertIn("sandbox-api-1", names)
        self.assertIn("consumer-c", names)
        self.assertIn("consumer-vala", names)
        # No program (sandbox-cli, sandbox-server, tests, examples,
        # benchmarks), no man page: the library and its GIR, VAPI, enums.
        ours = [t for t in targets if t["subproject"] == "sandbox-api"]
        self.assertEqual([t["name"] for t in ours if t["type"] == "executable"], [])
        self.assertEqual([t["name"] for t in ours if t["name"].startswith("sandbox-")
                          and t["name"].endswith("-man")], [])
        self.assertEqual(self.introspect("--tests"), [])
        self.assertEqual(self.introspect("--benchmarks"), [])
        installed = self.introspect("--installed").values()
        self.assertFalse([path for path in installed
                          if "/bin/" in path or "/man" in path or "installed-tests" in path],
                         list(installed))
        tools = os.path.join(self.build, "subprojects", "sandbox-api", "tools")
        self.assertFalse(os.path.exists(os.path.join(tools, "sandbox-cli", "sandbox-cli")))
        self.assertFalse(os.path.exists(os.path.join(tools, "sandbox-server",
                                                     "sandbox-server")))

    def test_gir_includes_sandbox(self):
        with open(os.path.join(self.build, "Consumer-1.0.gir")) as gir:
            text = gir.read()
        self.assertIn('<include name="Sandbox" version="1.0"/>', text)
        self.assertIn('<type name="Sandbox.Client" c:type="SandboxClient*"/>', text)
        self.assertTrue(os.path.exists(os.path.join(self.build, "Consumer-1.0.typelib")))

    def check_output(self, result, prefix):
        self.assertEqual(result.returncode, 0, result.stderr)
        first, text = result.stdout.split(" ", 1)
        self.assertEqual(first, prefix)
        self.assertEqual(json.loads(text), SPECIFICATIONS)

    def test_c_program(self):
        with open(os.path.join(self.build, "subprojects", "sandbox-api", "sandbox-api",
                               "sandbox-version.h")) as header:
            version = [line.split('"')[1] for line in header if "SANDBOX_VERSION_S " in line][0]
        self.check_output(run([os.path.join(self.build, "consumer-c"), self.url]), version)

    def test_vala_program(self):
        self.check_output(run([os.path.join(self.build, "consumer-vala"), self.url]), "vala")

    def test_python_through_both_typelibs(self):
        if run(["/usr/bin/python3", "-c", "import gi"]).returncode != 0:
            self.skipTest("no PyGObject")
        subproject = os.path.join(self.build, "subprojects", "sandbox-api", "sandbox-api")
        env = dict(os.environ,
                   GI_TYPELIB_PATH=f"{self.build}:{subproject}",
                   LD_LIBRARY_PATH=f"{self.build}:{subproject}")
        script = ("import gi, sys\n"
                  "gi.require_version('Consumer', '1.0')\n"
                  "from gi.repository import Consumer, Sandbox\n"
                  "print(Consumer.describe(Sandbox.Client.new(sys.argv[1])))\n")
        result = run(["/usr/bin/python3", "-c", script, self.url], env=env)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertTrue(result.stdout.startswith("sandbox-api/"), result.stdout)


if __name__ == "__main__":
    unittest.main(verbosity=2)
