#!/usr/bin/env python3
# execute.py: connect, print the server's specifications, run a command with
# an uploaded archive, show each command's output and download a file of the
# saved environment, with the blocking API.
#
#   execute.py URL ARCHIVE.tgz
#
# SPDX-FileCopyrightText: 2026 The sandbox-api developers
# SPDX-License-Identifier: LGPL-2.1-or-later

import sys

import gi

gi.require_version("Sandbox", "1.0")
from gi.repository import Gio, GLib, Sandbox  # noqa: E402


def main(url, archive_path):
    client = Sandbox.Client.new(url)

    specifications = client.get_specifications().get_object()
    host = specifications.get_object_member("host")
    cpus = host.get_object_member("cpu").get_int_member("logical")
    print(f"server: sandbox {host.get_string_member('sandbox_version')}, {cpus} logical CPUs")

    config = Sandbox.Config.new()
    config.add_command("echo $((2+2))", False)
    config.add_command("cat hello.txt", False)
    config.set_save(True)

    execution = client.execute_file(config, archive=Gio.File.new_for_path(archive_path))
    for command in execution.props.commands:
        print(f"$ {command.props.command}")
        print(f"  exit code {command.props.exit_code}, stdout: {command.props.stdout}")
    status = execution.props.status
    print(f"status: {status} ({Sandbox.Status.to_string(status)})")

    content = client.download(environment_id=execution.props.environment, path="hello.txt")
    print(f"hello.txt in environment {execution.props.environment}: "
          f"{content.get_data().decode()}", end="")
    return 0 if status == Sandbox.Status.SUCCESS else 1


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(f"Usage: {sys.argv[0]} URL ARCHIVE.tgz")
    try:
        sys.exit(main(sys.argv[1], sys.argv[2]))
    except GLib.Error as error:
        sys.exit(error.message)
