#!/usr/bin/python3
# test-i18n.py
#
# SPDX-FileCopyrightText: 2026 The sandbox-api developers
# SPDX-License-Identifier: LGPL-2.1-or-later

"""The translations and what they cover.

  test-i18n.py SOURCE_ROOT BUILD_ROOT

- every .po file passes `msgfmt --check`, and translates every message of
  its domain's sources (no untranslated or fuzzy one);
- each domain's POTFILES lists exactly the sources that mark messages, and
  xgettext finds no unmarked message that reads as a sentence in them;
- installed into a temporary directory, and run there with that directory
  mounted on the prefix (bubblewrap), sandbox-cli and sandbox-playground
  speak French in a French locale, and the installed metainfo passes
  `appstreamcli validate`.
"""

import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

SOURCE_ROOT, BUILD_ROOT = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
del sys.argv[1:3]

# Each domain: its po folder, and the folders whose every source is checked
# for unmarked messages.
DOMAINS = {
    "sandbox-api-1": ("po", ["sandbox-api", "tools/sandbox-cli"]),
    "sandbox-playground": ("po/playground", ["examples/gtk"]),
}
# Folders whose sources belong to each domain, for the POTFILES comparison.
DOMAIN_SOURCES = {
    "sandbox-api-1": ["sandbox-api", "tools/sandbox-cli"],
    "sandbox-playground": ["examples/gtk"],
}
MARK = re.compile(r'\b(?:N?_|NC?_|C_|ngettext|g_dngettext|g_dgettext|g_dpgettext2)\s*\(\s*"'
                  r'|translatable="yes"')
# A message: a capital, then words and a space ("Could not write %s"), or
# a lower-case phrase of three words and more ("a regular file").
SENTENCE = re.compile(r"^(?:[A-Z][a-z’']*(?: |:)|[a-z]+ [a-z]+ [a-z]+)")
# Texts that read like messages but are not shown to anyone.
NOT_MESSAGES = {
    "sandbox-cli-signals",          # a thread's name
    # The server's 404 text, which the library writes as the server does
    # (sandbox_error_is_environment_missing() looks for it).
    "No environment with UUID '%s' found",
    "No environment with UUID '",
    # sandbox_status_to_string(), documented since 1.0 as English words.
    "result not found",
    "result is not UTF-8",
    # The library's log lines: a g_error() abort, a g_warning(), a g_debug()
    # and the reasons of a retry in SANDBOX_DEBUG's log. GLib leaves its own
    # log lines untranslated too.
    "The environment archive cannot be sent again: %s",
    "Not enough memory to inflate an environment",
    "The timers of blocking calls wait for a thread: %s",
    "the server is overloaded (503)",
    "the connection was refused",
    "connecting took longer than the connect-timeout",
    "the server could not be reached",
    "the connection was reset before the answer started",
    "the connection was closed before the answer started",
    "the connection was closed before the request was sent whole",
}
# What the catalogues' keywords are: meson's glib preset's, which the
# library's plurals use (g_dngettext with GETTEXT_PACKAGE), and ngettext,
# which sandbox-cli's use.
KEYWORDS = ("--keyword=_", "--keyword=N_", "--keyword=ngettext:1,2", "--keyword=g_dngettext:2,3",
            "--keyword=C_:1c,2", "--keyword=NC_:1c,2")
NBSP = "\u00a0"   # French puts one before “:”, “;” and inside « »
FRENCH = {"LANG": "fr_FR.UTF-8", "LANGUAGE": "fr", "LC_ALL": ""}


ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}


def po_string(quoted):
    """The text of a quoted PO string."""
    return re.sub(r"\\(.)", lambda m: ESCAPES.get(m.group(1), m.group(1)), quoted[1:-1])


def msgids(po_text):
    ids = set()
    for block in po_text.split("\n\n"):
        for match in re.finditer(r'^msgid(?:_plural)? ((?:".*"\n?)+)', block, re.M):
            ids.add("".join(po_string(part) for part in re.findall(r'".*"', match.group(1))))
    ids.discard("")
    return ids


def read_list(path):
    with open(path, encoding="utf-8") as f:
        return [line.strip() for line in f if line.strip() and not line.startswith("#")]


def sources_under(folders, extensions=(".c", ".h", ".ui", ".in")):
    found = []
    for folder in folders:
        for root, _dirs, files in os.walk(os.path.join(SOURCE_ROOT, folder)):
            for name in files:
                if name.endswith(extensions):
                    found.append(os.path.relpath(os.path.join(root, name), SOURCE_ROOT))
    return sorted(found)


def xgettext(files, *args):
    """The msgids xgettext finds in @files, with @args."""
    if not files:
        return set()
    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, "out.pot")
        subprocess.run(["xgettext", "--from-code=UTF-8", "--force-po", "-o", pot,
                        "--directory", SOURCE_ROOT, *args, *files],
                       check=True, capture_output=True)
        text = subprocess.run(["msgcat", "--no-wrap", "--no-location", pot],
                              check=True, capture_output=True, text=True).stdout
    return msgids(text)


class Catalogues(unittest.TestCase):
    def test_msgfmt_check(self):
        pos = glob.glob(os.path.join(SOURCE_ROOT, "po", "**", "*.po"), recursive=True)
        self.assertGreaterEqual(len(pos), 2)
        for po in pos:
            with self.subTest(po=os.path.relpath(po, SOURCE_ROOT)):
                result = subprocess.run(["msgfmt", "--check", "--statistics", "-o", os.devnull, po],
                                        capture_output=True, text=True)
                self.assertEqual(result.returncode, 0, result.stderr)
                self.assertNotIn("untranslated", result.stderr)
                self.assertNotIn("fuzzy", result.stderr)

    def test_translations_are_complete(self):
        for domain, (po_dir, _folders) in DOMAINS.items():
            files = read_list(os.path.join(SOURCE_ROOT, po_dir, "POTFILES"))
            wanted = xgettext([f for f in files if f.endswith((".c", ".h"))], *KEYWORDS)
            wanted |= xgettext([f for f in files if not f.endswith((".c", ".h"))])
            for lang in read_list(os.path.join(SOURCE_ROOT, po_dir, "LINGUAS")):
                po = os.path.join(SOURCE_ROOT, po_dir, lang + ".po")
                with self.subTest(po=os.path.relpath(po, SOURCE_ROOT)):
                    translated = subprocess.run(
                        ["msgattrib", "--translated", "--no-fuzzy", "--no-obsolete", po],
                        check=True, capture_output=True, text=True).stdout
                    with tempfile.NamedTemporaryFile("w", suffix=".po") as tmp:
                        tmp.write(translated)
                        tmp.flush()
                        have = xgettext_po_ids(tmp.name)
                    self.assertEqual(sorted(wanted - have), [])


def xgettext_po_ids(po):
    return msgids(subprocess.run(["msgcat", "--no-wrap", po], check=True, capture_output=True,
                                 text=True).stdout)


class Potfiles(unittest.TestCase):
    def test_potfiles_list_the_marked_sources(self):
        for domain, (po_dir, _folders) in DOMAINS.items():
            listed = read_list(os.path.join(SOURCE_ROOT, po_dir, "POTFILES"))
            marked = []
            for path in sources_under(DOMAIN_SOURCES[domain]):
                with open(os.path.join(SOURCE_ROOT, path), encoding="utf-8") as f:
                    text = f.read()
                if MARK.search(text) or path.endswith((".desktop.in", ".metainfo.xml.in")):
                    marked.append(path)
            with self.subTest(domain=domain):
                self.assertEqual(sorted(listed), marked)

    def test_no_unmarked_message(self):
        for domain, (po_dir, folders) in DOMAINS.items():
            listed = read_list(os.path.join(SOURCE_ROOT, po_dir, "POTFILES"))
            files = sorted(set(f for f in sources_under(folders, (".c", ".h")))
                           | set(f for f in listed if f.endswith((".c", ".h"))))
            every = xgettext(files, "--extract-all")
            marked = xgettext(files, *KEYWORDS)
            unmarked = sorted(text for text in every - marked
                              if SENTENCE.match(text) and text not in NOT_MESSAGES)
            with self.subTest(domain=domain):
                self.assertEqual(unmarked, [])

    def test_templates_mark_their_texts(self):
        for path in sources_under(["examples/gtk"], (".ui",)):
            with open(os.path.join(SOURCE_ROOT, path), encoding="utf-8") as f:
                text = f.read()
            self.assertIn('<interface domain="sandbox-playground">', text, path)
            for match in re.finditer(r'<(?:property|attribute) name="(?:label|title|subtitle|'
                                     r'description|tooltip-text)"(?P<attrs>[^>]*)>', text):
                self.assertIn('translatable="yes"', match.group("attrs"), path)


def introspect_options():
    output = subprocess.run(["meson", "introspect", "--buildoptions", BUILD_ROOT],
                            check=True, capture_output=True, text=True).stdout
    return {o["name"]: o["value"] for o in json.loads(output)}


def french_locale_installed():
    result = subprocess.run(["locale", "-a"], capture_output=True, text=True)
    return any(name.lower().replace("-", "") in ("fr_fr.utf8",)
               for name in result.stdout.split())


def bwrap_works():
    if shutil.which("bwrap") is None:
        return False
    return subprocess.run(["bwrap", "--dev-bind", "/", "/", "true"],
                          capture_output=True).returncode == 0


@unittest.skipUnless(french_locale_installed(), "no fr_FR.UTF-8 locale (locales-all)")
@unittest.skipUnless(bwrap_works(), "bubblewrap cannot run here")
class Installed(unittest.TestCase):
    """The build installed into a temporary directory, run with that
    directory's copy of the locale folder mounted where the programs look
    for their catalogues (the prefix's, compiled in)."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.destdir = os.path.join(cls.tmp.name, "dest")
        subprocess.run(["meson", "install", "-C", BUILD_ROOT, "--quiet", "--destdir",
                        cls.destdir], check=True, stdout=subprocess.DEVNULL)
        options = introspect_options()
        prefix = options["prefix"]
        cls.localedir = os.path.join(prefix, options["localedir"])
        cls.bindir = cls.destdir + os.path.join(prefix, options["bindir"])
        cls.libdir = cls.destdir + os.path.join(prefix, options["libdir"])
        cls.datadir = cls.destdir + os.path.join(prefix, options["datadir"])
        # The nearest folder of the localedir that exists on this machine
        # gets the installed one, plus, when it is the localedir itself, the
        # machine's French catalogues (GLib's own messages).
        cls.mount = cls.localedir
        while not os.path.isdir(cls.mount):
            cls.mount = os.path.dirname(cls.mount)
        cls.mounted = os.path.join(cls.tmp.name, "mounted")
        shutil.copytree(cls.destdir + cls.mount, cls.mounted, symlinks=True)
        if cls.mount == cls.localedir:
            shutil.copytree(os.path.join(cls.mount, "fr"), os.path.join(cls.mounted, "fr"),
                            dirs_exist_ok=True)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def run_installed(self, program, *args, env=None):
        environ = dict(os.environ, LD_LIBRARY_PATH=self.libdir, **(env or {}))
        environ.pop("LC_ALL", None)
        environ.pop("LC_MESSAGES", None)
        return subprocess.run(["bwrap", "--dev-bind", "/", "/",
                               "--bind", self.mounted, self.mount,
                               os.path.join(self.bindir, program), *args],
                              env=environ, capture_output=True, text=True, timeout=60)

    def test_catalogues_installed(self):
        for domain in ("sandbox-api-1", "sandbox-playground"):
            path = os.path.join(self.destdir + self.localedir, "fr", "LC_MESSAGES", domain + ".mo")
            if domain == "sandbox-playground" and not os.path.exists(
                    os.path.join(self.bindir, "sandbox-playground")):
                continue
            self.assertTrue(os.path.isfile(path), path)

    def test_cli_error_in_french(self):
        if not os.path.exists(os.path.join(self.bindir, "sandbox-cli")):
            self.skipTest("sandbox-cli is not built")
        # Port 9 (discard) on the loopback: nothing listens there.
        result = self.run_installed("sandbox-cli", "--url", "http://127.0.0.1:9/", "specs",
                                    env=FRENCH)
        self.assertEqual(result.returncode, 125, result.stderr)
        # GLib's message, which GLib translates only when the program's
        # own domain has a French catalogue.
        self.assertIn("sandbox-cli: Impossible de se connecter à 127.0.0.1", result.stderr)

        result = self.run_installed("sandbox-cli", "--url", "http://127.0.0.1:9/", "specs",
                                    "de trop", env=FRENCH)
        self.assertEqual(result.returncode, 125, result.stderr)
        self.assertIn(f"sandbox-cli: Argument inattendu «{NBSP}de trop{NBSP}»", result.stderr)
        self.assertIn(f"Essayez «{NBSP}sandbox-cli specs --help{NBSP}» pour plus d’informations.",
                      result.stderr)

        english = self.run_installed("sandbox-cli", "--url", "http://127.0.0.1:9/", "specs",
                                     "de trop", env={"LANG": "C.UTF-8", "LANGUAGE": ""})
        self.assertIn("Unexpected argument “de trop”", english.stderr)

        # The library's own message (SandboxClient checks the URL), from its
        # catalogue in the same domain.
        result = self.run_installed("sandbox-cli", "--url", "ftp://127.0.0.1:9/", "specs",
                                    env=FRENCH)
        self.assertEqual(result.returncode, 125, result.stderr)
        self.assertIn(f"«{NBSP}ftp://127.0.0.1:9/{NBSP}» n’est pas une URL http ou https",
                      result.stderr)

    def test_cli_help_in_french(self):
        if not os.path.exists(os.path.join(self.bindir, "sandbox-cli")):
            self.skipTest("sandbox-cli is not built")
        result = self.run_installed("sandbox-cli", "--help", env=FRENCH)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn(f"Commandes{NBSP}:", result.stdout)
        self.assertIn("Télécharger un environnement enregistré, ou l’un de ses fichiers.",
                      result.stdout)
        self.assertIn(f"(par défaut{NBSP}: http://127.0.0.1:7000/)", result.stdout)

        result = self.run_installed("sandbox-cli", "execute", "--help", env=FRENCH)
        self.assertIn("--dir=RÉPERTOIRE", result.stdout)
        self.assertIn("Chaque COMMANDE est une ligne de commande bash.", result.stdout)

    def test_playground_help_in_french(self):
        if not os.path.exists(os.path.join(self.bindir, "sandbox-playground")):
            self.skipTest("sandbox-playground is not built")
        result = self.run_installed("sandbox-playground", "--help", env=FRENCH)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("Essayer des commandes bash sur un serveur de bac à sable.", result.stdout)
        self.assertIn("Exécuter les commandes tout de suite", result.stdout)

    def test_metainfo_and_desktop_file(self):
        metainfo = os.path.join(self.datadir, "metainfo",
                                "io.github.sandbox_api.Playground.metainfo.xml")
        if not os.path.exists(os.path.join(self.bindir, "sandbox-playground")):
            self.skipTest("sandbox-playground is not built")
        if shutil.which("appstreamcli") is None:
            self.skipTest("appstreamcli is not installed")
        result = subprocess.run(["appstreamcli", "validate", "--no-net", metainfo],
                                capture_output=True, text=True)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        with open(metainfo, encoding="utf-8") as f:
            text = f.read()
        self.assertIn('<summary xml:lang="fr">Essayer des commandes bash sur un serveur de '
                      'bac à sable</summary>', text)
        self.assertIn('<release version="1.1.0" date="2026-12-07"', text)
        self.assertIn('<content_rating type="oars-1.1"', text)
        desktop = os.path.join(self.datadir, "applications",
                               "io.github.sandbox_api.Playground.desktop")
        with open(desktop, encoding="utf-8") as f:
            self.assertIn("Name[fr]=Bac à sable interactif\n", f.read())


if __name__ == "__main__":
    unittest.main(verbosity=2)
