#!/usr/bin/env python3
# execute-async.py: the specifications, the libraries and an execute with an
# uploaded archive, the three at once on a GLib main loop with callbacks,
# then the download of a file of the saved environment.
#
#   execute-async.py URL ARCHIVE.tgz
#
# SPDX-FileCopyrightText: 2026 The sandbox-api developers
# SPDX-License-Identifier: LGPL-2.1-or-later

import sys

import gi

gi.require_version("Sandbox", "1.0")
from gi.repository import Gio, GLib, Sandbox  # noqa: E402


class Example:
    def __init__(self, url, archive_path):
        self.client = Sandbox.Client.new(url)
        self.archive = Gio.File.new_for_path(archive_path)
        self.loop = GLib.MainLoop()
        self.pending = 0
        self.status = 0

    def run(self):
        config = Sandbox.Config.new()
        config.add_command("echo $((2+2))", False)
        config.add_command("cat hello.txt", False)
        config.set_save(True)

        self.pending = 3
        self.client.get_specifications_async(callback=self.on_specifications)
        self.client.get_libraries_async(callback=self.on_libraries)
        self.client.execute_file_async(config, archive=self.archive,
                                       callback=self.on_executed)
        self.loop.run()
        return self.status

    def done(self):
        self.pending -= 1
        if self.pending == 0:
            self.loop.quit()

    def fail(self, error):
        print(error.message, file=sys.stderr)
        self.status = 1
        self.done()

    def on_specifications(self, client, result):
        try:
            host = client.get_specifications_finish(result).get_object().get_object_member("host")
        except GLib.Error as error:
            return self.fail(error)
        print(f"server: sandbox {host.get_string_member('sandbox_version')}")
        self.done()

    def on_libraries(self, client, result):
        try:
            libraries = client.get_libraries_finish(result).get_object()
        except GLib.Error as error:
            return self.fail(error)
        print(f"programs on the server's PATH: {libraries.get_array_member('bin').get_length()}")
        self.done()

    def on_executed(self, client, result):
        try:
            execution = client.execute_file_finish(result)
        except GLib.Error as error:
            return self.fail(error)
        for command in execution.props.commands:
            print(f"$ {command.props.command}")
            print(f"  exit code {command.props.exit_code}, stdout: {command.props.stdout}")
        status = execution.props.status
        print(f"status: {status} ({Sandbox.Status.to_string(status)})")
        if status != Sandbox.Status.SUCCESS:
            self.status = 1
        client.download_async(environment_id=execution.props.environment, path="hello.txt",
                              callback=self.on_downloaded)

    def on_downloaded(self, client, result):
        try:
            content = client.download_finish(result)
        except GLib.Error as error:
            return self.fail(error)
        print(f"hello.txt: {content.get_data().decode()}", end="")
        self.done()


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(f"Usage: {sys.argv[0]} URL ARCHIVE.tgz")
    try:
        sys.exit(Example(sys.argv[1], sys.argv[2]).run())
    except GLib.Error as error:
        sys.exit(error.message)
