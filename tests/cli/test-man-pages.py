#!/usr/bin/python3
# test-man-pages.py
#
# SPDX-FileCopyrightText: 2026 The sandbox-api developers
# SPDX-License-Identifier: LGPL-2.1-or-later

"""Checks that the man pages (docs/man/*.rst) and the --help of the programs
agree: every option of each --help (each command of sandbox-cli) is in the
page, in the right section, with the same short name and argument; every
option the page documents exists; the exit statuses are listed identically.

SANDBOX_CLI and SANDBOX_SERVER name the programs, SANDBOX_MAN_DIR the
directory of the pages' sources.
"""

import os
import re
import subprocess
import unittest

CLI = os.environ.get("SANDBOX_CLI")
SERVER = os.environ.get("SANDBOX_SERVER")
MAN_DIR = os.environ.get("SANDBOX_MAN_DIR")


def run_help(program, *args):
    environ = dict(os.environ, LC_ALL="C.UTF-8", COLUMNS="80")
    environ.pop("SANDBOX_URL", None)
    result = subprocess.run([program] + list(args) + ["--help"], env=environ,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            timeout=60)
    assert result.returncode == 0, (args, result.stderr)
    return result.stdout.decode()


def help_options(text):
    """The left column of each option line: "-e, --env=KEY=VALUE"."""
    options = set()
    for line in text.splitlines():
        match = re.match(r"^ {2}(-\S.*?)(?: {2,}|$)", line)
        if match:
            options.add(match.group(1))
    return options


def help_block(text, title):
    """The entries of a block such as "Exit status:", as (name, text)."""
    entries = []
    inside = False
    for line in text.splitlines():
        if line == title:
            inside = True
        elif inside and not line.strip():
            break
        elif inside:
            match = re.match(r"^ {2}(\S+) +(.*)$", line)
            if match and not line.startswith("    "):
                entries.append([match.group(1), match.group(2)])
            else:
                entries[-1][1] += " " + line.strip()
    return [(name, " ".join(value.split())) for name, value in entries]


def help_commands(text):
    names = []
    inside = False
    for line in text.splitlines():
        if line == "Commands:":
            inside = True
        elif inside and not line.strip():
            break
        elif inside:
            names.append(line.split()[0])
    return names


def plain(rst):
    """A term of the page without its markup: **-e**, **--env**\\ =\\ *X*
    becomes -e, --env=X."""
    return rst.replace("\\ ", "").replace("**", "").replace("*", "").strip()


class Page:
    """The sections of a page's source: {title: lines}, and for the
    subsections of a section, {section: {title: lines}}."""

    def __init__(self, path):
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
        self.sections = {}
        self.subsections = {}
        section = subsection = None
        for index, line in enumerate(lines):
            underline = lines[index + 1] if index + 1 < len(lines) else ""
            overline = lines[index - 1] if index > 0 else ""
            if line and re.fullmatch(r"=+|-+", line):
                continue
            if line and underline and len(underline) >= len(line) and \
                    re.fullmatch(r"=+|-+", underline) and \
                    not re.fullmatch(r"=+|-+", overline):
                if underline[0] == "=":
                    section, subsection = line.strip(), None
                    self.sections[section] = []
                    self.subsections[section] = {}
                else:
                    subsection = line.strip()
                    self.subsections[section][subsection] = []
                continue
            if section is not None:
                self.sections[section].append(line)
                if subsection is not None:
                    self.subsections[section][subsection].append(line)

    @staticmethod
    def options(lines):
        """The terms of the definition lists that name options."""
        return {plain(line) for line in lines if line.startswith("**-")}

    @staticmethod
    def definitions(lines):
        """The definition list of @lines, as (term, text)."""
        entries = []
        for line in lines:
            if line.startswith("**"):
                entries.append([plain(line), ""])
            elif line.startswith("   ") and entries:
                entries[-1][1] += " " + line.strip()
        return [(term, " ".join(text.split())) for term, text in entries]


class ManPageTestCase(unittest.TestCase):
    maxDiff = None

    def assertSameExitStatuses(self, help_text, page):
        in_help = help_block(help_text, "Exit status:")
        self.assertGreater(len(in_help), 2, help_text)
        self.assertEqual(Page.definitions(page.sections["EXIT STATUS"]),
                         in_help)


@unittest.skipUnless(CLI and MAN_DIR, "SANDBOX_CLI and SANDBOX_MAN_DIR not set")
class CliPageTests(ManPageTestCase):
    @classmethod
    def setUpClass(cls):
        cls.page = Page(os.path.join(MAN_DIR, "sandbox-cli.rst"))
        cls.main_help = run_help(CLI)
        cls.global_options = help_options(cls.main_help)
        cls.commands = help_commands(cls.main_help)

    def test_global_options(self):
        self.assertIn("--url=URL", self.global_options)
        self.assertEqual(Page.options(self.page.sections["OPTIONS"]),
                         self.global_options)

    def test_commands(self):
        self.assertIn("execute", self.commands)
        documented = self.page.subsections["COMMANDS"]
        self.assertEqual(sorted(title.split()[0] for title in documented),
                         sorted(self.commands))
        # The options a command takes beside the global ones (--version is
        # sandbox-cli's only).
        shared = self.global_options - {"--version"}
        for title, lines in documented.items():
            command = title.split()[0]
            if command == "help":
                continue
            with self.subTest(command=command):
                options = help_options(run_help(CLI, command))
                self.assertTrue(shared <= options, options)
                self.assertEqual(Page.options(lines), options - shared)

    def test_no_option_elsewhere(self):
        # Options are documented only where the tests above look for them.
        for title, lines in self.page.sections.items():
            if title not in ("OPTIONS", "COMMANDS"):
                self.assertEqual(Page.options(lines), set(), title)

    def test_exit_statuses(self):
        self.assertSameExitStatuses(self.main_help, self.page)
        for command in self.commands:
            if command != "help":
                with self.subTest(command=command):
                    self.assertEqual(
                        help_block(run_help(CLI, command), "Exit status:"),
                        help_block(self.main_help, "Exit status:"))

    def test_environment(self):
        names = [name for name, _ in help_block(self.main_help, "Environment:")]
        self.assertIn("SANDBOX_URL", names)
        self.assertEqual(
            [term for term, _ in Page.definitions(self.page.sections["ENVIRONMENT"])],
            names)


@unittest.skipUnless(SERVER and MAN_DIR,
                     "SANDBOX_SERVER and SANDBOX_MAN_DIR not set")
class ServerPageTests(ManPageTestCase):
    @classmethod
    def setUpClass(cls):
        cls.page = Page(os.path.join(MAN_DIR, "sandbox-server.rst"))
        cls.help = run_help(SERVER)

    def test_options(self):
        options = help_options(self.help)
        self.assertIn("-p, --port=PORT", options)
        self.assertEqual(Page.options(self.page.sections["OPTIONS"]), options)
        for title, lines in self.page.sections.items():
            if title != "OPTIONS":
                self.assertEqual(Page.options(lines), set(), title)

    def test_exit_statuses(self):
        self.assertSameExitStatuses(self.help, self.page)


if __name__ == "__main__":
    unittest.main(verbosity=2)
