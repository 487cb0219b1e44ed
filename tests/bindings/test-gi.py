# test-gi.py
#
# SPDX-FileCopyrightText: 2026 The sandbox-api developers
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Uses the library through GObject introspection (PyGObject), against a fake
# sandbox server started on 127.0.0.1 with an ephemeral port in a thread of
# this process. Run with GI_TYPELIB_PATH and LD_LIBRARY_PATH pointing at the
# build's sandbox-api/ directory.

import calendar
import email.parser
import email.policy
import json
import socket
import tempfile
import threading
import time
import unittest
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

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

# Large enough to take several reads; the bytes are not a real archive, the
# fake server does not look inside.
ENVIRONMENT = bytes((i * 7 + i // 251) % 256 for i in range(300000))
FILES = {
    'dir/file1.txt': b'hello from file1\n',
    'dir/with space.txt': b'\x00\x01binary\xff',
}
ARCHIVE = b'\x1f\x8b\x08\x00' + bytes(range(256)) * 40


class FakeSandbox(BaseHTTPRequestHandler):
    """Plays the sandbox server's part of docs/protocol.md, with its transport
    habits: JSON and errors without Content-Length and with Connection:
    close, downloads with Content-Length and keep-alive."""

    protocol_version = 'HTTP/1.1'

    def log_message(self, fmt, *args):
        pass

    def _record(self, **extra):
        entry = {'method': self.command, 'path': self.path,
                 'headers': dict(self.headers.items())}
        entry.update(extra)
        with self.server.lock:
            self.server.requests.append(entry)

    def _send_close(self, status, content_type, body, head=False):
        self.send_response(status)
        self.send_header('Content-Type', content_type)
        self.send_header('Connection', 'close')
        self.end_headers()
        # The real server sends the body of a 404 even to HEAD.
        if not head or status != 200:
            self.wfile.write(body)

    def _send_json(self, value):
        self._send_close(200, 'application/json',
                         json.dumps(value).encode('utf-8'))

    def _send_error_text(self, status, text, head=False):
        self._send_close(status, 'text/html; charset=utf-8',
                         text.encode('utf-8'), head)

    def _send_download(self, content_type, filename, data, head):
        self.send_response(200)
        self.send_header('Content-Type', content_type)
        self.send_header('Content-Length', str(len(data)))
        self.send_header('Content-Disposition',
                         'attachment; filename=' + filename)
        self.end_headers()
        if not head:
            self.wfile.write(data)

    def _download(self, head):
        self._record()
        parts = self.path.split('/')
        if self.path == '/specifications/' and not head:
            self._send_json(SPECIFICATIONS)
        elif (len(parts) == 4 and parts[1] == 'environments'
              and parts[3] == ''):
            if parts[2] != UUID:
                self._send_error_text(
                    404, "No environment with UUID '%s' found" % parts[2],
                    head)
            else:
                self._send_download('application/gzip', UUID + '.tgz',
                                    ENVIRONMENT, head)
        elif (len(parts) >= 5 and parts[1] == 'files'
              and parts[-1] == ''):
            uuid = parts[2]
            path = urllib.parse.unquote('/'.join(parts[3:-1]))
            if uuid != UUID:
                self._send_error_text(
                    404, "No environment with UUID '%s' found" % uuid, head)
            elif path not in FILES:
                self._send_error_text(
                    404, "The file '%s' could not be found in environment "
                    "'%s'" % (path, uuid), head)
            else:
                self._send_download('application/octet-stream',
                                    path.rsplit('/', 1)[-1], FILES[path],
                                    head)
        else:
            self._send_error_text(
                404, '<!doctype html><h1>Not Found</h1><p>The requested '
                'resource was not found on this server.</p>', head)

    def do_GET(self):
        self._download(False)

    def do_HEAD(self):
        self._download(True)

    def _read_form(self):
        """Returns ({field: text}, {file field: bytes}) of the body, or
        None when it has no Content-Length (the real server reads a chunked
        body as empty)."""
        length = self.headers.get('Content-Length')
        if length is None:
            return None
        body = self.rfile.read(int(length))
        content_type = self.headers.get('Content-Type', '')
        fields, files = {}, {}
        if content_type.startswith('application/x-www-form-urlencoded'):
            for name, value in urllib.parse.parse_qsl(body.decode('utf-8')):
                fields[name] = value
            return fields, files
        message = email.parser.BytesParser(
            policy=email.policy.HTTP).parsebytes(
                b'Content-Type: ' + content_type.encode('latin-1')
                + b'\r\n\r\n' + body)
        if not message.is_multipart():
            return fields, files
        for part in message.iter_parts():
            name = part.get_param('name', header='content-disposition')
            filename = part.get_param('filename',
                                      header='content-disposition')
            data = part.get_payload(decode=True)
            if filename is not None:
                files[name] = data
            else:
                fields[name] = data.decode('utf-8')
        return fields, files

    def do_POST(self):
        if self.path != '/execute/':
            self._record()
            self._send_error_text(404, '<h1>Not Found</h1>')
            return
        form = self._read_form()
        fields, files = form if form is not None else ({}, {})
        if 'config' not in fields:
            self._record(config=None, archive=None)
            self._send_error_text(400, "Missing argument 'config'")
            return
        config = json.loads(fields['config'])
        self._record(config=config, archive=files.get('environment'))
        commands = config['commands']
        if any(isinstance(c, str) and c.startswith('sleep') for c in commands):
            time.sleep(1.0)   # for cancellation while in flight
        execution = []
        for item in commands:
            text = item if isinstance(item, str) else item['command']
            if text.startswith('-'):
                text = text[1:]
            execution.append({'command': text, 'exit_code': 0,
                              'stdout': '4', 'stderr': '', 'time': 0.25})
        answer = {'status': 0, 'execution': execution,
                  'total_time': 0.25 * len(execution) + 0.01}
        if config.get('save'):
            answer['environment'] = UUID
            answer['expire'] = EXPIRE
        if 'result_path' in config:
            answer['result'] = '4\n'
        try:
            self._send_json(answer)
        except OSError:
            pass      # the client went away (a cancelled request)


class FakeServer:
    def __init__(self):
        self.httpd = ThreadingHTTPServer(('127.0.0.1', 0), FakeSandbox)
        self.httpd.daemon_threads = True
        self.httpd.lock = threading.Lock()
        self.httpd.requests = []
        self.thread = threading.Thread(target=self.httpd.serve_forever,
                                       daemon=True)
        self.thread.start()
        self.url = 'http://127.0.0.1:%d/' % self.httpd.server_address[1]

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()

    def requests(self):
        with self.httpd.lock:
            return list(self.httpd.requests)

    def last_request(self):
        with self.httpd.lock:
            return self.httpd.requests[-1]


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
        cls.server = FakeServer()

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
        self.assertEqual(config.dup_variable('B'), 'True')
        self.assertEqual(config.get_environment(), UUID)

        parser = Json.Parser.new()
        parser.load_from_data('{"commands": ["true"]}', -1)
        config = Sandbox.Config.new_from_json(parser.get_root())
        self.assertEqual(config.get_command(0), 'true')

        for text, message in (
                ('{"commands": []}', 'Command list cannot be empty'),
                ('[1]', "config must be an object, not <class 'list'>"),
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
        self.assertEqual(request['path'], '/execute/')
        self.assertIn('Content-Length', request['headers'])
        self.assertEqual(request['config'], {
            'commands': ['echo $((2+2))', '-false'],
            'environ': {'VAR1': 'value1'},
            'result_path': 'result.txt',
            'save': True,
        })
        self.assertEqual(request['archive'], archive)

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
        before = len(self.server.requests())
        with self.assertRaises(GLib.Error) as ctx:
            self.client.execute(Sandbox.Config.new(), None, None)
        assert_gerror(self, ctx.exception, Sandbox.error_quark(),
                      Sandbox.Error.INVALID_CONFIG)
        self.assertIn('Command list cannot be empty', ctx.exception.message)
        self.assertEqual(len(self.server.requests()), before)

    # Downloads

    def test_download(self):
        data = self.client.download(UUID, None, None)
        self.assertIsInstance(data, GLib.Bytes)
        self.assertEqual(data.get_data(), ENVIRONMENT)
        self.assertEqual(self.server.last_request()['path'],
                         '/environments/%s/' % UUID)
        data = self.client.download(UUID, 'dir/with space.txt')
        self.assertEqual(data.get_data(), FILES['dir/with space.txt'])
        self.assertEqual(self.server.last_request()['path'],
                         '/files/%s/dir/with%%20space.txt/' % UUID)

    def test_download_async(self):
        _, data = run_async(
            lambda cb: self.client.download_async(UUID, 'dir/file1.txt',
                                                  None, cb),
            self.client.download_finish)
        self.assertEqual(data.get_data(), FILES['dir/file1.txt'])

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
        self.assertEqual(size, len(ENVIRONMENT))
        self.assertEqual(self.read_all(stream), ENVIRONMENT)

        stream, size = self.client.download_stream(UUID, 'dir/file1.txt')
        self.assertEqual(size, len(FILES['dir/file1.txt']))
        self.assertEqual(self.read_all(stream), FILES['dir/file1.txt'])

    def test_download_stream_async(self):
        _, (stream, size) = run_async(
            lambda cb: self.client.download_stream_async(UUID, None, None,
                                                         cb),
            self.client.download_stream_finish)
        self.assertEqual(size, len(ENVIRONMENT))
        self.assertEqual(self.read_all(stream), ENVIRONMENT)

    def test_check(self):
        self.assertEqual(self.client.check(UUID, None, None),
                         len(ENVIRONMENT))
        self.assertEqual(self.server.last_request()['method'], 'HEAD')
        self.assertEqual(self.client.check(UUID, 'dir/file1.txt'),
                         len(FILES['dir/file1.txt']))
        self.assertEqual(self.client.check(MISSING_UUID, None, None), 0)
        self.assertEqual(self.client.check(UUID, 'dir/nope.txt', None), 0)
        self.assertEqual(self.client.check('not-a-uuid'), 0)

    def test_check_async(self):
        _, size = run_async(
            lambda cb: self.client.check_async(UUID, 'dir/with space.txt',
                                               None, cb),
            self.client.check_finish)
        self.assertEqual(size, len(FILES['dir/with space.txt']))

    # Cancellation

    def test_cancelled_before(self):
        cancellable = Gio.Cancellable.new()
        cancellable.cancel()
        for call in (
                lambda: self.client.get_specifications(cancellable),
                lambda: self.client.download(UUID, None, cancellable),
                lambda: self.client.check(UUID, None, cancellable),
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
