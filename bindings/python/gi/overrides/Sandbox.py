# Sandbox.py: the PyGObject override of the Sandbox namespace.
#
# SPDX-FileCopyrightText: 2026 The sandbox-api developers
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Every C method stays, with its positional arguments and its return
# value (the JSON answers stay Json.Nodes). On top of them: new names for
# the JSON answers as dicts (specifications(), usage(), libraries() and
# their awaitable *_async), configurations from dicts, a progress=
# keyword, and, when an *_async method is called without a callback from
# a running asyncio loop, an awaitable. docs/python.md describes how GLib
# and asyncio meet here.

import asyncio
import json
import threading

from gi.repository import GLib, Gio, Json

from ..module import get_introspection_module
from ..overrides import override

Sandbox = get_introspection_module('Sandbox')

__all__ = []


def _to_python(node):
    """The dict, list or value of a Json.Node (None for None)."""
    if node is None:
        return None
    return json.loads(Json.to_string(node, False))


def _progress_closure(progress):
    if progress is None:
        return None
    return lambda current, total, *data: progress(current, total)


def _closure(callback, user_data):
    """A callback and its data as PyGObject takes them: a callback given
    no data is called with (source, result) only."""
    return (callback,) if user_data is None else (callback, user_data)


def _with_callback(progress, callback, user_data=None):
    """The keyword arguments of a *_with_progress_async call: PyGObject
    takes a closure's data only as keywords, and only when given."""
    arguments = {'progress_callback': progress, 'callback': callback}
    if user_data is not None:
        arguments['user_data'] = user_data
    return arguments


def _awaiting():
    """Whether this thread runs an asyncio loop: an *_async call without a
    callback answers an awaitable there, and is the C call elsewhere."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def _archive_stream(archive):
    if isinstance(archive, (bytes, bytearray, memoryview)):
        return Gio.MemoryInputStream.new_from_bytes(GLib.Bytes.new(bytes(archive)))
    return archive


def _config(config):
    if isinstance(config, dict):
        return Config.new_from_dict(config)
    return config


class _Bridge:
    """The thread that runs the asynchronous calls awaited from asyncio: a
    GLib main loop on a main context of its own, blocked in poll() when
    there is nothing to do. Calls are started there (so that it is their
    thread-default context); their results go back to the asyncio loop
    with call_soon_threadsafe()."""

    _lock = threading.Lock()
    _instance = None

    def __init__(self):
        self.context = GLib.MainContext.new()
        self.loop = GLib.MainLoop.new(self.context, False)
        started = threading.Event()
        self.thread = threading.Thread(target=self._run, args=(started,),
                                       name='sandbox-glib', daemon=True)
        self.thread.start()
        started.wait()

    def _run(self, started):
        self.context.push_thread_default()
        started.set()  # a source attached before run() waits for it
        self.loop.run()

    @classmethod
    def get(cls):
        with cls._lock:
            if cls._instance is None:
                cls._instance = cls()
            return cls._instance

    def invoke(self, function):
        # An idle source in the bridge's context, without a Python GSource.
        self.context.invoke_full(GLib.PRIORITY_DEFAULT, function)


def _settle(future, value, error):
    if future.done():
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(value)


def _awaitable(start, finish, cancellable, convert=lambda value: value):
    """Starts `start(cancellable, callback)` in the bridge's thread and
    answers an asyncio future of `convert(finish(result))`, computed in the
    asyncio loop's thread. Cancelling the future cancels `cancellable`."""
    loop = asyncio.get_running_loop()
    future = loop.create_future()
    if cancellable is None:
        cancellable = Gio.Cancellable.new()

    def complete(result):
        # In the asyncio thread: the bridge's thread goes back to its I/O
        # at once, and the conversion needs no GIL hand-over.
        if future.done():
            return
        try:
            future.set_result(convert(finish(result)))
        except Exception as exception:  # noqa: BLE001 — handed to the awaiting task
            future.set_exception(exception)

    def done(source, result, *data):
        try:
            loop.call_soon_threadsafe(complete, result)
        except RuntimeError:
            pass  # the asyncio loop is closed: nobody awaits any more

    def begin():
        try:
            start(cancellable, done)
        except Exception as exception:  # noqa: BLE001 — e.g. a wrong argument's TypeError
            loop.call_soon_threadsafe(_settle, future, None, exception)
        return False

    def cancel_call(settled):
        if settled.cancelled():
            cancellable.cancel()

    future.add_done_callback(cancel_call)
    _Bridge.get().invoke(begin)
    return future


def _threadsafe_progress(progress):
    """A progress callback for the bridge's thread that reports in the
    asyncio loop's."""
    if progress is None:
        return None
    loop = asyncio.get_running_loop()

    def report(current, total, *data):
        try:
            loop.call_soon_threadsafe(progress, current, total)
        except RuntimeError:
            pass

    return report


class Client(Sandbox.Client):
    """Sandbox.Client with dict answers (specifications(), usage(),
    libraries()), keywords, progress= and awaitables."""

    def _plain_async(self, method, finish, args, cancellable, callback, user_data):
        if callback is not None or not _awaiting():
            return method(self, *args, cancellable, *_closure(callback, user_data))
        return _awaitable(lambda c, cb: method(self, *args, c, cb), finish, cancellable)

    def _progress_async(self, method, finish, args, cancellable, callback, user_data,
                        progress):
        if callback is not None or not _awaiting():
            return method(self, *args, cancellable,
                          **_with_callback(_progress_closure(progress), callback, user_data))
        report = _threadsafe_progress(progress)
        return _awaitable(lambda c, cb: method(self, *args, c, **_with_callback(report, cb)),
                          finish, cancellable)

    # JSON answers: the C names answer Json.Nodes, as in 1.0; the names of
    # the Python client answer dicts and lists.

    def get_specifications_async(self, cancellable=None, callback=None, user_data=None):
        return self._plain_async(Sandbox.Client.get_specifications_async,
                                 self.get_specifications_finish, (), cancellable, callback,
                                 user_data)

    def get_usage_async(self, cancellable=None, callback=None, user_data=None):
        return self._plain_async(Sandbox.Client.get_usage_async, self.get_usage_finish, (),
                                 cancellable, callback, user_data)

    def get_libraries_async(self, cancellable=None, callback=None, user_data=None):
        return self._plain_async(Sandbox.Client.get_libraries_async, self.get_libraries_finish,
                                 (), cancellable, callback, user_data)

    def specifications(self, cancellable=None):
        """The server's host and the limits of its containers, as a dict."""
        return _to_python(Sandbox.Client.get_specifications(self, cancellable))

    def usage(self, cancellable=None):
        """The server's current load, as a dict."""
        return _to_python(Sandbox.Client.get_usage(self, cancellable))

    def libraries(self, cancellable=None):
        """What is installed in the server's containers, as a dict."""
        return _to_python(Sandbox.Client.get_libraries(self, cancellable))

    def specifications_async(self, cancellable=None):
        """An awaitable of specifications()."""
        return _awaitable(lambda c, cb: Sandbox.Client.get_specifications_async(self, c, cb),
                          self.get_specifications_finish, cancellable, _to_python)

    def usage_async(self, cancellable=None):
        """An awaitable of usage()."""
        return _awaitable(lambda c, cb: Sandbox.Client.get_usage_async(self, c, cb),
                          self.get_usage_finish, cancellable, _to_python)

    def libraries_async(self, cancellable=None):
        """An awaitable of libraries()."""
        return _awaitable(lambda c, cb: Sandbox.Client.get_libraries_async(self, c, cb),
                          self.get_libraries_finish, cancellable, _to_python)

    # Files

    def download(self, environment_id, path=None, cancellable=None, *, progress=None):
        if progress is None:
            return Sandbox.Client.download(self, environment_id, path, cancellable)
        return Sandbox.Client.download_with_progress(self, environment_id, path, cancellable,
                                                     _progress_closure(progress))

    def download_async(self, environment_id, path=None, cancellable=None, callback=None,
                       user_data=None, *, progress=None):
        if callback is not None and progress is None:
            return Sandbox.Client.download_async(self, environment_id, path, cancellable,
                                                 *_closure(callback, user_data))
        return self._progress_async(Sandbox.Client.download_with_progress_async,
                                    self.download_finish, (environment_id, path), cancellable,
                                    callback, user_data, progress)

    def query_file_async(self, environment_id, path=None, cancellable=None, callback=None,
                         user_data=None):
        return self._plain_async(Sandbox.Client.query_file_async, self.query_file_finish,
                                 (environment_id, path), cancellable, callback, user_data)

    def check_async(self, environment_id, path=None, cancellable=None, callback=None,
                    user_data=None):
        return self._plain_async(Sandbox.Client.check_async, self.check_finish,
                                 (environment_id, path), cancellable, callback, user_data)

    # The calls whose C signature has a progress callback take it as C
    # does (progress_callback=, progress_data=) or as progress=.

    def _c_progress(self, progress_callback, progress_data, progress):
        if progress_callback is None:
            return {'progress_callback': _progress_closure(progress)}
        if progress_data is None:
            return {'progress_callback': progress_callback}
        return {'progress_callback': progress_callback, 'progress_data': progress_data}

    def _c_progress_async(self, method, finish, args, cancellable, progress_callback,
                          progress_data, callback, user_data, progress):
        if callback is not None or progress_callback is not None:
            arguments = self._c_progress(progress_callback, progress_data, progress)
            arguments.update({'callback': callback})
            if user_data is not None:
                arguments['user_data'] = user_data
            if callback is not None or not _awaiting():
                return method(self, *args, cancellable, **arguments)
            return _awaitable(lambda c, cb: method(self, *args, c, **dict(arguments, callback=cb)),
                              finish, cancellable)
        return self._progress_async(method, finish, args, cancellable, None, None, progress)

    def download_to_file(self, environment_id, path, destination, cancellable=None,
                         progress_callback=None, progress_data=None, *, progress=None):
        return Sandbox.Client.download_to_file(
            self, environment_id, path, destination, cancellable,
            **self._c_progress(progress_callback, progress_data, progress))

    def download_to_file_async(self, environment_id, path, destination, cancellable=None,
                               progress_callback=None, progress_data=None, callback=None,
                               user_data=None, *, progress=None):
        return self._c_progress_async(Sandbox.Client.download_to_file_async,
                                      self.download_to_file_finish,
                                      (environment_id, path, destination), cancellable,
                                      progress_callback, progress_data, callback, user_data,
                                      progress)

    def download_to_directory(self, environment_id, directory, cancellable=None,
                              progress_callback=None, progress_data=None, *, progress=None):
        return Sandbox.Client.download_to_directory(
            self, environment_id, directory, cancellable,
            **self._c_progress(progress_callback, progress_data, progress))

    def download_to_directory_async(self, environment_id, directory, cancellable=None,
                                    progress_callback=None, progress_data=None, callback=None,
                                    user_data=None, *, progress=None):
        return self._c_progress_async(Sandbox.Client.download_to_directory_async,
                                      self.download_to_directory_finish,
                                      (environment_id, directory), cancellable,
                                      progress_callback, progress_data, callback, user_data,
                                      progress)

    # Executes: the config may be a dict, the archive bytes

    def execute(self, config, archive=None, cancellable=None, *, progress=None):
        return Sandbox.Client.execute_with_progress(self, _config(config),
                                                    _archive_stream(archive), cancellable,
                                                    _progress_closure(progress))

    def execute_async(self, config, archive=None, cancellable=None, callback=None,
                      user_data=None, *, progress=None):
        return self._progress_async(Sandbox.Client.execute_with_progress_async,
                                    self.execute_finish,
                                    (_config(config), _archive_stream(archive)), cancellable,
                                    callback, user_data, progress)

    def execute_file(self, config, archive=None, cancellable=None, *, progress=None):
        return Sandbox.Client.execute_file_with_progress(self, _config(config), archive,
                                                         cancellable, _progress_closure(progress))

    def execute_file_async(self, config, archive=None, cancellable=None, callback=None,
                           user_data=None, *, progress=None):
        return self._progress_async(Sandbox.Client.execute_file_with_progress_async,
                                    self.execute_file_finish, (_config(config), archive),
                                    cancellable, callback, user_data, progress)

    def execute_builder(self, config, builder=None, cancellable=None, progress_callback=None,
                        progress_data=None, *, progress=None):
        return Sandbox.Client.execute_builder(
            self, _config(config), builder, cancellable,
            **self._c_progress(progress_callback, progress_data, progress))

    def execute_builder_async(self, config, builder=None, cancellable=None,
                              progress_callback=None, progress_data=None, callback=None,
                              user_data=None, *, progress=None):
        return self._c_progress_async(Sandbox.Client.execute_builder_async,
                                      self.execute_builder_finish, (_config(config), builder),
                                      cancellable, progress_callback, progress_data, callback,
                                      user_data, progress)


Client = override(Client)
__all__.append('Client')


class Config(Sandbox.Config):
    """Sandbox.Config, also made from and turned into a dict."""

    @classmethod
    def new_from_dict(cls, config):
        """The configuration of a dict laid out as the protocol's JSON;
        GLib.Error SANDBOX_ERROR_INVALID_CONFIG if the server would refuse it."""
        return Sandbox.Config.new_from_string(json.dumps(config))

    def to_dict(self):
        return _to_python(self.to_json())


Config = override(Config)
__all__.append('Config')


class Execution(Sandbox.Execution):
    """Sandbox.Execution, also as the dict of the server's answer."""

    def to_dict(self):
        return _to_python(self.get_json())


Execution = override(Execution)
__all__.append('Execution')
