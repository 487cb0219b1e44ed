# test-overrides.py
#
# SPDX-FileCopyrightText: 2026 The sandbox-api developers
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The PyGObject override (bindings/python/gi/overrides/Sandbox.py) against
# the tests' fake server: keyword arguments, dict answers, awaitables and
# their cancellation. Run with the build's typelib on GI_TYPELIB_PATH and
# bindings/python on PYTHONPATH.

import asyncio
import json
import os
import sys
import tempfile
import threading
import time
import unittest

import gi

gi.require_version('Json', '1.0')
gi.require_version('Sandbox', '1.0')
from gi.repository import GLib, Gio, Json, Sandbox  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fixture import HELLO, MISSING_UUID, UUID, Server, hello_archive  # noqa: E402

SPECIFICATIONS_CPU = {'core': 6, 'logical': 12, 'freq_min': 800.0, 'freq_max': 4700.0}
CONFIG = {'commands': ['echo $((2+2))', {'command': '-false', 'timeout': 5}],
          'environ': {'VAR1': 'value1'}, 'result_path': 'result.txt', 'save': True}


def run_main_loop(start, timeout=30):
    """start(callback) under a GLib main loop; (source, result) of the one
    callback."""
    loop = GLib.MainLoop.new(None, False)
    calls = []

    def callback(source, result, *data):
        calls.append((source, result))
        loop.quit()

    expired = []
    timer = GLib.timeout_add_seconds(timeout, lambda: expired.append(1) or loop.quit())
    start(callback)
    loop.run()
    if expired:
        raise AssertionError('the callback never came')
    GLib.source_remove(timer)
    return calls[0]


class OverrideTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.server = Server()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def setUp(self):
        self.client = Sandbox.Client.new(self.server.url)

    def assert_gerror(self, error, code, domain=None):
        domain = domain or Sandbox.error_quark()
        self.assertTrue(error.matches(domain, code),
                        '%s:%d %s' % (error.domain, error.code, error.message))

    # Dicts

    def test_dict_names(self):
        specifications = self.client.specifications()
        self.assertIs(type(specifications), dict)
        self.assertEqual(specifications['host']['cpu'], SPECIFICATIONS_CPU)
        self.assertEqual(specifications['container']['count'], 20)

        usage = self.client.usage()
        self.assertIs(type(usage), dict)
        self.assertEqual(usage['process'], 326)
        self.assertEqual(usage['cpu']['usage_avg'], [0.104, 0.09, 0.0775])

        libraries = self.client.libraries(cancellable=Gio.Cancellable())
        self.assertIs(type(libraries), dict)
        self.assertEqual(libraries['bin'], ['bash', 'cat'])
        self.assertEqual(libraries['libraries']['python'], {'numpy': '1.18.4'})
        self.assertEqual(self.server.received()['last']['path'], '/libraries/')

        cancelled = Gio.Cancellable()
        cancelled.cancel()
        with self.assertRaises(GLib.Error) as caught:
            self.client.usage(cancelled)
        self.assert_gerror(caught.exception, Gio.IOErrorEnum.CANCELLED, Gio.io_error_quark())

    def test_c_names_answer_nodes(self):
        # As in 1.0: the idioms written for it keep their meaning.
        for node in (self.client.get_specifications(), self.client.get_specifications(None),
                     self.client.get_usage(cancellable=None), self.client.get_libraries()):
            self.assertIsInstance(node, Json.Node)
            self.assertIs(type(json.loads(Json.to_string(node, False))), dict)
        node = self.client.get_specifications()
        self.assertEqual(json.loads(Json.to_string(node, False))['host']['cpu'],
                         SPECIFICATIONS_CPU)
        self.assertEqual(node.get_object().get_object_member('host')
                         .get_string_member('sandbox_version'), '3.0.0')
        for start, finish in ((self.client.get_specifications_async,
                               self.client.get_specifications_finish),
                              (self.client.get_usage_async, self.client.get_usage_finish),
                              (self.client.get_libraries_async,
                               self.client.get_libraries_finish)):
            source, result = run_main_loop(lambda callback: start(None, callback))
            self.assertIsInstance(finish(result), Json.Node)

    def test_async_without_loop_is_the_c_call(self):
        # No asyncio loop runs here: the C call, without callback, as in 1.0.
        before = self.server.received()['counts'].get('GET /usages/', 0)
        self.assertIsNone(self.client.get_usage_async())
        self.assertIsNone(self.client.get_usage_async(None, None))
        # The default main context runs them along with this call.
        run_main_loop(lambda callback: self.client.get_specifications_async(None, callback))
        context = GLib.MainContext.default()
        deadline = time.monotonic() + 30
        while (self.server.received()['counts'].get('GET /usages/', 0) < before + 2
               and time.monotonic() < deadline):
            context.iteration(False)
            time.sleep(0.01)
        self.assertEqual(self.server.received()['counts']['GET /usages/'], before + 2)

    def test_config_from_dict(self):
        config = Sandbox.Config.new_from_dict(CONFIG)
        self.assertIsInstance(config, Sandbox.Config)
        self.assertEqual(config.get_n_commands(), 2)
        self.assertEqual(config.get_command_timeout(1), (True, 5.0))
        self.assertEqual(config.dup_variable('VAR1'), 'value1')
        self.assertEqual(config.to_dict(), CONFIG)
        self.assertIs(type(config.to_dict()), dict)
        for wrong, message in (({'commands': []}, 'commands must be a non-empty array'),
                               ({'commands': ['true'], 'save': 'yes'}, 'save')):
            with self.assertRaises(GLib.Error) as caught:
                Sandbox.Config.new_from_dict(wrong)
            self.assert_gerror(caught.exception, Sandbox.Error.INVALID_CONFIG)
            self.assertIn(message, caught.exception.message)

    def test_execute_with_dict_and_bytes(self):
        archive = hello_archive()
        execution = self.client.execute(CONFIG, archive=archive)
        self.assertIsInstance(execution, Sandbox.Execution)
        answer = execution.to_dict()
        self.assertIs(type(answer), dict)
        self.assertEqual(answer['status'], 0)
        self.assertEqual(answer['execution'][0]['command'], 'echo $((2+2))')
        self.assertEqual(answer['environment'], UUID)
        self.assertEqual(answer, json.loads(Json.to_string(execution.get_json(), False)))
        sent = self.server.received()['last']
        self.assertEqual(sent['config'], CONFIG)
        self.assertEqual(sent['environment']['length'], len(archive))
        self.assertEqual([m['path'] for m in sent['environment']['members']], ['hello.txt'])

    def test_keywords_and_progress(self):
        reports = []
        archive = hello_archive()
        self.client.execute(CONFIG, archive=archive, cancellable=Gio.Cancellable(),
                            progress=lambda current, total: reports.append((current, total)))
        self.assertGreaterEqual(len(reports), 2)
        self.assertEqual(reports[0][0], 0)
        self.assertEqual(reports[-1][0], reports[-1][1])
        self.assertGreater(reports[-1][1], len(archive))

        with tempfile.NamedTemporaryFile(suffix='.tgz') as file:
            file.write(archive)
            file.flush()
            reports.clear()
            execution = self.client.execute_file(
                CONFIG, archive=Gio.File.new_for_path(file.name),
                progress=lambda current, total: reports.append((current, total)))
        self.assertEqual(execution.get_status(), 0)
        self.assertEqual(reports[-1][0], reports[-1][1])

        reports.clear()
        data = self.client.download(UUID, path='big.txt',
                                    progress=lambda current, total: reports.append(current))
        self.assertEqual(data.get_size(), 300000)
        self.assertEqual(reports[-1], 300000)
        self.assertEqual(self.client.download(environment_id=UUID, path='hello.txt').get_data(),
                         HELLO)

    def test_download_to_directory_with_progress(self):
        reports = []
        with tempfile.TemporaryDirectory() as directory:
            self.client.download_to_directory(UUID, Gio.File.new_for_path(directory),
                                              progress=lambda c, t: reports.append(c))
            with open(os.path.join(directory, 'hello.txt'), 'rb') as hello:
                self.assertEqual(hello.read(), HELLO)
        self.assertTrue(reports)

    def test_c_progress_keywords_unchanged(self):
        reports = []
        with tempfile.TemporaryDirectory() as directory:
            destination = Gio.File.new_for_path(os.path.join(directory, 'hello.txt'))
            self.assertTrue(self.client.download_to_file(
                UUID, 'hello.txt', destination, None,
                progress_callback=lambda current, total, data: reports.append((current, data)),
                progress_data='tag'))
            with open(destination.get_path(), 'rb') as hello:
                self.assertEqual(hello.read(), HELLO)
        self.assertEqual(reports[-1], (len(HELLO), 'tag'))
        builder = Sandbox.EnvironmentBuilder.new()
        builder.add_bytes('hello.txt', GLib.Bytes.new(HELLO), 0o644)
        reports.clear()
        execution = self.client.execute_builder(
            Sandbox.Config.new_from_dict(CONFIG), builder, None,
            progress_callback=lambda current, total: reports.append(current))
        self.assertEqual(execution.get_status(), 0)
        self.assertTrue(reports)

    def test_callbacks_without_data(self):
        # A callback of exactly (source, result), as examples/execute-async.py has.
        for start in (lambda cb: self.client.get_libraries_async(callback=cb),
                      lambda cb: self.client.download_async(UUID, 'hello.txt', callback=cb),
                      lambda cb: self.client.query_file_async(UUID, callback=cb),
                      lambda cb: self.client.execute_async(CONFIG, callback=cb)):
            loop = GLib.MainLoop.new(None, False)
            calls = []

            def callback(source, result):
                calls.append(result)
                loop.quit()

            timer = GLib.timeout_add_seconds(30, loop.quit)
            start(callback)
            loop.run()
            self.assertEqual(len(calls), 1)
            GLib.source_remove(timer)

    def test_positional_calls_unchanged(self):
        config = Sandbox.Config.new()
        config.add_command('echo $((2+2))', False)
        self.assertEqual(self.client.execute(config, None, None).get_status(), 0)
        self.assertEqual(self.client.download(UUID, 'hello.txt', None).get_data(), HELLO)
        source, result = run_main_loop(
            lambda callback: self.client.execute_async(config, None, None, callback))
        self.assertEqual(source.execute_finish(result).get_status(), 0)
        source, result = run_main_loop(
            lambda callback: self.client.get_usage_async(None, callback))
        usage = source.get_usage_finish(result)
        self.assertIsInstance(usage, Json.Node)
        self.assertEqual(usage.get_object().get_int_member('container'), 0)
        source, result = run_main_loop(
            lambda callback: self.client.download_async(UUID, 'hello.txt', callback=callback,
                                                        progress=lambda c, t: None))
        self.assertEqual(source.download_finish(result).get_data(), HELLO)

    # Awaitables

    def test_await(self):
        async def main():
            specifications = await self.client.specifications_async()
            usage, libraries, execution = await asyncio.gather(
                self.client.usage_async(), self.client.libraries_async(),
                self.client.execute_async(CONFIG, archive=hello_archive()))
            data = await self.client.download_async(UUID, 'hello.txt')
            found = await self.client.query_file_async(UUID, 'big.txt')
            return specifications, usage, libraries, execution, data, found

        specifications, usage, libraries, execution, data, found = asyncio.run(main())
        self.assertIs(type(specifications), dict)
        self.assertEqual(specifications['host']['cpu'], SPECIFICATIONS_CPU)
        self.assertEqual(usage['process'], 326)
        self.assertEqual(libraries['bin'], ['bash', 'cat'])
        self.assertEqual(execution.to_dict()['execution'][0]['exit_code'], 0)
        self.assertEqual(data.get_data(), HELLO)
        self.assertEqual(tuple(found), (True, 300000))

    def test_await_c_names_answer_nodes(self):
        async def main():
            return await asyncio.gather(self.client.get_specifications_async(),
                                        self.client.get_usage_async(cancellable=None),
                                        self.client.get_libraries_async(None))

        for node in asyncio.run(main()):
            self.assertIsInstance(node, Json.Node)
        specifications = asyncio.run(main())[0]
        self.assertEqual(json.loads(Json.to_string(specifications, False))['host']['cpu'],
                         SPECIFICATIONS_CPU)

    def test_await_dict_names_cancellable(self):
        slow = Sandbox.Client.new(self.server.scenario('delay-20000-dict'))
        cancellable = Gio.Cancellable()

        async def main():
            asyncio.get_running_loop().call_later(0.3, cancellable.cancel)
            await slow.libraries_async(cancellable=cancellable)

        with self.assertRaises(GLib.Error) as caught:
            asyncio.run(main())
        self.assert_gerror(caught.exception, Gio.IOErrorEnum.CANCELLED, Gio.io_error_quark())

    def test_await_many_at_once(self):
        config = Sandbox.Config.new_from_dict({'commands': ['true']})

        async def main():
            return await asyncio.gather(*(self.client.execute_async(config)
                                          for _ in range(40)))

        executions = asyncio.run(main())
        self.assertEqual(len(executions), 40)
        self.assertTrue(all(e.get_status() == 0 for e in executions))

    def test_await_progress_in_asyncio_thread(self):
        threads = set()
        reports = []

        def progress(current, total):
            threads.add(threading.current_thread())
            reports.append(current)

        async def main():
            return await self.client.download_async(UUID, 'big.txt', progress=progress)

        self.assertEqual(asyncio.run(main()).get_size(), 300000)
        self.assertEqual(threads, {threading.main_thread()})
        self.assertEqual(reports[-1], 300000)

    def test_await_files(self):
        archive = hello_archive()

        async def main(directory):
            path = os.path.join(directory, 'env.tgz')
            with open(path, 'wb') as file:
                file.write(archive)
            execution = await self.client.execute_file_async(
                CONFIG, archive=Gio.File.new_for_path(path))
            await self.client.download_to_directory_async(
                UUID, Gio.File.new_for_path(os.path.join(directory, 'out')))
            await self.client.download_to_file_async(
                UUID, 'hello.txt', Gio.File.new_for_path(os.path.join(directory, 'h.txt')))
            with open(os.path.join(directory, 'out', 'hello.txt'), 'rb') as one, \
                    open(os.path.join(directory, 'h.txt'), 'rb') as two:
                return execution, one.read(), two.read()

        with tempfile.TemporaryDirectory() as directory:
            execution, one, two = asyncio.run(main(directory))
        self.assertEqual(execution.get_status(), 0)
        self.assertEqual((one, two), (HELLO, HELLO))
        self.assertEqual(self.server.received()['last']['path'], '/files/%s/hello.txt/' % UUID)

    def test_await_builder(self):
        builder = Sandbox.EnvironmentBuilder.new()
        builder.add_bytes('hello.txt', GLib.Bytes.new(HELLO), 0o644)

        async def main():
            return await self.client.execute_builder_async(CONFIG, builder=builder)

        self.assertEqual(asyncio.run(main()).get_status(), 0)
        members = self.server.received()['last']['environment']['members']
        self.assertEqual([(m['path'], m['size']) for m in members], [('hello.txt', 6)])

    def test_await_error(self):
        async def main():
            await self.client.download_async(MISSING_UUID)

        with self.assertRaises(GLib.Error) as caught:
            asyncio.run(main())
        self.assert_gerror(caught.exception, Sandbox.Error.NOT_FOUND)

    def test_await_wrong_argument(self):
        async def main():
            # Raised by the await, not lost in the GLib thread.
            await asyncio.wait_for(self.client.execute_async(42), 30)

        with self.assertRaises(TypeError):
            asyncio.run(main())

    def test_cancelling_the_task_cancels_the_call(self):
        slow = Sandbox.Client.new(self.server.scenario('delay-20000-cancel'))
        cancellable = Gio.Cancellable()

        async def main():
            task = asyncio.ensure_future(slow.get_specifications_async(cancellable=cancellable))
            await asyncio.sleep(0.3)
            self.assertFalse(task.done())
            task.cancel()
            with self.assertRaises(asyncio.CancelledError):
                await task
            # The library's call is over too: the client takes another call.
            return await self.client.usage_async()

        started = time.monotonic()
        self.assertEqual(asyncio.run(main())['process'], 326)
        self.assertTrue(cancellable.is_cancelled())
        self.assertLess(time.monotonic() - started, 15)

    def test_cancelling_the_cancellable(self):
        slow = Sandbox.Client.new(self.server.scenario('delay-20000-own'))
        cancellable = Gio.Cancellable()

        async def main():
            asyncio.get_running_loop().call_later(0.3, cancellable.cancel)
            await slow.execute_async(CONFIG, cancellable=cancellable)

        with self.assertRaises(GLib.Error) as caught:
            asyncio.run(main())
        self.assert_gerror(caught.exception, Gio.IOErrorEnum.CANCELLED, Gio.io_error_quark())

    def test_no_busy_polling(self):
        async def main():
            await self.client.specifications_async()
            before = time.process_time()
            await asyncio.sleep(1.0)
            return time.process_time() - before

        # The bridge's thread sleeps in poll() when idle: well under the
        # second a polling loop would burn.
        self.assertLess(asyncio.run(main()), 0.5)


if __name__ == '__main__':
    unittest.main(verbosity=2)
