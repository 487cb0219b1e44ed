# test-gi-override.py
#
# SPDX-FileCopyrightText: 2026 The sandbox-api developers
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The bindings' test (tests/bindings/test-gi.py, written against 1.0's
# introspected API) run with the override installed: every C-named call
# keeps its meaning (Json.to_string() on an answer, isinstance Json.Node).
# Usage: test-gi-override.py PATH/TO/test-gi.py, with bindings/python on
# PYTHONPATH.

import importlib.util
import sys
import unittest

import gi

gi.require_version('Sandbox', '1.0')
from gi.repository import Sandbox  # noqa: E402


class OverrideLoadedTest(unittest.TestCase):

    def test_override_is_loaded(self):
        self.assertEqual(Sandbox.Client.__module__, 'gi.overrides.Sandbox')
        self.assertTrue(callable(Sandbox.Client.specifications))


def main():
    specification = importlib.util.spec_from_file_location('test_gi', sys.argv[1])
    module = importlib.util.module_from_spec(specification)
    specification.loader.exec_module(module)
    module.OverrideLoadedTest = OverrideLoadedTest
    unittest.main(module=module, argv=sys.argv[:1], verbosity=2)


if __name__ == '__main__':
    main()
