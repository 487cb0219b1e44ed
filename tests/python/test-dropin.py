# test-dropin.py
#
# SPDX-FileCopyrightText: 2026 The sandbox-api developers
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# sandbox_api (bindings/python/sandbox_api), the drop-in for the Python
# client 1.1.0, held to what that client's README documents: the same cases
# through Sandbox and through ASandbox, against sandbox-server when
# SANDBOX_URL names one (tests/python/launch-server starts it), else against
# the tests' fake server. Run with the build's typelib on GI_TYPELIB_PATH
# and bindings/python on PYTHONPATH.

import asyncio
import io
import os
import subprocess
import sys
import tarfile
import tempfile
import threading
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fixture import HELLO, MISSING_UUID, UUID, Server, hello_archive  # noqa: E402

import sandbox_api  # noqa: E402
from sandbox_api import (ASandbox, Sandbox, Sandbox400, Sandbox404, Sandbox503,  # noqa: E402
                         SandboxErrCode, SandboxError, status_exceptions)
from sandbox_api.utils import ENDPOINTS, validate  # noqa: E402

STATUSES = [300, 301, 302, 303, 304, 305, 307, 308, 400, 401, 402, 403, 404, 405, 406, 407,
            408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 421, 422, 423, 424, 426, 428,
            429, 431, 451, 500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511]
HERE = os.path.dirname(os.path.abspath(__file__))
SERVER = None


def setUpModule():
    global SERVER
    SERVER = Server()


def tearDownModule():
    SERVER.stop()


class Blocking:
    """Sandbox, called as it is."""

    name = 'Sandbox'

    def __init__(self, url, timeout=60):
        self.sandbox = Sandbox(url, timeout=timeout)

    def __getattr__(self, method):
        return getattr(self.sandbox, method)

    def close(self):
        pass


class Awaited:
    """ASandbox, each call awaited on an event loop of its own."""

    name = 'ASandbox'

    def __init__(self, url, timeout=60):
        self.loop = asyncio.new_event_loop()
        self.sandbox = ASandbox(url, total=timeout)

    def __getattr__(self, method):
        function = getattr(self.sandbox, method)
        return lambda *args: self.loop.run_until_complete(function(*args))

    def close(self):
        self.loop.run_until_complete(self.sandbox.close())
        self.loop.close()


class Cases:
    """The cases run through Blocking and Awaited."""

    api = None

    def setUp(self):
        self.sandbox = self.open(SERVER.url)

    def open(self, url, **options):
        sandbox = self.api(url, **options)
        self.addCleanup(sandbox.close)
        return sandbox

    def saved_environment(self, environ):
        result = self.sandbox.execute({'commands': ['cat hello.txt'], 'save': True}, environ)
        self.assertEqual(result['status'], 0)
        if SERVER.real:
            self.assertEqual(result['execution'][0]['stdout'], 'hello')
        else:
            self.assertEqual(SERVER.received()['last']['environment']['length'],
                             len(hello_archive()))
        return result['environment']

    # What the README shows

    def test_specifications(self):
        specifications = self.sandbox.specifications()
        self.assertIsInstance(specifications, dict)
        self.assertEqual(set(specifications), {'host', 'container'})
        for name in ('core', 'logical', 'freq_min', 'freq_max'):
            self.assertIn(name, specifications['host']['cpu'])
        self.assertIsInstance(specifications['host']['sandbox_version'], str)
        self.assertIsInstance(specifications['container']['count'], int)
        if not SERVER.real:
            self.assertEqual(specifications['host']['cpu']['logical'], 12)

    def test_usage(self):
        usage = self.sandbox.usage()
        self.assertIsInstance(usage, dict)
        for name in ('cpu', 'memory', 'io', 'network', 'process', 'container'):
            self.assertIn(name, usage)
        self.assertIsInstance(usage['network']['sent_bytes'], int)

    def test_libraries(self):
        libraries = self.sandbox.libraries()
        self.assertIsInstance(libraries, dict)
        self.assertIsInstance(libraries['bin'], list)
        self.assertIn('bash', libraries['bin'])

    def test_execute(self):
        result = self.sandbox.execute({'commands': ['echo $((2+2))']})
        self.assertIsInstance(result, dict)
        self.assertEqual(result['status'], 0)
        self.assertEqual(len(result['execution']), 1)
        command = result['execution'][0]
        self.assertEqual(command['command'], 'echo $((2+2))')
        self.assertEqual((command['exit_code'], command['stdout'], command['stderr']),
                         (0, '4', ''))
        self.assertIsInstance(command['time'], float)
        self.assertIsInstance(result['total_time'], float)

    def test_execute_with_a_file_then_download_and_check(self):
        with tempfile.TemporaryFile() as environ:
            environ.write(hello_archive())
            environ.seek(0)
            environment = self.saved_environment(environ)

        hello = self.sandbox.download(environment, 'hello.txt')
        self.assertIsInstance(hello, io.BytesIO)
        self.assertEqual(hello.read(), HELLO)
        whole = self.sandbox.download(environment)
        self.assertIsInstance(whole, io.BytesIO)
        with tarfile.open(fileobj=whole, mode='r:gz') as archive:
            member = archive.extractfile(archive.getmember('hello.txt'))
            self.assertEqual(member.read(), HELLO)

        # The Python client's check(): the Content-Length text, 0 when missing.
        self.assertEqual(self.sandbox.check(environment, 'hello.txt'), str(len(HELLO)))
        self.assertGreater(int(self.sandbox.check(environment)), 0)
        self.assertEqual(self.sandbox.check(environment, 'unknown.unk'), 0)
        self.assertEqual(self.sandbox.check(MISSING_UUID), 0)
        self.assertEqual(self.sandbox.check('unknown'), 0)

    def test_execute_with_bytes_and_bytesio(self):
        for environ in (hello_archive(), io.BytesIO(hello_archive())):
            environment = self.saved_environment(environ)
            self.assertEqual(self.sandbox.download(environment, 'hello.txt').read(), HELLO)

    def test_execute_environ_variables(self):
        config = {'commands': ['echo $VAR1'], 'environ': {'VAR1': 'My var'}}
        result = self.sandbox.execute(config)
        self.assertEqual(result['status'], 0)
        if SERVER.real:
            self.assertEqual(result['execution'][0]['stdout'], 'My var')
        else:
            self.assertEqual(SERVER.received()['last']['config'], config)

    def test_not_found(self):
        for args in ((MISSING_UUID,), ('unknown',), (MISSING_UUID, 'unknown.unk')):
            with self.assertRaises(Sandbox404) as caught:
                self.sandbox.download(*args)
            error = caught.exception
            self.assertIsInstance(error, SandboxError)
            self.assertEqual(error.response.status_code, 404)
            self.assertEqual(str(error), 'Sandbox responded with status 404')
            self.assertIsInstance(error.message, str)

    def test_bad_config(self):
        for config in ({}, 'Definitely not json', {'commands': []},
                       {'commands': ['true'], 'save': 'yes'}):
            with self.assertRaises(Sandbox400) as caught:
                self.sandbox.execute(config)
            self.assertEqual(caught.exception.response.status_code, 400)
            self.assertTrue(caught.exception.message)

    def test_readme_error_handling(self):
        # The README's except clauses, in its order.
        try:
            self.sandbox.download('872b604c-9cce-42e2-8888-9a0311f3a724', 'unknown')
            outcome = 'downloaded'
        except Sandbox404:
            outcome = '404'
        except SandboxError as e:
            outcome = 'status %d' % e.response.status_code
        self.assertEqual(outcome, '404')


class ServerCases:
    """What only sandbox-server can show: the commands really run."""

    def test_statuses(self):
        result = self.sandbox.execute({'commands': [{'command': 'echo $((1+1))', 'timeout': 5},
                                                    {'command': 'sleep 10', 'timeout': 0.5}]})
        self.assertEqual(result['status'], SandboxErrCode.TIMEOUT)
        self.assertEqual(result['execution'][1]['exit_code'], SandboxErrCode.TIMEOUT)
        self.assertEqual(result['execution'][0]['stdout'], '2')

        result = self.sandbox.execute({'commands': ['true'], 'result_path': 'unknown.txt'})
        self.assertEqual(result['status'], SandboxErrCode.RESULT_NOT_FOUND)

        result = self.sandbox.execute({'commands': ['false', 'true']})
        self.assertEqual(result['status'], 1)
        self.assertEqual(len(result['execution']), 1)

    def test_result_and_saved_environment(self):
        environment = self.sandbox.execute({'commands': ['true'], 'save': True})['environment']
        result = self.sandbox.execute({'commands': ['echo "Hello World !" > result.txt'],
                                       'environment': environment,
                                       'result_path': 'result.txt'})
        self.assertEqual(result['status'], 0)
        self.assertEqual(result['result'].rstrip('\n'), 'Hello World !')
        self.assertNotIn('environment', result)


class FixtureCases:
    """What only the fake server can show: its scenarios."""

    def test_unavailable_is_raised_once(self):
        tag = 'unavailable-1-%s' % self.api.name
        sandbox = self.open(SERVER.scenario(tag))
        with self.assertRaises(Sandbox503) as caught:
            sandbox.specifications()
        self.assertEqual(caught.exception.response.status_code, 503)
        # No retry, as the Python client: the next call gets the answer.
        self.assertEqual(SERVER.received()['counts']['GET /%s/specifications/' % tag], 1)
        self.assertEqual(sandbox.specifications()['host']['cpu']['core'], 6)

    def test_timeout(self):
        sandbox = self.open(SERVER.scenario('delay-20000-%s' % self.api.name), timeout=1)
        with self.assertRaises(TimeoutError):
            sandbox.usage()

    def test_execute_sends_the_config_and_file(self):
        with tempfile.NamedTemporaryFile() as environ:
            environ.write(hello_archive())
            environ.flush()
            environ.seek(0)
            self.sandbox.execute({'commands': ['true']}, environ)
        last = SERVER.received()['last']
        self.assertEqual(last['config'], {'commands': ['true']})
        self.assertEqual([m['path'] for m in last['environment']['members']], ['hello.txt'])


SPECIFIC = ServerCases if os.environ.get('SANDBOX_URL') else FixtureCases


class SandboxTest(Cases, SPECIFIC, unittest.TestCase):
    api = Blocking

    def test_threads(self):
        results = []

        def work():
            for _ in range(5):
                results.append(self.sandbox.execute({'commands': ['true']})['status'])

        threads = [threading.Thread(target=work) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(results, [0] * 40)

    def test_timeout_attribute(self):
        self.assertEqual(self.sandbox.timeout, 60)
        sandbox = Sandbox(SERVER.url, timeout=2.5)
        self.assertEqual(sandbox.timeout, 2.5)
        self.assertEqual(sandbox.url, SERVER.url)


class ASandboxTest(Cases, SPECIFIC, unittest.TestCase):
    api = Awaited

    def test_gather_in_async_with(self):
        async def main():
            async with ASandbox(SERVER.url) as sandbox:
                usage, specs, execution = await asyncio.gather(
                    sandbox.usage(), sandbox.specifications(),
                    sandbox.execute({'commands': ['echo $((2+2))']}))
            return sandbox, usage, specs, execution

        sandbox, usage, specs, execution = asyncio.run(main())
        self.assertIn('network', usage)
        self.assertIn('host', specs)
        self.assertEqual(execution['execution'][0]['stdout'], '4')
        with self.assertRaises(RuntimeError):
            asyncio.run(sandbox.usage())

    def test_close(self):
        async def main():
            sandbox = ASandbox(SERVER.url, total=2.5, connect=0.5)
            await sandbox.specifications()
            await sandbox.close()
            await sandbox.specifications()

        with self.assertRaises(RuntimeError):
            asyncio.run(main())

    def test_many_at_once(self):
        async def main():
            async with ASandbox(SERVER.url, total=None) as sandbox:
                return await asyncio.gather(*(sandbox.execute({'commands': ['true']})
                                              for _ in range(30)))

        self.assertEqual([r['status'] for r in asyncio.run(main())], [0] * 30)

    def test_sock_read_timeout(self):
        if SERVER.real:
            self.skipTest('the fake server delays answers')

        async def main():
            async with ASandbox(SERVER.scenario('delay-20000-read'), total=None,
                                sock_read=1) as sandbox:
                await sandbox.usage()

        with self.assertRaises(asyncio.TimeoutError):
            asyncio.run(main())


class ModuleTest(unittest.TestCase):

    def test_version(self):
        self.assertEqual(sandbox_api.__version__, '1.1.0')
        self.assertEqual(sandbox_api.VERSION, '1.1.0')

    def test_err_codes(self):
        self.assertEqual([(c.name, int(c)) for c in SandboxErrCode],
                         [('UNKNOWN', -1), ('TIMEOUT', -2), ('RESULT_NOT_FOUND', -3),
                          ('RESULT_NOT_UTF8', -4)])

    def test_status_exceptions(self):
        class RequestsResponse:
            def __init__(self, status):
                self.status_code = status

        class AiohttpResponse:
            def __init__(self, status):
                self.status = status

        for status in STATUSES:
            cls = getattr(sandbox_api, 'Sandbox%d' % status)
            self.assertTrue(issubclass(cls, SandboxError))
            self.assertIs(getattr(sandbox_api.exceptions, cls.__name__), cls)
            for response in (RequestsResponse(status), AiohttpResponse(status)):
                error = status_exceptions(response)
                self.assertIs(type(error), cls)
                self.assertIs(error.response, response)
                self.assertIsNone(error.message)
                self.assertEqual(str(error), 'Sandbox responded with status %d' % status)
        self.assertIs(type(status_exceptions(RequestsResponse(418))), SandboxError)
        self.assertEqual(SandboxError(RequestsResponse(500), 'why').message, 'why')

    def test_exported_names(self):
        self.assertEqual(set(sandbox_api.__all__) - set(dir(sandbox_api)), set())
        for name in ['Sandbox%d' % s for s in STATUSES]:
            self.assertIn(name, sandbox_api.__all__)

    def test_endpoints(self):
        self.assertEqual(ENDPOINTS['environments'] % UUID, 'environments/%s/' % UUID)
        self.assertEqual(ENDPOINTS['files'] % (UUID, 'a/b.txt'), 'files/%s/a/b.txt/' % UUID)
        self.assertEqual({k: ENDPOINTS[k] for k in ('specifications', 'libraries', 'usages',
                                                    'execute')},
                         {'specifications': 'specifications/', 'libraries': 'libraries/',
                          'usages': 'usages/', 'execute': 'execute/'})

    def test_validate(self):
        self.assertEqual(validate({'commands': ['true', {'command': 'ls', 'timeout': 1}]}),
                         (True, ''))
        for config, message in (
                ({}, "Missing field 'commands' in config"),
                ({'commands': []}, 'commands list is empty'),
                ({'commands': 'true'}, "commands must be a list, not <class 'str'>"),
                ({'commands': [1]}, "Command badly formatted : '1'"),
                ({'commands': [{'command': 'ls', 'timeout': '1'}]}, 'Command badly formatted'),
                ({'commands': ['true'], 'save': 1}, "save must be a boolean, not <class 'int'>"),
                ({'commands': ['true'], 'environ': []}, 'environ must be a dict'),
                ({'commands': ['true'], 'result_path': 3}, 'result_path must be a string')):
            valid, text = validate(config)
            self.assertFalse(valid)
            self.assertTrue(text.startswith(message), text)

    def test_readme_program(self):
        """The README's examples, as one program, run unchanged."""
        done = subprocess.run([sys.executable, os.path.join(HERE, 'readme-program.py'),
                               SERVER.url], capture_output=True, text=True, timeout=120)
        self.assertEqual(done.returncode, 0, done.stderr)
        lines = done.stdout.splitlines()
        self.assertIn("'unknown' does not exists in environment "
                      "'872b604c-9cce-42e2-8888-9a0311f3a724'", lines)
        self.assertIn('4', lines)
        self.assertIn('async: 4', lines)


if __name__ == '__main__':
    unittest.main(verbosity=2)
