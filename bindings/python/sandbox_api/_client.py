# _client.py: what Sandbox and ASandbox share: the library's client set up
# as the Python client behaves, the conversions, the errors.
#
# SPDX-FileCopyrightText: 2026 The sandbox-api developers
# SPDX-License-Identifier: LGPL-2.1-or-later

import io
import json
import os
import stat

import gi

gi.require_version("Sandbox", "1.0")
from gi.repository import GLib, Gio, Sandbox  # noqa: E402

from .exceptions import Response, status_exceptions  # noqa: E402
from .utils import ENDPOINTS  # noqa: E402

# As many connections as aiohttp's connector holds by default.
MAX_CONNECTIONS = 100
# The Python client reads answers of any size: the library's largest.
NO_LIMIT = GLib.MAXUINT32

_CONNECTION_ERRORS = {
    Gio.IOErrorEnum.CONNECTION_REFUSED, Gio.IOErrorEnum.HOST_UNREACHABLE,
    Gio.IOErrorEnum.NETWORK_UNREACHABLE, Gio.IOErrorEnum.CONNECTION_CLOSED,
    Gio.IOErrorEnum.BROKEN_PIPE, Gio.IOErrorEnum.NOT_CONNECTED,
    Gio.IOErrorEnum.HOST_NOT_FOUND, Gio.IOErrorEnum.PROXY_FAILED,
}


def new_client(url, total, connect, read):
    """A client of `url` (a missing final slash added, as the Python
    client's os.path.join does), without retries, without size limits;
    None or 0 for no timeout."""
    if not url.endswith("/"):
        url += "/"
    client = Sandbox.Client(base_url=url, max_connections=MAX_CONNECTIONS)
    client.init(None)
    client.set_max_retries(0)
    client.set_max_response_size(NO_LIMIT)
    client.set_max_json_size(NO_LIMIT)
    set_timeouts(client, total, connect, read)
    return client


def set_timeouts(client, total, connect, read):
    client.set_timeout(float(total or 0))
    client.set_connect_timeout(float(connect or 0))
    client.set_read_timeout(float(read or 0))


def endpoint_url(base, uuid, path):
    if path is None:
        return os.path.join(base, ENDPOINTS["environments"] % uuid)
    return os.path.join(base, ENDPOINTS["files"] % (uuid, path))


def translate(error: GLib.Error, url: str) -> Exception:
    """The exception the Python client raises for what `error` says: a
    Sandbox{STATUS} for an answer of 300 or more (and Sandbox400 for a
    config the server would refuse, checked here first), TimeoutError,
    ConnectionError; the GLib.Error itself for the rest."""
    if error.domain == GLib.quark_to_string(Sandbox.error_quark()):
        if error.code >= 300:
            status = error.code
        elif error.code == Sandbox.Error.INVALID_CONFIG:
            status = 400
        else:
            return error
        exception = status_exceptions(Response(status, url))
        exception.message = error.message
        return exception
    if error.domain == GLib.quark_to_string(Gio.io_error_quark()):
        if error.code == Gio.IOErrorEnum.TIMED_OUT:
            return TimeoutError(error.message)
        if error.code in _CONNECTION_ERRORS:
            return ConnectionError(error.message)
    if error.domain == GLib.quark_to_string(Gio.resolver_error_quark()):
        return ConnectionError(error.message)
    return error


def is_not_found(error: GLib.Error) -> bool:
    return error.matches(Sandbox.error_quark(), Sandbox.Error.NOT_FOUND)


def check_answer(found):
    """What the Python client's check() answers: 0 when missing, else the
    Content-Length header's text (a str, not an int)."""
    exists, size = found
    return str(size) if exists else 0


def config(config_dict):
    """A Sandbox.Config of anything json.dumps() takes, as the Python
    client sends it."""
    return Sandbox.Config.new_from_string(json.dumps(config_dict))


def archive(environ):
    """(a GFile, None) or (None, a GInputStream) for an environ: bytes, or
    a binary file object read from its position. A regular file at position
    0 is streamed from the disk; anything else is read into memory, as
    requests and aiohttp do."""
    if environ is None:
        return None, None
    if isinstance(environ, (bytes, bytearray, memoryview)):
        data = bytes(environ)
    else:
        try:
            descriptor = environ.fileno()
            if stat.S_ISREG(os.fstat(descriptor).st_mode) and environ.tell() == 0:
                return Gio.File.new_for_path(f"/proc/self/fd/{descriptor}"), None
        except (AttributeError, OSError, io.UnsupportedOperation):
            pass
        data = environ.read()
    return None, Gio.MemoryInputStream.new_from_bytes(GLib.Bytes.new(data))


def to_bytesio(data: GLib.Bytes) -> io.BytesIO:
    return io.BytesIO(data.get_data())


def execution_dict(execution) -> dict:
    return execution.to_dict()


def join(base, endpoint):
    return os.path.join(base, ENDPOINTS[endpoint])
