#!/usr/bin/env python3
# Installs the build (configured with -Dinstalled_tests=true; what is not
# built yet is built first) into a temporary destination and runs every
# installed test there, the GNOME way: gnome-desktop-testing-runner reads
# the .test files and runs their Exec lines. Those name the installed
# paths, so the runner is given copies of the .test files with them moved
# into the destination (and the library, through LD_LIBRARY_PATH). Without
# gnome-desktop-testing-runner, the Exec lines are run here, one by one.
#
#   test-installed.py BUILDDIR
#
# $INSTALLED_TESTS names the tests the build installs.
#
# SPDX-FileCopyrightText: 2026 The sandbox-api developers
# SPDX-License-Identifier: LGPL-2.1-or-later

import configparser
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile

BUILDDIR = sys.argv[1]
SUITE = "sandbox-api-1"


def options():
    text = subprocess.run(["meson", "introspect", "--buildoptions", BUILDDIR],
                          capture_output=True, text=True, check=True).stdout
    return {o["name"]: o["value"] for o in json.loads(text)}


def moved(word, destdir):
    """WORD, or NAME=WORD, with a path that was installed moved into DESTDIR."""
    if word.startswith("/"):
        name, equals, value = "", "", word
    else:
        name, equals, value = word.partition("=")
    if value.startswith("/") and os.path.lexists(destdir + value):
        value = destdir + value
    return name + equals + value


def main():
    expected = os.environ["INSTALLED_TESTS"].split()
    opts = options()
    prefix = opts["prefix"]
    with tempfile.TemporaryDirectory(prefix="sandbox-installed-") as tmp:
        destdir = os.path.join(tmp, "root")
        subprocess.run(["meson", "install", "-C", BUILDDIR, "--quiet",
                        "--destdir", destdir], check=True, stdout=subprocess.DEVNULL)
        metadir = os.path.join(destdir + prefix, opts["datadir"], "installed-tests", SUITE)
        execdir = os.path.join(destdir + prefix, opts["libexecdir"], "installed-tests", SUITE)
        found = sorted(name[:-len(".test")] for name in os.listdir(metadir))
        if found != sorted(expected):
            print(f"installed .test files: {found}\nexpected: {sorted(expected)}")
            return 1

        # The runner's copy of the .test files, pointed into the destination.
        runner_dir = os.path.join(tmp, "runner", "installed-tests", SUITE)
        os.makedirs(runner_dir)
        commands = {}
        for name in found:
            keyfile = configparser.ConfigParser(interpolation=None)
            keyfile.optionxform = str
            keyfile.read(os.path.join(metadir, name + ".test"))
            test = keyfile["Test"]
            if test.get("Type") != "session":
                print(f"{name}.test: Type is {test.get('Type')}, not session")
                return 1
            commands[name] = [moved(w, destdir) for w in shlex.split(test["Exec"])]
            if not any(w.startswith(execdir + "/") for w in commands[name]):
                print(f"{name}.test: nothing of {test['Exec']} is installed in {execdir}")
                return 1
            test["Exec"] = shlex.join(commands[name])
            with open(os.path.join(runner_dir, name + ".test"), "w") as f:
                keyfile.write(f, space_around_delimiters=False)

        libdir = os.path.join(destdir + prefix, opts["libdir"])
        env = dict(os.environ, LD_LIBRARY_PATH=libdir)
        # Nothing from the build tree: the Exec lines name every helper.
        for name in ("SANDBOX_SERVER", "SANDBOX_CLI", "G_TEST_SRCDIR", "G_TEST_BUILDDIR"):
            env.pop(name, None)

        runner = shutil.which("gnome-desktop-testing-runner")
        if runner:
            result = subprocess.run([runner, "--parallel=2", "--timeout=400",
                                     "--dir", os.path.join(tmp, "runner"), SUITE], env=env)
            return result.returncode

        print("No gnome-desktop-testing-runner: running the Exec lines here")
        failed = []
        for name, command in commands.items():
            result = subprocess.run(command, env=env, capture_output=True, text=True)
            print(f"{name}: exit status {result.returncode}")
            if result.returncode not in (0, 77):
                print(result.stdout[-4000:], result.stderr[-4000:])
                failed.append(name)
        print(f"{len(commands) - len(failed)} passed, {len(failed)} failed: {failed}")
        return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
