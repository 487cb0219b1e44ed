# enums.py: the special statuses of an execution.
#
# SPDX-FileCopyrightText: 2026 The sandbox-api developers
# SPDX-License-Identifier: LGPL-2.1-or-later

from enum import IntEnum, unique


@unique
class SandboxErrCode(IntEnum):
    """The negative values of an execution's "status" (Sandbox.Status)."""

    UNKNOWN = -1
    TIMEOUT = -2
    RESULT_NOT_FOUND = -3
    RESULT_NOT_UTF8 = -4
