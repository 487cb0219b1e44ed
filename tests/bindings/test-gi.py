# test-gi.py
#
# SPDX-FileCopyrightText: 2026 The sandbox-api developers
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Uses the library through GObject introspection (PyGObject), against the
# tests' fake sandbox server, the program named by SANDBOX_FIXTURE_SERVER
# (tests/fixture/), started on 127.0.0.1 with an ephemeral port. Run with
# GI_TYPELIB_PATH and LD_LIBRARY_PATH pointing at the build's sandbox-api/
# directory.

import calendar
import io
import json
import os
import socket
import subprocess
import tarfile
import tempfile
import time
import unittest
import urllib.request

import gi

gi.require_version('GLib', '2.0')
gi.require_version('Gio', '2.0')
gi.require_version('Json', '1.0')
gi.require_version('Sandbox', '1.0')
from gi.repository import GLib, Gio, Json, Sandbox  # noqa: E402

UUID = 'e8c5995b-7049-4b04-8440-5d9d914360fc'
MISSING_UUID = '00000000-0000-4000-8000-000000000000'
EXPIRE = '2026-11-27T03:31:04.148064+00:00'

SPECIFICATIONS = {
    'host': {'cpu': {'core': 6, 'logical': 12,
                     'freq_min': 800.0, 'freq_max': 4700.0},
             'memory': {'ram': 16723701760, 'swap': 9448923136,
                        'storage': {'/dev/sda2': 225603444736}},
             'docker_version': '19.03.8-ce', 'sandbox_version': '3.0.0'},
    'container': {'count': 20,
                  'cpu': {'count': 1, 'period': 1000,
                          'shares': 1024, 'quota': 0},
                  'memory': {'ram': 100000000, 'swap': 100000000,
                             'storage': -1},
                  'io': {'read_iops': {}, 'read_bps': {},
                         'write_iops': {}, 'write_bps': {}},
                  'process': -1, 'working_dir_device': '/dev/sda2'},
}


def big_text():
    """The fixture's big.txt: 300000 pseudo-random letters."""
    alphabet = (b'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'
                b'0123456789+/')
    state = 1
    text = bytearray()
    for _ in range(300000):
        state = (state * 1103515245 + 12345) & 0xffffffff
        text.append(alphabet[(state >> 16) % 64])
    return bytes(text)


# The members of the fixture's environment UUID, each also downloadable.
MEMBERS = {
    'dir/file1.txt': b'content of dir/file1.txt\n',
    'dir/with space.txt': b'\x01binary\xff\n',
    'empty.txt': b'',
    'hello.txt': b'hello\n',
    'big.txt': big_text(),
}
# Not an archive: the fake server does not need one to execute.
ARCHIVE = b'\x1f\x8b\x08\x00' + bytes(range(256)) * 40


class Fixture:
    """The fake server, in a process of its own: it prints its URL, and
    stops when its stdin closes."""

    def __init__(self):
        self.process = subprocess.Popen(
            [os.environ['SANDBOX_FIXTURE_SERVER']],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.url = self.process.stdout.readline().decode('ascii').strip()
        if not self.url.startswith('http://127.0.0.1:'):
            raise RuntimeError('the fixture server printed %r' % self.url)

    def stop(self):
        self.process.stdin.close()
        self.process.stdout.close()
        if self.process.wait(timeout=10) != 0:
            raise RuntimeError('the fixture server exited with %d'
                               % self.process.returncode)

    def received(self):
        """What it received: n_requests, counts, last (see
        tests/fixture/fixture-inspect.h)."""
        with urllib.request.urlopen(self.url + 'fixture/requests/') as answer:
            return json.load(answer)

    def last_request(self):
        return self.received()['last']

    def n_requests(self):
        return self.received()['n_requests']


def sha256(data):
    return GLib.compute_checksum_for_data(GLib.ChecksumType.SHA256, data)


def assert_gerror(test, error, domain, code):
    test.assertIsInstance(error, GLib.Error)
    test.assertTrue(error.matches(domain, code),
                    '%s:%d %r, expected %s:%d' % (error.domain, error.code,
                                                  error.message,
                                                  GLib.quark_to_string(domain),
                                                  int(code)))


def run_async(start, finish, timeout=10):
    """Runs start(callback) under a GLib.MainLoop, checks that the callback
    fires exactly once (the loop is kept running a moment after it), and
    returns finish(result) or raises its error."""
    loop = GLib.MainLoop.new(None, False)
    calls = []

    def callback(source, result, *user_data):
        calls.append((source, result))
        GLib.timeout_add(100, loop.quit)

    def give_up():
        calls.append(None)
        loop.quit()
        return GLib.SOURCE_REMOVE

    timeout_id = GLib.timeout_add_seconds(timeout, give_up)
    start(callback)
    loop.run()
    if calls and calls[-1] is None:
        raise AssertionError('the async callback never fired')
    GLib.source_remove(timeout_id)
    if len(calls) != 1:
        raise AssertionError('the callback fired %d times' % len(calls))
    source, result = calls[0]
    return source, finish(result)


class BindingsTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.server = Fixture()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def setUp(self):
        self.client = Sandbox.Client.new(self.server.url)

    # Construction and errors

    def test_new(self):
        self.assertIsInstance(self.client, Sandbox.Client)
        self.assertEqual(self.client.get_base_url(), self.server.url)
        self.assertEqual(self.client.props.base_url, self.server.url)
        self.client.props.timeout = 7.5
        self.assertEqual(self.client.get_timeout(), 7.5)
        self.client.set_request_header('X-Test', 'yes')
        self.assertEqual(self.client.dup_request_header('X-Test'), 'yes')
        self.client.set_request_header('X-Test', None)
        self.assertIsNone(self.client.dup_request_header('X-Test'))

    def test_bad_url(self):
        for url in ('ftp://example.org/', 'not a url', '/relative/'):
            with self.assertRaises(GLib.Error) as ctx:
                Sandbox.Client.new(url)
            assert_gerror(self, ctx.exception, Sandbox.error_quark(),
                          Sandbox.Error.INVALID_URL)
            self.assertEqual(ctx.exception.domain, 'sandbox-error-quark')
            self.assertEqual(ctx.exception.code, 2)

    def test_error_enum(self):
        self.assertEqual(Sandbox.error_quark(), Sandbox.Error.quark())
        self.assertEqual(int(Sandbox.Error.NOT_FOUND), 404)
        self.assertEqual(int(Sandbox.Error.SERVICE_UNAVAILABLE), 503)
        self.assertEqual(int(Sandbox.Error.INVALID_URL), 2)

    def test_status_to_string(self):
        self.assertEqual(Sandbox.status_to_string(0), 'success')
        self.assertEqual(Sandbox.Status.to_string(Sandbox.Status.TIMEOUT),
                         'timed out')
        self.assertEqual(Sandbox.status_to_string(3), 'command failed')
        self.assertEqual(Sandbox.status_to_string(-3), 'result not found')
        self.assertEqual(Sandbox.status_to_string(-99), 'unknown status')
        self.assertEqual(int(Sandbox.Status.RESULT_NOT_UTF8), -4)

    # Information

    def test_specifications(self):
        node = self.client.get_specifications(None)
        self.assertIsInstance(node, Json.Node)
        self.assertEqual(json.loads(Json.to_string(node, False)),
                         SPECIFICATIONS)
        cpu = node.get_object().get_object_member('host') \
            .get_object_member('cpu')
        self.assertEqual(cpu.get_int_member('core'), 6)
        self.assertEqual(cpu.get_double_member('freq_max'), 4700.0)
        self.assertEqual(self.server.last_request()['path'],
                         '/specifications/')
        # cancellable has a default
        node = self.client.get_specifications()
        self.assertEqual(node.get_object().get_object_member('container')
                         .get_int_member('count'), 20)

    def test_specifications_async(self):
        _, node = run_async(
            lambda cb: self.client.get_specifications_async(None, cb),
            self.client.get_specifications_finish)
        self.assertEqual(json.loads(Json.to_string(node, False)),
                         SPECIFICATIONS)

    # Configuration

    def test_config_builder(self):
        config = Sandbox.Config.new()
        config.add_command('echo $((2+2)) > result.txt', False)
        config.add_command_with_timeout('make test', True, 5)
        config.set_variable('VAR1', 'value1')
        config.set_variable('VAR2', 'value2')
        config.set_variable('VAR2', None)
        config.set_result_path('result.txt')
        config.set_save(True)
        self.assertEqual(config.get_n_commands(), 2)
        self.assertEqual(config.props.n_commands, 2)
        self.assertEqual(config.get_command(1), '-make test')
        self.assertEqual(config.get_command_timeout(1), (True, 5.0))
        has_timeout, _ = config.get_command_timeout(0)
        self.assertFalse(has_timeout)
        self.assertEqual(config.list_variables(), ['VAR1'])
        self.assertEqual(config.dup_variable('VAR1'), 'value1')
        self.assertIsNone(config.dup_variable('VAR2'))
        self.assertEqual(config.props.result_path, 'result.txt')
        self.assertTrue(config.props.save)
        self.assertIsNone(config.props.environment)
        config.set_result_path(None)
        self.assertIsNone(config.get_result_path())
        config.set_result_path('result.txt')
        self.assertEqual(json.loads(config.to_string()), {
            'commands': ['echo $((2+2)) > result.txt',
                         {'command': '-make test', 'timeout': 5}],
            'environ': {'VAR1': 'value1'},
            'result_path': 'result.txt',
            'save': True,
        })
        node = config.to_json()
        self.assertEqual(
            node.get_object().get_array_member('commands').get_length(), 2)

    def test_config_from_string(self):
        config = Sandbox.Config.new_from_string(
            '{"commands": ["ls", {"command": "-cat x", "timeout": 0.5}],'
            ' "environ": {"N": 1, "B": true}, "environment": "%s"}' % UUID)
        self.assertEqual(config.get_n_commands(), 2)
        self.assertEqual(config.get_command(0), 'ls')
        self.assertEqual(config.get_command_timeout(1), (True, 0.5))
        self.assertEqual(config.dup_variable('N'), '1')
        # The JSON text of a value that is not a string.
        self.assertEqual(config.dup_variable('B'), 'true')
        self.assertEqual(config.get_environment(), UUID)

        parser = Json.Parser.new()
        parser.load_from_data('{"commands": ["true"]}', -1)
        config = Sandbox.Config.new_from_json(parser.get_root())
        self.assertEqual(config.get_command(0), 'true')

        for text, message in (
                ('{"commands": []}',
                 'commands must be a non-empty array, not an empty one'),
                ('[1]',
                 'the configuration must be a JSON object, not an array'),
                ('{', "'config' json is invalid - ")):
            with self.assertRaises(GLib.Error) as ctx:
                Sandbox.Config.new_from_string(text)
            assert_gerror(self, ctx.exception, Sandbox.error_quark(),
                          Sandbox.Error.INVALID_CONFIG)
            self.assertTrue(ctx.exception.message.startswith(message),
                            ctx.exception.message)

    # Execution

    def make_config(self):
        config = Sandbox.Config.new()
        config.add_command('echo $((2+2))', False)
        config.add_command('-false', False)
        config.set_variable('VAR1', 'value1')
        config.set_result_path('result.txt')
        config.set_save(True)
        return config

    def check_execution(self, execution):
        self.assertIsInstance(execution, Sandbox.Execution)
        self.assertEqual(execution.props.status, 0)
        self.assertEqual(execution.get_status(), Sandbox.Status.SUCCESS)
        self.assertEqual(execution.props.result, '4\n')
        self.assertEqual(execution.props.environment, UUID)
        self.assertAlmostEqual(execution.props.total_time, 0.51)

        expire = execution.props.expire
        self.assertIsInstance(expire, GLib.DateTime)
        self.assertEqual(expire.to_unix(),
                         calendar.timegm((2026, 11, 27, 3, 31, 4)))
        self.assertEqual(expire.get_microsecond(), 148064)
        self.assertEqual(expire.get_utc_offset(), 0)

        commands = execution.props.commands
        self.assertIsInstance(commands, Gio.ListModel)
        self.assertEqual(commands.get_item_type(),
                         Sandbox.CommandResult.__gtype__)
        self.assertEqual(commands.get_n_items(), 2)
        self.assertIsNone(commands.get_item(2))
        first = commands.get_item(0)
        self.assertIsInstance(first, Sandbox.CommandResult)
        self.assertEqual(first.props.command, 'echo $((2+2))')
        self.assertEqual(first.props.exit_code, 0)
        self.assertEqual(first.props.stdout, '4')
        self.assertEqual(first.props.stderr, '')
        self.assertAlmostEqual(first.props.time, 0.25)
        self.assertEqual(first.get_stdout(), '4')
        # The server reports the command without its '-'.
        self.assertEqual(commands.get_item(1).get_command(), 'false')
        self.assertEqual([c.props.command for c in commands],
                         ['echo $((2+2))', 'false'])

        answer = json.loads(Json.to_string(execution.get_json(), False))
        self.assertEqual(answer['status'], 0)
        self.assertEqual(answer['expire'], EXPIRE)
        self.assertEqual(answer['execution'][0]['stdout'], '4')

    def check_sent(self, request, archive):
        self.assertEqual(request['method'], 'POST')
        self.assertEqual(request['path'], '/execute/')
        self.assertIsNotNone(request['content_length'])
        self.assertEqual(request['config'], {
            'commands': ['echo $((2+2))', '-false'],
            'environ': {'VAR1': 'value1'},
            'result_path': 'result.txt',
            'save': True,
        })
        if archive is None:
            self.assertIsNone(request['environment'])
        else:
            self.assertEqual(request['environment']['length'], len(archive))
            self.assertEqual(request['environment']['sha256'],
                             sha256(archive))

    def test_execute_with_archive(self):
        stream = Gio.MemoryInputStream.new_from_bytes(GLib.Bytes.new(ARCHIVE))
        execution = self.client.execute(self.make_config(), stream, None)
        self.check_execution(execution)
        self.check_sent(self.server.last_request(), ARCHIVE)

    def test_execute_without_archive(self):
        execution = self.client.execute(self.make_config(), None, None)
        self.check_execution(execution)
        self.check_sent(self.server.last_request(), None)
        # the nullable arguments have defaults
        execution = self.client.execute(self.make_config())
        self.assertEqual(execution.props.status, 0)

    def test_execute_file(self):
        with tempfile.NamedTemporaryFile(suffix='.tgz') as f:
            f.write(ARCHIVE)
            f.flush()
            execution = self.client.execute_file(
                self.make_config(), Gio.File.new_for_path(f.name), None)
        self.check_execution(execution)
        self.check_sent(self.server.last_request(), ARCHIVE)

    def test_execute_async(self):
        stream = Gio.MemoryInputStream.new_from_bytes(GLib.Bytes.new(ARCHIVE))
        source, execution = run_async(
            lambda cb: self.client.execute_async(self.make_config(), stream,
                                                 None, cb),
            self.client.execute_finish)
        self.assertIs(source, self.client)
        self.check_execution(execution)
        self.check_sent(self.server.last_request(), ARCHIVE)

    def test_execute_async_user_data(self):
        seen = []
        loop = GLib.MainLoop.new(None, False)

        def callback(client, result, data):
            seen.append((data, client.execute_finish(result)))
            loop.quit()

        self.client.execute_async(self.make_config(), None, None, callback,
                                  'my data')
        loop.run()
        self.assertEqual(len(seen), 1)
        self.assertEqual(seen[0][0], 'my data')
        self.check_execution(seen[0][1])

    def test_execute_invalid_config(self):
        before = self.server.n_requests()
        with self.assertRaises(GLib.Error) as ctx:
            self.client.execute(Sandbox.Config.new(), None, None)
        assert_gerror(self, ctx.exception, Sandbox.error_quark(),
                      Sandbox.Error.INVALID_CONFIG)
        self.assertIn('commands must be a non-empty array',
                      ctx.exception.message)
        self.assertEqual(self.server.n_requests(), before)

    # Downloads

    def check_environment(self, data):
        """@data is a gzip'd tar of exactly MEMBERS."""
        with tarfile.open(fileobj=io.BytesIO(data), mode='r:gz') as tar:
            members = {m.name: tar.extractfile(m).read() for m in tar}
        self.assertEqual(members, MEMBERS)

    def test_download(self):
        data = self.client.download(UUID, None, None)
        self.assertIsInstance(data, GLib.Bytes)
        self.check_environment(data.get_data())
        self.assertEqual(self.server.last_request()['path'],
                         '/environments/%s/' % UUID)
        data = self.client.download(UUID, 'dir/with space.txt')
        self.assertEqual(data.get_data(), MEMBERS['dir/with space.txt'])
        # The server decodes the path: encoded once, not twice.
        self.assertEqual(self.server.last_request()['path'],
                         '/files/%s/dir/with space.txt/' % UUID)

    def test_download_async(self):
        _, data = run_async(
            lambda cb: self.client.download_async(UUID, 'dir/file1.txt',
                                                  None, cb),
            self.client.download_finish)
        self.assertEqual(data.get_data(), MEMBERS['dir/file1.txt'])

    def test_download_not_found(self):
        with self.assertRaises(GLib.Error) as ctx:
            self.client.download(MISSING_UUID, None, None)
        error = ctx.exception
        assert_gerror(self, error, Sandbox.error_quark(),
                      Sandbox.Error.NOT_FOUND)
        self.assertTrue(error.matches(Sandbox.error_quark(),
                                      Sandbox.Error.NOT_FOUND))
        self.assertEqual(error.code, 404)
        self.assertIn("No environment with UUID '%s' found" % MISSING_UUID,
                      error.message)

        with self.assertRaises(GLib.Error) as ctx:
            self.client.download(UUID, 'dir/missing.txt', None)
        assert_gerror(self, ctx.exception, Sandbox.error_quark(),
                      Sandbox.Error.NOT_FOUND)
        self.assertIn("The file 'dir/missing.txt' could not be found in "
                      "environment '%s'" % UUID, ctx.exception.message)

    def read_all(self, stream):
        chunks = []
        while True:
            chunk = stream.read_bytes(8192, None)
            if chunk.get_size() == 0:
                break
            chunks.append(chunk.get_data())
        stream.close(None)
        return b''.join(chunks)

    def test_download_stream(self):
        stream, size = self.client.download_stream(UUID, None, None)
        self.assertIsInstance(stream, Gio.InputStream)
        data = self.read_all(stream)
        # Large enough to take many reads.
        self.assertGreater(len(data), 100000)
        self.assertEqual(size, len(data))
        self.check_environment(data)

        stream, size = self.client.download_stream(UUID, 'big.txt')
        self.assertEqual(size, len(MEMBERS['big.txt']))
        self.assertEqual(self.read_all(stream), MEMBERS['big.txt'])

    def test_download_stream_async(self):
        _, (stream, size) = run_async(
            lambda cb: self.client.download_stream_async(UUID, None, None,
                                                         cb),
            self.client.download_stream_finish)
        data = self.read_all(stream)
        self.assertEqual(size, len(data))
        self.check_environment(data)

    def test_query_file(self):
        size = self.client.download(UUID).get_size()
        self.assertEqual(self.client.query_file(UUID, None, None), (True, size))
        self.assertEqual(self.server.last_request()['method'], 'HEAD')
        self.assertEqual(self.client.query_file(UUID, 'dir/file1.txt'),
                         (True, len(MEMBERS['dir/file1.txt'])))
        # An empty file is there; a missing one is not, with no error.
        self.assertEqual(self.client.query_file(UUID, 'empty.txt'), (True, 0))
        self.assertEqual(self.client.query_file(MISSING_UUID, None, None), (False, 0))
        self.assertEqual(self.client.query_file(UUID, 'dir/nope.txt', None), (False, 0))
        self.assertEqual(self.client.query_file('not-a-uuid'), (False, 0))

    def test_query_file_async(self):
        _, answer = run_async(
            lambda cb: self.client.query_file_async(UUID, 'dir/with space.txt',
                                                    None, cb),
            self.client.query_file_finish)
        self.assertEqual(answer, (True, len(MEMBERS['dir/with space.txt'])))

    def test_check_deprecated(self):
        """check keeps 1.0's answers (0 for a missing file), and says it is
        deprecated."""
        with self.assertWarns(DeprecationWarning):
            self.assertEqual(self.client.check(UUID, 'dir/file1.txt'),
                             len(MEMBERS['dir/file1.txt']))
            self.assertEqual(self.client.check(UUID, 'dir/nope.txt'), 0)

    # Environments built by the library (1.1)

    def make_builder(self, root):
        """A builder of notes/readme.txt, from bytes, and of the contents
        of a directory @root holding src/main.py and data.txt."""
        os.mkdir(os.path.join(root, 'src'))
        with open(os.path.join(root, 'src', 'main.py'), 'wb') as f:
            f.write(b'print(4)\n')
        with open(os.path.join(root, 'data.txt'), 'wb') as f:
            f.write(MEMBERS['big.txt'])
        builder = Sandbox.EnvironmentBuilder.new()
        builder.add_bytes('notes/readme.txt', GLib.Bytes.new(b'read me\n'),
                          0o600)
        builder.add_file('.', Gio.File.new_for_path(root))
        return builder

    def check_progress(self, reports, total):
        """@reports, (current, total) pairs, rise to @total and end there."""
        self.assertTrue(reports, 'no progress reported')
        currents = [current for current, _ in reports]
        self.assertEqual(currents, sorted(currents))
        self.assertTrue(all(t == total for _, t in reports), reports)
        self.assertEqual(reports[-1], (total, total))

    def check_built(self, execution, reports):
        self.assertEqual(execution.props.status, 0)
        request = self.server.last_request()
        environment = request['environment']
        self.assertIsNotNone(environment)
        self.assertIsNone(environment['error'])
        files = {m['path']: m for m in environment['members']
                 if m['type'] == 'file'}
        self.assertEqual(sorted(files),
                         ['data.txt', 'notes/readme.txt', 'src/main.py'])
        self.assertEqual(files['notes/readme.txt']['mode'], 0o600)
        self.assertEqual(files['notes/readme.txt']['sha256'],
                         sha256(b'read me\n'))
        self.assertEqual(files['src/main.py']['sha256'],
                         sha256(b'print(4)\n'))
        self.assertEqual(files['data.txt']['size'], len(MEMBERS['big.txt']))
        self.assertEqual(files['data.txt']['sha256'],
                         sha256(MEMBERS['big.txt']))
        # The progress of the whole request.
        self.check_progress(reports, request['content_length'])

    def test_execute_builder(self):
        reports = []
        with tempfile.TemporaryDirectory() as root:
            builder = self.make_builder(root)
            execution = self.client.execute_builder(
                self.make_config(), builder,
                progress_callback=lambda current, total, *_:
                reports.append((current, total)))
        self.check_execution(execution)
        self.check_built(execution, reports)

    def test_execute_builder_async(self):
        reports = []
        with tempfile.TemporaryDirectory() as root:
            builder = self.make_builder(root)
            _, execution = run_async(
                lambda cb: self.client.execute_builder_async(
                    self.make_config(), builder,
                    progress_callback=lambda current, total, *_:
                    reports.append((current, total)),
                    callback=cb),
                self.client.execute_builder_finish)
        self.check_execution(execution)
        self.check_built(execution, reports)

    def test_execute_builder_retried(self):
        # The server refuses the first execute with a 503: the environment
        # is built and sent again, whole.
        client = Sandbox.Client.new(self.server.url + 'unavailable-1-env/')
        client.props.retry_delay = 0.01
        reports = []
        with tempfile.TemporaryDirectory() as root:
            builder = self.make_builder(root)
            execution = client.execute_builder(
                self.make_config(), builder,
                progress_callback=lambda current, total, *_:
                reports.append((current, total)))
        self.check_execution(execution)
        counts = self.server.received()['counts']
        self.assertEqual(counts['POST /unavailable-1-env/execute/'], 2)
        request = self.server.last_request()
        files = sorted(m['path'] for m in request['environment']['members']
                       if m['type'] == 'file')
        self.assertEqual(files,
                         ['data.txt', 'notes/readme.txt', 'src/main.py'])
        self.assertEqual(reports[-1], (request['content_length'],) * 2)

    def test_execute_builder_none(self):
        execution = self.client.execute_builder(self.make_config(), None)
        self.check_execution(execution)
        self.check_sent(self.server.last_request(), None)

    # Environments read by the library (1.1)

    def test_reader(self):
        stream, _ = self.client.download_stream(UUID)
        reader = Sandbox.EnvironmentReader.new(stream)
        members = {}
        while (member := reader.next()) is not None:
            self.assertIsInstance(member, Sandbox.EnvironmentMember)
            self.assertEqual(member.props.file_type, Gio.FileType.REGULAR)
            self.assertEqual(member.props.mode, 0o644)
            self.assertIsNone(member.props.link_target)
            self.assertEqual(member.props.modification_time.to_unix(),
                             1700000000)
            data = reader.read_bytes().get_data()
            self.assertEqual(member.props.size, len(data))
            members[member.props.path] = data
        self.assertEqual(members, MEMBERS)

    def check_directory(self, root):
        found = {}
        for directory, _, names in os.walk(root):
            for name in names:
                path = os.path.join(directory, name)
                with open(path, 'rb') as f:
                    found[os.path.relpath(path, root)] = f.read()
        self.assertEqual(found, MEMBERS)

    def test_download_to_directory(self):
        _, size = self.client.query_file(UUID)
        reports = []
        with tempfile.TemporaryDirectory() as root:
            self.assertTrue(self.client.download_to_directory(
                UUID, Gio.File.new_for_path(root),
                progress_callback=lambda current, total, *_:
                reports.append((current, total))))
            self.check_directory(root)
        self.check_progress(reports, size)

    def test_download_to_directory_async(self):
        with tempfile.TemporaryDirectory() as root:
            _, done = run_async(
                lambda cb: self.client.download_to_directory_async(
                    UUID, Gio.File.new_for_path(root), callback=cb),
                self.client.download_to_directory_finish)
            self.assertTrue(done)
            self.check_directory(root)

    def test_download_to_file(self):
        reports = []
        with tempfile.TemporaryDirectory() as root:
            path = os.path.join(root, 'big.txt')
            self.assertTrue(self.client.download_to_file(
                UUID, 'big.txt', Gio.File.new_for_path(path),
                progress_callback=lambda current, total, *_:
                reports.append((current, total))))
            with open(path, 'rb') as f:
                self.assertEqual(f.read(), MEMBERS['big.txt'])
        self.check_progress(reports, len(MEMBERS['big.txt']))

    def test_download_with_progress(self):
        reports = []
        data = self.client.download_with_progress(
            UUID, 'big.txt',
            progress_callback=lambda current, total, *_:
            reports.append((current, total)))
        self.assertEqual(data.get_data(), MEMBERS['big.txt'])
        self.check_progress(reports, len(MEMBERS['big.txt']))

    def test_execute_file_with_progress_async(self):
        reports = []
        with tempfile.NamedTemporaryFile(suffix='.tgz') as f:
            f.write(ARCHIVE)
            f.flush()
            _, execution = run_async(
                lambda cb: self.client.execute_file_with_progress_async(
                    self.make_config(), Gio.File.new_for_path(f.name),
                    progress_callback=lambda current, total, *_:
                    reports.append((current, total)),
                    callback=cb),
                self.client.execute_file_finish)
        self.check_execution(execution)
        self.check_sent(self.server.last_request(), ARCHIVE)
        self.check_progress(reports,
                            self.server.last_request()['content_length'])

    # Retries and timeouts (1.1)

    def test_retries(self):
        self.assertEqual(self.client.props.max_retries, 3)
        self.assertEqual(self.client.props.retry_delay, 0.5)

        # The first answer is a 503, the retry gets through.
        client = Sandbox.Client.new(self.server.url + 'unavailable-1-py/')
        client.props.retry_delay = 0.01
        self.assertEqual(client.get_retry_delay(), 0.01)
        node = client.get_specifications()
        self.assertEqual(json.loads(Json.to_string(node, False)),
                         SPECIFICATIONS)
        counts = self.server.received()['counts']
        self.assertEqual(counts['GET /unavailable-1-py/specifications/'], 2)

        # Without retries, the 503 is the answer.
        client = Sandbox.Client.new(self.server.url + 'unavailable-1-py0/')
        client.set_max_retries(0)
        self.assertEqual(client.props.max_retries, 0)
        with self.assertRaises(GLib.Error) as ctx:
            client.get_specifications()
        assert_gerror(self, ctx.exception, Sandbox.error_quark(),
                      Sandbox.Error.SERVICE_UNAVAILABLE)
        counts = self.server.received()['counts']
        self.assertEqual(counts['GET /unavailable-1-py0/specifications/'], 1)

    def test_retries_exhausted_async(self):
        client = Sandbox.Client.new(self.server.url + 'unavailable-9-py/')
        client.props.max_retries = 2
        client.props.retry_delay = 0.01
        with self.assertRaises(GLib.Error) as ctx:
            run_async(lambda cb: client.get_specifications_async(None, cb),
                      client.get_specifications_finish)
        assert_gerror(self, ctx.exception, Sandbox.error_quark(),
                      Sandbox.Error.SERVICE_UNAVAILABLE)
        counts = self.server.received()['counts']
        self.assertEqual(counts['GET /unavailable-9-py/specifications/'], 3)

    def test_timeouts(self):
        self.assertEqual(self.client.props.connect_timeout, 0)
        self.assertEqual(self.client.props.read_timeout, 0)
        self.client.props.connect_timeout = 2.5
        self.client.set_read_timeout(0.75)
        self.assertEqual(self.client.get_connect_timeout(), 2.5)
        self.assertEqual(self.client.props.read_timeout, 0.75)

        # An answer 3 s late, against a read timeout of 0.3 s.
        client = Sandbox.Client.new(self.server.url + 'delay-3000-py/')
        client.props.read_timeout = 0.3
        client.props.max_retries = 0
        started = time.monotonic()
        with self.assertRaises(GLib.Error) as ctx:
            client.get_specifications()
        assert_gerror(self, ctx.exception, Gio.io_error_quark(),
                      Gio.IOErrorEnum.TIMED_OUT)
        self.assertIn('read', ctx.exception.message.lower())
        self.assertLess(time.monotonic() - started, 2.5)

    # Cancellation

    def test_cancelled_before(self):
        cancellable = Gio.Cancellable.new()
        cancellable.cancel()
        for call in (
                lambda: self.client.get_specifications(cancellable),
                lambda: self.client.download(UUID, None, cancellable),
                lambda: self.client.query_file(UUID, None, cancellable),
                lambda: self.client.execute(self.make_config(), None,
                                            cancellable)):
            with self.assertRaises(GLib.Error) as ctx:
                call()
            assert_gerror(self, ctx.exception, Gio.io_error_quark(),
                          Gio.IOErrorEnum.CANCELLED)

        with self.assertRaises(GLib.Error) as ctx:
            run_async(lambda cb: self.client.execute_async(
                self.make_config(), None, cancellable, cb),
                self.client.execute_finish)
        assert_gerror(self, ctx.exception, Gio.io_error_quark(),
                      Gio.IOErrorEnum.CANCELLED)

    def test_connection_refused(self):
        # A port nobody listens on: bound, then closed.
        probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        probe.bind(('127.0.0.1', 0))
        port = probe.getsockname()[1]
        probe.close()
        client = Sandbox.Client.new('http://127.0.0.1:%d/' % port)
        with self.assertRaises(GLib.Error) as ctx:
            client.get_specifications(None)
        assert_gerror(self, ctx.exception, Gio.io_error_quark(),
                      Gio.IOErrorEnum.CONNECTION_REFUSED)
        with self.assertRaises(GLib.Error) as ctx:
            run_async(lambda cb: client.execute_async(self.make_config(),
                                                      None, None, cb),
                      client.execute_finish)
        assert_gerror(self, ctx.exception, Gio.io_error_quark(),
                      Gio.IOErrorEnum.CONNECTION_REFUSED)

    def test_cancelled_in_flight(self):
        config = Sandbox.Config.new()
        config.add_command('sleep 1', False)
        cancellable = Gio.Cancellable.new()
        GLib.timeout_add(100, lambda: cancellable.cancel())
        started = time.monotonic()
        with self.assertRaises(GLib.Error) as ctx:
            run_async(lambda cb: self.client.execute_async(
                config, None, cancellable, cb), self.client.execute_finish)
        assert_gerror(self, ctx.exception, Gio.io_error_quark(),
                      Gio.IOErrorEnum.CANCELLED)
        self.assertLess(time.monotonic() - started, 0.9)


if __name__ == '__main__':
    unittest.main(verbosity=2)
