#!/usr/bin/env python3
# execute-asyncio.py: the same as execute.py, written as Python with the
# library's override (bindings/python): answers as dicts, configurations
# from dicts, keyword arguments, and awaitable calls from asyncio.
#
#   execute-asyncio.py URL ARCHIVE.tgz
#
# SPDX-FileCopyrightText: 2026 The sandbox-api developers
# SPDX-License-Identifier: LGPL-2.1-or-later

import asyncio
import sys

import gi

gi.require_version("Sandbox", "1.0")
from gi.repository import Gio, GLib, Sandbox  # noqa: E402


async def main(url, archive_path):
    client = Sandbox.Client.new(url)

    specifications, libraries = await asyncio.gather(client.specifications_async(),
                                                     client.libraries_async())
    host = specifications["host"]
    print(f"server: sandbox {host['sandbox_version']}, {host['cpu']['logical']} logical CPUs")
    print(f"programs on the server's PATH: {len(libraries['bin'])}")

    config = Sandbox.Config.new_from_dict(
        {"commands": ["echo $((2+2))", "cat hello.txt"], "save": True})
    execution = await client.execute_file_async(
        config, archive=Gio.File.new_for_path(archive_path))
    for command in execution.to_dict()["execution"]:
        print(f"$ {command['command']}")
        print(f"  exit code {command['exit_code']}, stdout: {command['stdout']}")
    status = execution.props.status
    print(f"status: {status} ({Sandbox.Status.to_string(status)})")

    content = await client.download_async(environment_id=execution.props.environment,
                                          path="hello.txt")
    print(f"hello.txt in environment {execution.props.environment}: "
          f"{content.get_data().decode()}", end="")
    return 0 if status == Sandbox.Status.SUCCESS else 1


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(f"Usage: {sys.argv[0]} URL ARCHIVE.tgz")
    try:
        sys.exit(asyncio.run(main(sys.argv[1], sys.argv[2])))
    except GLib.Error as error:
        sys.exit(error.message)
