# fixture.py: the servers the Python tests run against.
#
# SPDX-FileCopyrightText: 2026 The sandbox-api developers
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# SANDBOX_URL: a running sandbox-server (launch-server starts one);
# otherwise the tests' fake server, SANDBOX_FIXTURE_SERVER, started here on
# 127.0.0.1 with an ephemeral port.

import io
import json
import os
import subprocess
import tarfile
import urllib.request

UUID = 'e8c5995b-7049-4b04-8440-5d9d914360fc'
MISSING_UUID = '00000000-0000-4000-8000-000000000000'
HELLO = b'hello\n'


def hello_archive():
    """A gzip'd tar holding hello.txt (the fake server's environment holds
    the same file)."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode='w:gz') as archive:
        member = tarfile.TarInfo('hello.txt')
        member.size = len(HELLO)
        member.mode = 0o644
        archive.addfile(member, io.BytesIO(HELLO))
    return buffer.getvalue()


class Server:
    """The server of this run: `url`, and `real` when it is sandbox-server."""

    def __init__(self):
        self.process = None
        self.url = os.environ.get('SANDBOX_URL')
        self.real = self.url is not None
        if not self.real:
            self.process = subprocess.Popen([os.environ['SANDBOX_FIXTURE_SERVER']],
                                            stdin=subprocess.PIPE, stdout=subprocess.PIPE)
            self.url = self.process.stdout.readline().decode('ascii').strip()
            if not self.url.startswith('http://127.0.0.1:'):
                raise RuntimeError('the fixture server printed %r' % self.url)

    def scenario(self, prefix):
        """The fake server's URL with a scenario prefix (test-server.h)."""
        return self.url + prefix + '/'

    def received(self):
        with urllib.request.urlopen(self.url + 'fixture/requests/') as answer:
            return json.load(answer)

    def stop(self):
        if self.process is None:
            return
        self.process.stdin.close()
        self.process.stdout.close()
        if self.process.wait(timeout=30) != 0:
            raise RuntimeError('the fixture server exited with %d' % self.process.returncode)
