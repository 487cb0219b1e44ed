# sandbox.py: Sandbox, the blocking interface of the Python client.
#
# SPDX-FileCopyrightText: 2026 The sandbox-api developers
# SPDX-License-Identifier: LGPL-2.1-or-later

from typing import BinaryIO, Optional

from gi.repository import GLib

from . import _client


class Sandbox:
    """The server at `url`, with the blocking calls of the library.

    `timeout` bounds, in seconds, the connection and each wait for the
    server, as requests' timeout does (None: no limit)."""

    def __init__(self, url: str, timeout: Optional[float] = 60):
        self.url = url
        self._client = _client.new_client(url, None, timeout, timeout)
        self._timeout = timeout

    @property
    def timeout(self) -> Optional[float]:
        return self._timeout

    @timeout.setter
    def timeout(self, timeout: Optional[float]):
        _client.set_timeouts(self._client, None, timeout, timeout)
        self._timeout = timeout

    def _call(self, url, function, *args):
        try:
            return function(*args)
        except GLib.Error as error:
            raise _client.translate(error, url) from None

    def libraries(self) -> dict:
        """What is installed in the server's containers."""
        return self._call(_client.join(self.url, "libraries"), self._client.libraries)

    def specifications(self) -> dict:
        """The server's host and the limits of its containers."""
        return self._call(_client.join(self.url, "specifications"),
                          self._client.specifications)

    def usage(self) -> dict:
        """The server's current load."""
        return self._call(_client.join(self.url, "usages"), self._client.usage)

    def download(self, uuid: str, path: str = None) -> BinaryIO:
        """The environment `uuid` (a gzip'd tar), or its file `path`, as a
        BytesIO."""
        url = _client.endpoint_url(self.url, uuid, path)
        return _client.to_bytesio(self._call(url, self._client.download, uuid, path))

    def check(self, uuid: str, path: str = None):
        """The size of the environment `uuid` or of its file `path`, 0 when
        it is not there. As in the Python client, the size is the text of
        the Content-Length header (a str)."""
        url = _client.endpoint_url(self.url, uuid, path)
        try:
            found = self._client.query_file(uuid, path)
        except GLib.Error as error:
            if _client.is_not_found(error):
                return 0
            raise _client.translate(error, url) from None
        return _client.check_answer(found)

    def execute(self, config: dict, environ: Optional[BinaryIO] = None) -> dict:
        """Runs `config` (a dict, as the protocol lays it out) with the
        environment `environ` (bytes or a binary file object at position 0,
        or None): the server's answer as a dict."""
        url = _client.join(self.url, "execute")
        configuration = self._call(url, _client.config, config)
        archive_file, archive_stream = _client.archive(environ)
        if archive_file is not None:
            execution = self._call(url, self._client.execute_file, configuration, archive_file)
        else:
            execution = self._call(url, self._client.execute, configuration, archive_stream)
        return _client.execution_dict(execution)
