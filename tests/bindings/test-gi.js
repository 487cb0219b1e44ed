// test-gi.js
//
// SPDX-FileCopyrightText: 2026 The sandbox-api developers
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// Uses the library from GJS through GObject introspection, against the
// tests' fake sandbox server, the program named by SANDBOX_FIXTURE_SERVER
// (tests/fixture/), started on 127.0.0.1 with an ephemeral port. Run with
// `gjs -m` and GI_TYPELIB_PATH and LD_LIBRARY_PATH pointing at the build's
// sandbox-api/ directory.

import GLib from 'gi://GLib';
import Gio from 'gi://Gio';
import Json from 'gi://Json?version=1.0';
import Soup from 'gi://Soup?version=3.0';
import Sandbox from 'gi://Sandbox?version=1.0';
import System from 'system';

const UUID = 'e8c5995b-7049-4b04-8440-5d9d914360fc';
const MISSING_UUID = '00000000-0000-4000-8000-000000000000';
const SPECIFICATIONS = {
    host: {cpu: {core: 6, logical: 12, freq_min: 800.0, freq_max: 4700.0},
        memory: {ram: 16723701760, swap: 9448923136,
            storage: {'/dev/sda2': 225603444736}},
        docker_version: '19.03.8-ce', sandbox_version: '3.0.0'},
    container: {count: 20, cpu: {count: 1, period: 1000, shares: 1024, quota: 0},
        memory: {ram: 100000000, swap: 100000000, storage: -1},
        io: {read_iops: {}, read_bps: {}, write_iops: {}, write_bps: {}},
        process: -1, working_dir_device: '/dev/sda2'},
};
// Not an archive: the fake server does not need one to execute.
const ARCHIVE = new Uint8Array(50000).map((_, i) => (i * 31 + (i >> 8)) % 256);

const decoder = new TextDecoder();
const encoder = new TextEncoder();

// The fixture's big.txt: 300000 pseudo-random letters.
function bigText() {
    const alphabet = encoder.encode(
        'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/');
    const text = new Uint8Array(300000);
    let state = 1;
    for (let i = 0; i < text.length; i++) {
        state = (Math.imul(state, 1103515245) + 12345) >>> 0;
        text[i] = alphabet[(state >>> 16) % 64];
    }
    return text;
}

// The members of the fixture's environment UUID, each also downloadable.
const MEMBERS = new Map([
    ['dir/file1.txt', encoder.encode('content of dir/file1.txt\n')],
    ['dir/with space.txt', new Uint8Array([1, ...encoder.encode('binary'), 0xff, 10])],
    ['empty.txt', new Uint8Array(0)],
    ['hello.txt', encoder.encode('hello\n')],
    ['big.txt', bigText()],
]);

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

function sha256(data) {
    return GLib.compute_checksum_for_bytes(GLib.ChecksumType.SHA256, new GLib.Bytes(data));
}

// The fake server, in a process of its own: it prints its URL, and stops
// when its stdin closes.
class Fixture {
    constructor() {
        this.process = Gio.Subprocess.new([GLib.getenv('SANDBOX_FIXTURE_SERVER')],
            Gio.SubprocessFlags.STDIN_PIPE | Gio.SubprocessFlags.STDOUT_PIPE);
        const stdout = new Gio.DataInputStream({base_stream: this.process.get_stdout_pipe()});
        [this.url] = stdout.read_line_utf8(null);
        if (!this.url?.startsWith('http://127.0.0.1:'))
            throw new Error(`the fixture server printed ${this.url}`);
        this.session = new Soup.Session();
    }

    // What it received: n_requests, counts, last (see
    // tests/fixture/fixture-inspect.h).
    received() {
        const msg = Soup.Message.new('GET', `${this.url}fixture/requests/`);
        const bytes = this.session.send_and_read(msg, null);
        return JSON.parse(decoder.decode(bytes.toArray()));
    }

    lastRequest() {
        return this.received().last;
    }

    stop() {
        this.process.get_stdin_pipe().close(null);
        this.process.wait_check(null);
    }
}

Gio._promisify(Sandbox.Client.prototype, 'get_specifications_async',
    'get_specifications_finish');
Gio._promisify(Sandbox.Client.prototype, 'execute_async', 'execute_finish');
Gio._promisify(Sandbox.Client.prototype, 'download_async', 'download_finish');
Gio._promisify(Sandbox.Client.prototype, 'check_async', 'check_finish');
Gio._promisify(Sandbox.Client.prototype, 'query_file_async', 'query_file_finish');
Gio._promisify(Sandbox.Client.prototype, 'execute_builder_async',
    'execute_builder_finish');
Gio._promisify(Sandbox.Client.prototype, 'download_to_directory_async',
    'download_to_directory_finish');
Gio._promisify(Sandbox.EnvironmentReader.prototype, 'next_async', 'next_finish');
Gio._promisify(Sandbox.EnvironmentReader.prototype, 'read_bytes_async',
    'read_bytes_finish');

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
    checkEqual(cpu.get_double_member('freq_max'), 4700.0, 'host.cpu.freq_max');
}

async function testExecute(client, fixture) {
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
    checkEqual(execution.total_time, 0.25 * 2 + 0.01, 'total_time');
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
        first.time], ['echo $((2+2))', 0, '4', '', 0.25], 'first result');
    checkEqual(commands.get_item(1).command, 'make test',
        'the server reports the command without its -');
    checkEqual(JSON.parse(Json.to_string(execution.get_json(), false)).status, 0,
        'get_json gives the answer');

    const request = fixture.lastRequest();
    checkEqual([request.method, request.path], ['POST', '/execute/'], 'an execute was sent');
    check(request.config !== null, 'the server received a config field');
    checkEqual(request.config, {
        commands: ['echo $((2+2))', {command: '-make test', timeout: 5}],
        environ: {VAR1: 'value1'},
        result_path: 'result.txt',
        save: true,
    }, 'the config sent');
    checkEqual(request.environment && [request.environment.length, request.environment.sha256],
        [ARCHIVE.length, sha256(ARCHIVE)],
        'the server received the archive as an environment file part');
    check(request.content_length > ARCHIVE.length, 'the request has a Content-Length');

    // No archive, no cancellable.
    const plain = new Sandbox.Config();
    plain.add_command('true', false);
    const second = await client.execute_async(plain, null, null);
    checkEqual(second.status, 0, 'execute with no archive');
    checkEqual(second.expire, null, 'no expire when not saved');
    checkEqual(fixture.lastRequest().environment, null,
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
    const archive = bytes.toArray();
    check(archive.length > 100000 && archive[0] === 0x1f && archive[1] === 0x8b,
        'download gives a gzip\'d archive');
    checkEqual(JSON.stringify(await client.query_file_async(UUID, null, null)),
        JSON.stringify([true, archive.length]), 'query_file gives the size');
    for (const [path, content] of MEMBERS) {
        const file = await client.download_async(UUID, path, null);
        check(bytesEqual(file.toArray(), content), `download of ${path}`);
    }
    checkEqual(JSON.stringify(await client.query_file_async(UUID, 'dir/with space.txt', null)),
        JSON.stringify([true, 9]), 'query_file gives the size of a file');
    checkEqual(JSON.stringify(await client.query_file_async(UUID, 'empty.txt', null)),
        JSON.stringify([true, 0]), 'an empty file is there');
    checkEqual(JSON.stringify(await client.query_file_async(MISSING_UUID, null, null)),
        JSON.stringify([false, 0]), 'a missing environment is not there');
    checkEqual(JSON.stringify(await client.query_file_async(UUID, 'nope.txt', null)),
        JSON.stringify([false, 0]), 'a missing file is not there');
    /* The deprecated check keeps 1.0's answer: 0 for a missing file. */
    checkEqual(await client.check_async(UUID, 'nope.txt', null), 0,
        'check gives 0 for a missing file, as in 1.0');

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

// Every (current, total) report has @total, current rises, the last is total.
function checkProgress(reports, total, what) {
    const ok = reports.length > 0 &&
        reports.every(([current, t], i) => t === total &&
            (i === 0 || current >= reports[i - 1][0])) &&
        reports[reports.length - 1][0] === total;
    check(ok, ok ? what : `${what}: ${JSON.stringify(reports)}, expected up to ${total}`);
}

function writeFile(file, data) {
    file.replace_contents(data, null, false, Gio.FileCreateFlags.NONE, null);
}

function* children(directory) {
    const enumerator = directory.enumerate_children('standard::name,standard::type',
        Gio.FileQueryInfoFlags.NOFOLLOW_SYMLINKS, null);
    for (const info of enumerator)
        yield [directory.get_child(info.get_name()), info.get_file_type()];
}

function removeTree(file) {
    for (const [child, type] of children(file)) {
        if (type === Gio.FileType.DIRECTORY)
            removeTree(child);
        else
            child.delete(null);
    }
    file.delete(null);
}

// {relative path: contents} of the regular files under @root.
function readTree(root, directory = root, found = new Map()) {
    for (const [child, type] of children(directory)) {
        if (type === Gio.FileType.DIRECTORY)
            readTree(root, child, found);
        else
            found.set(root.get_relative_path(child), child.load_contents(null)[1]);
    }
    return found;
}

function checkTree(found, expected, what) {
    const same = found.size === expected.size &&
        [...expected].every(([path, data]) => found.has(path) &&
            bytesEqual(found.get(path), data));
    check(same, same ? what : `${what}: got ${[...found.keys()]}`);
}

async function testBuilder(client, fixture) {
    const root = Gio.File.new_for_path(GLib.dir_make_tmp('sandbox-gjs-XXXXXX'));
    const main = encoder.encode('print(4);\n');
    const readme = encoder.encode('read me\n');
    try {
        root.get_child('src').make_directory(null);
        writeFile(root.get_child('src').get_child('main.js'), main);
        writeFile(root.get_child('data.txt'), MEMBERS.get('big.txt'));

        for (const mode of ['blocking', 'async']) {
            const builder = new Sandbox.EnvironmentBuilder();
            builder.add_bytes('notes/readme.txt', new GLib.Bytes(readme), 0o600);
            builder.add_file('.', root);
            const config = new Sandbox.Config();
            config.add_command('cat src/main.js', false);

            const reports = [];
            const progress = (current, total) => reports.push([current, total]);
            const execution = mode === 'blocking'
                ? client.execute_builder(config, builder, null, progress)
                : await client.execute_builder_async(config, builder, null, progress);
            checkEqual(execution.status, 0, `execute_builder (${mode})`);

            const request = fixture.lastRequest();
            const environment = request.environment;
            check(environment !== null && environment.error === null,
                `the server received a readable environment (${mode})`);
            const files = Object.fromEntries((environment?.members ?? [])
                .filter(m => m.type === 'file').map(m => [m.path, m]));
            checkEqual(Object.keys(files).sort(), ['data.txt', 'notes/readme.txt', 'src/main.js'],
                `the environment's files (${mode})`);
            checkEqual([files['notes/readme.txt']?.mode, files['notes/readme.txt']?.sha256,
                files['src/main.js']?.sha256, files['data.txt']?.sha256],
            [0o600, sha256(readme), sha256(main), sha256(MEMBERS.get('big.txt'))],
            `the environment's contents and modes (${mode})`);
            checkProgress(reports, request.content_length,
                `execute_builder reports the progress of the request (${mode})`);
        }
    } finally {
        removeTree(root);
    }
}

async function testReader(client) {
    const [stream] = client.download_stream(UUID, null, null);
    const reader = Sandbox.EnvironmentReader.new(stream);
    const found = new Map();
    let member;
    let allRegular = true;
    while ((member = reader.next(null)) !== null) {
        allRegular &&= member instanceof Sandbox.EnvironmentMember &&
            member.file_type === Gio.FileType.REGULAR && member.mode === 0o644 &&
            member.link_target === null &&
            member.modification_time.to_unix() === 1700000000;
        found.set(member.path, reader.read_bytes(null).toArray());
    }
    checkTree(found, MEMBERS, 'the reader gives every member, read_bytes its contents');
    check(allRegular, 'the members are regular files, 0644, of 2023-11-14');

    // The same, asynchronously.
    const [stream2] = client.download_stream(UUID, null, null);
    const reader2 = Sandbox.EnvironmentReader.new(stream2);
    const found2 = new Map();
    while ((member = await reader2.next_async(null)) !== null)
        found2.set(member.path, (await reader2.read_bytes_async(null)).toArray());
    checkTree(found2, MEMBERS, 'next_async and read_bytes_async');
}

async function testDownloadToDirectory(client) {
    const size = client.check(UUID, null, null);
    for (const mode of ['blocking', 'async']) {
        const root = Gio.File.new_for_path(GLib.dir_make_tmp('sandbox-gjs-XXXXXX'));
        try {
            const reports = [];
            const progress = (current, total) => reports.push([current, total]);
            const done = mode === 'blocking'
                ? client.download_to_directory(UUID, root, null, progress)
                : await client.download_to_directory_async(UUID, root, null, progress);
            check(done === true, `download_to_directory (${mode})`);
            checkTree(readTree(root), MEMBERS, `the files downloaded (${mode})`);
            checkProgress(reports, size, `download_to_directory reports its progress (${mode})`);
        } finally {
            removeTree(root);
        }
    }
}

async function testRetries(client, fixture) {
    checkEqual([client.max_retries, client.retry_delay], [3, 0.5], 'retry defaults');
    checkEqual([client.connect_timeout, client.read_timeout], [0, 0], 'timeout defaults');
    client.connect_timeout = 2.5;
    client.set_read_timeout(0.75);
    checkEqual([client.get_connect_timeout(), client.read_timeout], [2.5, 0.75],
        'timeouts set and read');

    const flaky = Sandbox.Client.new(`${fixture.url}unavailable-1-gjs/`);
    flaky.retry_delay = 0.01;
    const node = await flaky.get_specifications_async(null);
    checkEqual(JSON.parse(Json.to_string(node, false)), SPECIFICATIONS,
        'a 503 is retried');
    checkEqual(fixture.received().counts['GET /unavailable-1-gjs/specifications/'], 2,
        'one retry after the 503');

    const once = Sandbox.Client.new(`${fixture.url}unavailable-1-gjs0/`);
    once.max_retries = 0;
    await expectError(once.get_specifications_async(null),
        Sandbox.error_quark(), Sandbox.Error.SERVICE_UNAVAILABLE,
        'with max_retries 0, the 503 is the answer');
    checkEqual(fixture.received().counts['GET /unavailable-1-gjs0/specifications/'], 1,
        'no retry with max_retries 0');

    // An answer 3 s late, against a read timeout of 0.3 s.
    const slow = Sandbox.Client.new(`${fixture.url}delay-3000-gjs/`);
    slow.read_timeout = 0.3;
    const error = await expectError(slow.get_specifications_async(null),
        Gio.io_error_quark(), Gio.IOErrorEnum.TIMED_OUT,
        'past the read timeout, TIMED_OUT');
    check(error?.message.includes('read'), `the message names the read timeout: ${error}`);
}

async function main() {
    const fixture = new Fixture();
    try {
        const client = Sandbox.Client.new(fixture.url);
        checkEqual(client.base_url, fixture.url, 'base_url');

        await testBadUrl();
        await testSpecifications(client);
        await testExecute(client, fixture);
        await testErrors(client);
        await testBuilder(client, fixture);
        await testReader(client);
        await testDownloadToDirectory(client);
        await testRetries(client, fixture);
    } finally {
        fixture.stop();
    }
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
