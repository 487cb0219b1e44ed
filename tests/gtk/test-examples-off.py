#!/usr/bin/env python3
# Configures this tree with -Dexamples=false in a temporary directory: no
# example is built, tested or installed, the GTK application included; and
# -Dgtk=enabled then fails with a message that says why.
#
#   test-examples-off.py SOURCE_ROOT
#
# SPDX-FileCopyrightText: 2026 The sandbox-api developers
# SPDX-License-Identifier: LGPL-2.1-or-later

import json
import os
import subprocess
import sys
import tempfile
import unittest

SOURCE_ROOT = os.path.abspath(sys.argv[1])
del sys.argv[1:2]


def run(*command):
    return subprocess.run(command, capture_output=True, text=True, timeout=240)


class ExamplesOff(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="sandbox-examples-off-")
        self.build = os.path.join(self.tmp.name, "build")
        self.addCleanup(self.tmp.cleanup)

    def setup(self, *options):
        return run("meson", "setup", self.build, SOURCE_ROOT, "-Dexamples=false", *options)

    def introspect(self, what):
        result = run("meson", "introspect", what, self.build)
        self.assertEqual(result.returncode, 0, result.stderr)
        return json.loads(result.stdout)

    def test_no_example(self):
        result = self.setup()
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        examples = os.path.join(SOURCE_ROOT, "examples") + os.sep
        targets = [t["name"] for t in self.introspect("--targets")
                   if t["defined_in"].startswith(examples)]
        self.assertEqual(targets, [])
        tests = [t["name"] for t in self.introspect("--tests")
                 if "sandbox-api:examples" in t["suite"] or t["name"].startswith("gtk-")]
        self.assertEqual(tests, [])
        installed = [path for path in self.introspect("--installed").values()
                     if "playground" in path.lower()]
        self.assertEqual(installed, [])

    def test_gtk_enabled_needs_the_examples(self):
        result = self.setup("-Dgtk=enabled")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("-Dgtk=enabled builds an example", result.stdout + result.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
