# sandbox_api: the public names of the Python client sandbox-api 1.1.0, on
# this library (through its PyGObject override, gi/overrides/Sandbox.py).
#
# SPDX-FileCopyrightText: 2026 The sandbox-api developers
# SPDX-License-Identifier: LGPL-2.1-or-later

from .asandbox import ASandbox
from .enums import SandboxErrCode
from .exceptions import (Sandbox300, Sandbox301, Sandbox302, Sandbox303, Sandbox304,
                         Sandbox305, Sandbox307, Sandbox308, Sandbox400, Sandbox401,
                         Sandbox402, Sandbox403, Sandbox404, Sandbox405, Sandbox406,
                         Sandbox407, Sandbox408, Sandbox409, Sandbox410, Sandbox411,
                         Sandbox412, Sandbox413, Sandbox414, Sandbox415, Sandbox416,
                         Sandbox417, Sandbox421, Sandbox422, Sandbox423, Sandbox424,
                         Sandbox426, Sandbox428, Sandbox429, Sandbox431, Sandbox451,
                         Sandbox500, Sandbox501, Sandbox502, Sandbox503, Sandbox504,
                         Sandbox505, Sandbox506, Sandbox507, Sandbox508, Sandbox510,
                         Sandbox511, SandboxError, status_exceptions)
from .sandbox import Sandbox

VERSION = __version__ = "1.1.0"

__all__ = [
    "ASandbox", "Sandbox", "SandboxError", "SandboxErrCode", "status_exceptions", "VERSION",
    "__version__", "Sandbox300", "Sandbox301", "Sandbox302", "Sandbox303", "Sandbox304",
    "Sandbox305", "Sandbox307", "Sandbox308", "Sandbox400", "Sandbox401", "Sandbox402",
    "Sandbox403", "Sandbox404", "Sandbox405", "Sandbox406", "Sandbox407", "Sandbox408",
    "Sandbox409", "Sandbox410", "Sandbox411", "Sandbox412", "Sandbox413", "Sandbox414",
    "Sandbox415", "Sandbox416", "Sandbox417", "Sandbox421", "Sandbox422", "Sandbox423",
    "Sandbox424", "Sandbox426", "Sandbox428", "Sandbox429", "Sandbox431", "Sandbox451",
    "Sandbox500", "Sandbox501", "Sandbox502", "Sandbox503", "Sandbox504", "Sandbox505",
    "Sandbox506", "Sandbox507", "Sandbox508", "Sandbox510", "Sandbox511",
]
