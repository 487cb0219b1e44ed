# asandbox.py: ASandbox, the asyncio interface of the Python client.
#
# SPDX-FileCopyrightText: 2026 The sandbox-api developers
# SPDX-License-Identifier: LGPL-2.1-or-later

from contextlib import AbstractAsyncContextManager
from typing import BinaryIO, Optional

from gi.repository import GLib

from . import _client


class ASandbox(AbstractAsyncContextManager):
    """The server at `url`, awaited from asyncio.

    `total` bounds each operation as a whole; `connect` and `sock_connect`
    the connection; `sock_read` each wait for the server; in seconds, None
    or 0 for no limit, as aiohttp's ClientTimeout. Close it with
    `await close()`, or use it with `async with`."""

    def __init__(self, url: str, total: Optional[float] = 60, connect: Optional[float] = None,
                 sock_connect: Optional[float] = None, sock_read: Optional[float] = None):
        self.url = url
        limits = [t for t in (connect, sock_connect) if t]
        self._client = _client.new_client(url, total, min(limits) if limits else None,
                                          sock_read)
        self._closed = False

    async def __aexit__(self, exc_type, exc_value, traceback):
        await self.close()

    async def close(self):
        """Closes the session: later calls raise RuntimeError."""
        self._closed = True

    @property
    def closed(self) -> bool:
        return self._closed

    async def _call(self, url, function, *args, **keywords):
        if self._closed:
            raise RuntimeError("Session is closed")
        try:
            return await function(*args, **keywords)
        except GLib.Error as error:
            raise _client.translate(error, url) from None

    async def libraries(self) -> dict:
        """What is installed in the server's containers."""
        return await self._call(_client.join(self.url, "libraries"),
                                self._client.libraries_async)

    async def specifications(self) -> dict:
        """The server's host and the limits of its containers."""
        return await self._call(_client.join(self.url, "specifications"),
                                self._client.specifications_async)

    async def usage(self) -> dict:
        """The server's current load."""
        return await self._call(_client.join(self.url, "usages"), self._client.usage_async)

    async def download(self, uuid: str, path: str = None) -> BinaryIO:
        """The environment `uuid` (a gzip'd tar), or its file `path`, as a
        BytesIO."""
        url = _client.endpoint_url(self.url, uuid, path)
        data = await self._call(url, self._client.download_async, uuid, path)
        return _client.to_bytesio(data)

    async def check(self, uuid: str, path: str = None):
        """The size of the environment `uuid` or of its file `path`, 0 when
        it is not there. As in the Python client, the size is the text of
        the Content-Length header (a str)."""
        if self._closed:
            raise RuntimeError("Session is closed")
        url = _client.endpoint_url(self.url, uuid, path)
        try:
            found = await self._client.query_file_async(uuid, path)
        except GLib.Error as error:
            if _client.is_not_found(error):
                return 0
            raise _client.translate(error, url) from None
        return _client.check_answer(found)

    async def execute(self, config: dict, environ: Optional[BinaryIO] = None) -> dict:
        """Runs `config` (a dict, as the protocol lays it out) with the
        environment `environ` (bytes or a binary file object at position 0,
        or None): the server's answer as a dict."""
        url = _client.join(self.url, "execute")
        if self._closed:
            raise RuntimeError("Session is closed")
        try:
            configuration = _client.config(config)
        except GLib.Error as error:
            raise _client.translate(error, url) from None
        archive_file, archive_stream = _client.archive(environ)
        if archive_file is not None:
            execution = await self._call(url, self._client.execute_file_async, configuration,
                                         archive_file)
        else:
            execution = await self._call(url, self._client.execute_async, configuration,
                                         archive_stream)
        return _client.execution_dict(execution)
