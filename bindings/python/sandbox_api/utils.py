# utils.py: the server's endpoints and the check of a config dict.
#
# SPDX-FileCopyrightText: 2026 The sandbox-api developers
# SPDX-License-Identifier: LGPL-2.1-or-later

from typing import Tuple

# The path of each endpoint under the server's URL (%s: a UUID, a path).
ENDPOINTS = {
    "specifications": "specifications/",
    "libraries": "libraries/",
    "usages": "usages/",
    "environments": "environments/%s/",
    "files": "files/%s/%s/",
    "execute": "execute/",
}


def _valid_command(command) -> bool:
    if isinstance(command, str):
        return True
    return (isinstance(command, dict)
            and isinstance(command.get("command"), str)
            and ("timeout" not in command or isinstance(command["timeout"], (int, float))))


def validate(config: dict) -> Tuple[bool, str]:
    """Checks the types of a config dict: (True, "") when they are right,
    else (False, what is wrong). The server checks more (see
    Sandbox.Config.validate() for all it checks)."""
    for name, kind, kind_name in (("result_path", str, "a string"),
                                  ("save", bool, "a boolean"),
                                  ("environ", dict, "a dict")):
        if name in config and not isinstance(config[name], kind):
            return False, f"{name} must be {kind_name}, not {type(config[name])}"
    if "commands" not in config:
        return False, "Missing field 'commands' in config"
    commands = config["commands"]
    if not isinstance(commands, list):
        return False, f"commands must be a list, not {type(commands)}"
    if not commands:
        return False, "commands list is empty"
    for command in commands:
        if not _valid_command(command):
            return False, f"Command badly formatted : '{command}'"
    return True, ""
