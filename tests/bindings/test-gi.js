// test-gi.js
//
// SPDX-FileCopyrightText: 2026 The sandbox-api developers
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// Uses the library from GJS through GObject introspection, against a fake
// sandbox server (a Soup.Server in this process, on 127.0.0.1 with an
// ephemeral port). Only the asynchronous API is used: the server runs in
// this thread's main context. Run with `gjs -m` and GI_TYPELIB_PATH and
// LD_LIBRARY_PATH pointing at the build's sandbox-api/ directory.

import GLib from 'gi://GLib';
import Gio from 'gi://Gio';
import Json from 'gi://Json?version=1.0';
import Soup from 'gi://Soup?version=3.0';
import Sandbox from 'gi://Sandbox?version=1.0';
import System from 'system';

const UUID = 'e8c5995b-7049-4b04-8440-5d9d914360fc';
const MISSING_UUID = '00000000-0000-4000-8000-000000000000';
const SPECIFICATIONS = {
    host: {cpu: {core: 6, logical: 12, freq_min: 800.5, freq_max: 4700.0},
        docker_version: '19.03.8-ce', sandbox_version: '3.0.0'},
    container: {count: 20, process: -1},
};
const ARCHIVE = new Uint8Array(50000).map((_, i) => (i * 31 + (i >> 8)) % 256);
const ENVIRONMENT = new TextEncoder().encode('a saved environment, gzip\'d\n');

let failures = 0;
let checks = 0;

function check(condition, what) {
    checks++;
    if (condition) {
        print(`ok ${checks} - ${what}`);
    } else {
        failures++;
        print(`not ok ${checks} - ${what}`);
    }
}

function checkEqual(actual, expected, what) {
    const a = JSON.stringify(actual);
    const e = JSON.stringify(expected);
    check(a === e, a === e ? what : `${what}: got ${a}, expected ${e}`);
}

function bytesEqual(a, b) {
    if (a.length !== b.length)
        return false;
    for (let i = 0; i < a.length; i++) {
        if (a[i] !== b[i])
            return false;
    }
    return true;
}

const decoder = new TextDecoder();
const encoder = new TextEncoder();

// The fake server: what docs/protocol.md says the real one answers, for the
// routes this test uses.
const received = [];

function answerText(msg, status, contentType, text) {
    msg.set_status(status, null);
    msg.get_response_headers().append('Connection', 'close');
    msg.set_response(contentType, Soup.MemoryUse.COPY, encoder.encode(text));
}

function answerNotFound(msg, text) {
    answerText(msg, 404, 'text/html; charset=utf-8', text);
}

function handleExecute(msg) {
    const headers = msg.get_request_headers();
    const body = msg.get_request_body().flatten();
    const entry = {
        contentLength: headers.get_content_length(),
        encoding: headers.get_encoding(),
        config: null,
        archive: null,
    };
    received.push(entry);

    const multipart = Soup.Multipart.new_from_message(headers, body);
    if (multipart !== null) {
        for (let i = 0; i < multipart.get_length(); i++) {
            const [, partHeaders, partBody] = multipart.get_part(i);
            const [, , params] = partHeaders.get_content_disposition();
            if (params.name === 'config' && !('filename' in params))
                entry.config = decoder.decode(partBody.toArray());
            else if (params.name === 'environment' && 'filename' in params)
                entry.archive = partBody.toArray();
        }
    }
    if (entry.config === null) {
        answerText(msg, 400, 'text/html; charset=utf-8',
            "Missing argument 'config'");
        return;
    }

    const config = JSON.parse(entry.config);
    const execution = config.commands.map(item => {
        let command = typeof item === 'string' ? item : item.command;
        if (command.startsWith('-'))
            command = command.substring(1);
        return {command, exit_code: 0, stdout: '4', stderr: '', time: 0.125};
    });
    const answer = {status: 0, execution, total_time: 0.5};
    if (config.save) {
        answer.environment = UUID;
        answer.expire = '2026-11-27T03:31:04.148064+00:00';
    }
    if ('result_path' in config)
        answer.result = '4\n';
    answerText(msg, 200, 'application/json', JSON.stringify(answer));
}

function handle(server, msg, path) {
    const method = msg.get_method();
    if (path === '/specifications/' && method === 'GET') {
        answerText(msg, 200, 'application/json', JSON.stringify(SPECIFICATIONS));
    } else if (path === '/execute/' && method === 'POST') {
        handleExecute(msg);
    } else if (path === `/environments/${UUID}/` &&
               (method === 'GET' || method === 'HEAD')) {
        msg.set_status(200, null);
        msg.get_response_headers().append('Content-Disposition',
            `attachment; filename=${UUID}.tgz`);
        msg.set_response('application/gzip', Soup.MemoryUse.COPY, ENVIRONMENT);
    } else if (path.startsWith('/environments/')) {
        const uuid = path.split('/')[2];
        answerNotFound(msg, `No environment with UUID '${uuid}' found`);
    } else {
        answerNotFound(msg, '<h1>Not Found</h1>');
    }
}

function startServer() {
    const server = new Soup.Server({});
    server.add_handler(null, handle);
    server.listen(Gio.InetSocketAddress.new_from_string('127.0.0.1', 0), 0);
    const uri = server.get_uris()[0];
    return [server, `http://127.0.0.1:${uri.get_port()}/`];
}

Gio._promisify(Sandbox.Client.prototype, 'get_specifications_async',
    'get_specifications_finish');
Gio._promisify(Sandbox.Client.prototype, 'execute_async', 'execute_finish');
Gio._promisify(Sandbox.Client.prototype, 'download_async', 'download_finish');
Gio._promisify(Sandbox.Client.prototype, 'check_async', 'check_finish');

async function expectError(promise, domain, code, what) {
    try {
        await promise;
        check(false, `${what}: no error`);
        return null;
    } catch (e) {
        check(e instanceof GLib.Error && e.matches(domain, code),
            `${what} (${e})`);
        return e;
    }
}

async function testBadUrl() {
    try {
        Sandbox.Client.new('ftp://example.org/');
        check(false, 'a bad URL is refused');
    } catch (e) {
        check(e instanceof GLib.Error &&
              e.matches(Sandbox.error_quark(), Sandbox.Error.INVALID_URL),
        `a bad URL is refused with INVALID_URL (${e})`);
    }
}

async function testSpecifications(client) {
    const node = await client.get_specifications_async(null);
    check(node instanceof Json.Node, 'get_specifications gives a Json.Node');
    checkEqual(JSON.parse(Json.to_string(node, false)), SPECIFICATIONS,
        'the specifications are the server\'s');
    const cpu = node.get_object().get_object_member('host')
        .get_object_member('cpu');
    checkEqual(cpu.get_int_member('core'), 6, 'host.cpu.core');
    checkEqual(cpu.get_double_member('freq_min'), 800.5, 'host.cpu.freq_min');
}

async function testExecute(client) {
    const config = new Sandbox.Config();
    config.add_command('echo $((2+2))', false);
    config.add_command_with_timeout('make test', true, 5);
    config.set_variable('VAR1', 'value1');
    config.result_path = 'result.txt';
    config.save = true;
    checkEqual(config.get_n_commands(), 2, 'the config holds two commands');

    const stream = Gio.MemoryInputStream.new_from_bytes(new GLib.Bytes(ARCHIVE));
    const execution = await client.execute_async(config, stream, null);

    check(execution instanceof Sandbox.Execution, 'execute gives an Execution');
    checkEqual(execution.status, 0, 'status');
    checkEqual(Sandbox.Status.to_string(execution.status), 'success',
        'Status.to_string');
    checkEqual(execution.result, '4\n', 'result');
    checkEqual(execution.environment, UUID, 'environment');
    checkEqual(execution.total_time, 0.5, 'total_time');
    const expire = execution.expire;
    check(expire instanceof GLib.DateTime, 'expire is a GLib.DateTime');
    checkEqual([expire.get_year(), expire.get_month(), expire.get_day_of_month(),
        expire.get_hour(), expire.get_minute(), expire.get_second(),
        expire.get_microsecond(), expire.get_utc_offset()],
    [2026, 11, 27, 3, 31, 4, 148064, 0], 'expire');

    const commands = execution.commands;
    check(commands instanceof Gio.ListModel, 'commands is a Gio.ListModel');
    checkEqual(commands.get_n_items(), 2, 'two command results');
    const first = commands.get_item(0);
    check(first instanceof Sandbox.CommandResult, 'items are CommandResults');
    checkEqual([first.command, first.exit_code, first.stdout, first.stderr,
        first.time], ['echo $((2+2))', 0, '4', '', 0.125], 'first result');
    checkEqual(commands.get_item(1).command, 'make test',
        'the server reports the command without its -');
    checkEqual(JSON.parse(Json.to_string(execution.get_json(), false)).status, 0,
        'get_json gives the answer');

    const request = received[received.length - 1];
    check(request.config !== null, 'the server received a config field');
    checkEqual(JSON.parse(request.config), {
        commands: ['echo $((2+2))', {command: '-make test', timeout: 5}],
        environ: {VAR1: 'value1'},
        result_path: 'result.txt',
        save: true,
    }, 'the config sent');
    check(request.archive !== null && bytesEqual(request.archive, ARCHIVE),
        'the server received the archive as an environment file part');
    check(request.encoding === Soup.Encoding.CONTENT_LENGTH &&
          request.contentLength > ARCHIVE.length,
    'the request has a Content-Length');

    // No archive, no cancellable.
    const plain = new Sandbox.Config();
    plain.add_command('true', false);
    const second = await client.execute_async(plain, null, null);
    checkEqual(second.status, 0, 'execute with no archive');
    checkEqual(second.expire, null, 'no expire when not saved');
    checkEqual(received[received.length - 1].archive, null,
        'no environment part without an archive');
}

async function testErrors(client) {
    const error = await expectError(client.download_async(MISSING_UUID, null, null),
        Sandbox.error_quark(), Sandbox.Error.NOT_FOUND,
        'a 404 download fails with NOT_FOUND');
    check(error !== null &&
          error.message.includes(`No environment with UUID '${MISSING_UUID}' found`),
    'the error carries the server\'s text');

    const bytes = await client.download_async(UUID, null, null);
    check(bytesEqual(bytes.toArray(), ENVIRONMENT), 'download gives the bytes');
    checkEqual(await client.check_async(UUID, null, null), ENVIRONMENT.length,
        'check gives the size');
    checkEqual(await client.check_async(MISSING_UUID, null, null), 0,
        'check gives 0 for a missing environment');

    const empty = new Sandbox.Config();
    await expectError(client.execute_async(empty, null, null),
        Sandbox.error_quark(), Sandbox.Error.INVALID_CONFIG,
        'an empty config fails with INVALID_CONFIG');

    const cancellable = new Gio.Cancellable();
    cancellable.cancel();
    await expectError(client.get_specifications_async(cancellable),
        Gio.io_error_quark(), Gio.IOErrorEnum.CANCELLED,
        'a cancelled cancellable fails with CANCELLED');
}

async function main() {
    const [server, url] = startServer();
    const client = Sandbox.Client.new(url);
    checkEqual(client.base_url, url, 'base_url');

    await testBadUrl();
    await testSpecifications(client);
    await testExecute(client);
    await testErrors(client);

    server.disconnect();
}

const loop = new GLib.MainLoop(null, false);
let crashed = null;
GLib.timeout_add_seconds(GLib.PRIORITY_DEFAULT, 60, () => {
    crashed = new Error('timed out');
    loop.quit();
    return GLib.SOURCE_REMOVE;
});
main().catch(e => {
    crashed = e;
}).finally(() => loop.quit());
loop.run();

if (crashed !== null) {
    printerr(`${crashed}\n${crashed.stack ?? ''}`);
    System.exit(1);
}
print(`1..${checks}`);
if (failures > 0 || checks === 0) {
    printerr(`${failures} of ${checks} checks failed`);
    System.exit(1);
}
