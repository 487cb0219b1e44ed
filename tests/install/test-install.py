#!/usr/bin/env python3
# Installs the build into a temporary destination and checks it the way a
# user of the library meets it: the files GNOME libraries install, a program
# built with pkg-config, the umbrella header as the only way in, and only
# the public API exported.
#
#   test-install.py BUILDDIR CC
#
# SPDX-FileCopyrightText: 2026 The sandbox-api developers
# SPDX-License-Identifier: LGPL-2.1-or-later

import glob
import os
import subprocess
import sys
import tempfile
import unittest

BUILDDIR, CC = sys.argv[1], sys.argv[2]
del sys.argv[1:3]

PROGRAM = """
#include <sandbox-api.h>

int
main (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SandboxClient) client = sandbox_client_new ("http://127.0.0.1:1/", &error);
  g_autoptr(SandboxConfig) config = sandbox_config_new ();

#if !SANDBOX_CHECK_VERSION (1, 0, 0)
#error "SANDBOX_CHECK_VERSION is broken"
#endif
  sandbox_config_add_command (config, "true", FALSE);
  g_print ("%s %s\\n", sandbox_client_get_user_agent (client), SANDBOX_VERSION_S);
  return client != NULL && error == NULL ? 0 : 1;
}
"""


class InstalledLayout(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.root = cls.tmp.name
        subprocess.run(["meson", "install", "-C", BUILDDIR, "--quiet",
                        "--destdir", cls.root], check=True, stdout=subprocess.DEVNULL)
        prefix = subprocess.run(["meson", "introspect", "--buildoptions", BUILDDIR],
                                capture_output=True, text=True, check=True).stdout
        import json
        options = {o["name"]: o["value"] for o in json.loads(prefix)}
        cls.prefix = cls.root + options["prefix"]
        cls.libdir = os.path.join(cls.prefix, options["libdir"])
        cls.includedir = os.path.join(cls.prefix, options["includedir"], "sandbox-api-1")
        cls.datadir = os.path.join(cls.prefix, options["datadir"])

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def pkg_config(self, *args):
        # The installed file, pointed at where it was installed.
        pc_dir = os.path.join(self.root, "pkgconfig")
        os.makedirs(pc_dir, exist_ok=True)
        with open(os.path.join(self.libdir, "pkgconfig", "sandbox-api-1.pc")) as installed:
            text = installed.read()
        with open(os.path.join(pc_dir, "sandbox-api-1.pc"), "w") as moved:
            moved.write(text.replace("prefix=/", f"prefix={self.root}/", 1))
        env = dict(os.environ, PKG_CONFIG_PATH=pc_dir)
        return subprocess.run(["pkg-config", *args, "sandbox-api-1"], env=env,
                              capture_output=True, text=True, check=True).stdout.split()

    def test_files(self):
        expected = [
            os.path.join(self.includedir, name) for name in (
                "sandbox-api.h", "sandbox-client.h", "sandbox-config.h", "sandbox-error.h",
                "sandbox-execution.h", "sandbox-command-result.h", "sandbox-enums.h",
                "sandbox-version.h", "sandbox-version-macros.h")
        ] + [
            os.path.join(self.libdir, "libsandbox-api-1.so"),
            os.path.join(self.libdir, "libsandbox-api-1.so.0"),
            os.path.join(self.libdir, "pkgconfig", "sandbox-api-1.pc"),
            os.path.join(self.libdir, "girepository-1.0", "Sandbox-1.0.typelib"),
            os.path.join(self.datadir, "gir-1.0", "Sandbox-1.0.gir"),
            os.path.join(self.datadir, "vala", "vapi", "sandbox-api-1.vapi"),
            os.path.join(self.datadir, "vala", "vapi", "sandbox-api-1.deps"),
        ]
        for path in expected:
            self.assertTrue(os.path.exists(path), path)
        installed = os.listdir(self.includedir)
        self.assertFalse([name for name in installed if "private" in name], installed)
        with open(os.path.join(self.datadir, "vala", "vapi", "sandbox-api-1.deps")) as deps:
            self.assertEqual(deps.read().split(), ["gio-2.0", "json-glib-1.0"])

    def test_soname_and_exports(self):
        library = os.path.realpath(os.path.join(self.libdir, "libsandbox-api-1.so"))
        dynamic = subprocess.run(["objdump", "-p", library], capture_output=True, text=True,
                                 check=True).stdout
        self.assertIn("SONAME               libsandbox-api-1.so.0", dynamic)
        symbols = subprocess.run(["nm", "-D", "--defined-only", library], capture_output=True,
                                 text=True, check=True).stdout.split("\n")
        names = [line.split()[-1] for line in symbols if line.strip()]
        self.assertIn("sandbox_client_execute_async", names)
        self.assertFalse([n for n in names if not n.startswith("sandbox_")], names)
        self.assertFalse([n for n in names if "private" in n or n.startswith("_")])

    def test_pkg_config_requires(self):
        self.assertEqual(self.pkg_config("--print-requires"), ["gio-2.0", "json-glib-1.0"])
        self.assertEqual(sorted(self.pkg_config("--print-requires-private")),
                         ["libarchive", "libsoup-3.0", "zlib"])

    def test_gir_has_no_libsoup(self):
        with open(os.path.join(self.datadir, "gir-1.0", "Sandbox-1.0.gir")) as gir:
            text = gir.read()
        self.assertNotIn("Soup", text)
        self.assertIn('<include name="Gio" version="2.0"/>', text)
        self.assertIn('<include name="Json" version="1.0"/>', text)
        self.assertIn('glib:error-domain="sandbox-error-quark"', text)

    def compile(self, source, output=None):
        with tempfile.TemporaryDirectory() as directory:
            path = os.path.join(directory, "program.c")
            with open(path, "w") as f:
                f.write(source)
            command = [CC, path, "-o", output or os.path.join(directory, "program"),
                       *self.pkg_config("--cflags", "--libs")]
            return subprocess.run(command, capture_output=True, text=True)

    def test_program_builds_and_runs(self):
        with tempfile.TemporaryDirectory() as directory:
            program = os.path.join(directory, "program")
            result = self.compile(PROGRAM, program)
            self.assertEqual(result.returncode, 0, result.stderr)
            run = subprocess.run([program], capture_output=True, text=True,
                                 env=dict(os.environ, LD_LIBRARY_PATH=self.libdir))
            self.assertEqual(run.returncode, 0, run.stderr)
            user_agent, version = run.stdout.split()
            self.assertEqual(user_agent, f"sandbox-api/{version}")

    def test_only_the_umbrella_header(self):
        for header in ("sandbox-client.h", "sandbox-config.h", "sandbox-error.h",
                       "sandbox-version.h"):
            result = self.compile(f"#include <{header}>\nint main (void) {{ return 0; }}\n")
            self.assertNotEqual(result.returncode, 0, header)
            self.assertIn("Only <sandbox-api.h> can be included directly.", result.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
