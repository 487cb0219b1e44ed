// execute.js: the specifications, then an execute with an uploaded archive,
// then the download of a file of the saved environment, with promises.
//
//   gjs -m execute.js URL ARCHIVE.tgz
//
// SPDX-FileCopyrightText: 2026 The sandbox-api developers
// SPDX-License-Identifier: LGPL-2.1-or-later

import GLib from 'gi://GLib';
import Gio from 'gi://Gio';
import Sandbox from 'gi://Sandbox?version=1.0';
import System from 'system';

for (const name of ['get_specifications', 'execute_file', 'download'])
    Gio._promisify(Sandbox.Client.prototype, `${name}_async`, `${name}_finish`);

async function main([url, archivePath]) {
    const client = Sandbox.Client.new(url);

    const specifications = await client.get_specifications_async(null);
    const host = specifications.get_object().get_object_member('host');
    print(`server: sandbox ${host.get_string_member('sandbox_version')}`);

    const config = Sandbox.Config.new();
    config.add_command('echo $((2+2))', false);
    config.add_command('cat hello.txt', false);
    config.save = true;

    const archive = Gio.File.new_for_path(archivePath);
    const execution = await client.execute_file_async(config, archive, null);
    const commands = execution.commands;
    for (let i = 0; i < commands.get_n_items(); i++) {
        const command = commands.get_item(i);
        print(`$ ${command.command}`);
        print(`  exit code ${command.exit_code}, stdout: ${command.stdout}`);
    }
    print(`status: ${execution.status} (${Sandbox.Status.to_string(execution.status)})`);

    const content = await client.download_async(execution.environment, 'hello.txt', null);
    print(`hello.txt: ${new TextDecoder().decode(content.toArray()).trimEnd()}`);
    return execution.status === Sandbox.Status.SUCCESS ? 0 : 1;
}

if (ARGV.length !== 2) {
    printerr('Usage: gjs -m execute.js URL ARCHIVE.tgz');
    System.exit(2);
}

const loop = new GLib.MainLoop(null, false);
let status = 1;
main(ARGV).then(result => {
    status = result;
}).catch(error => {
    printerr(error.message);
}).finally(() => loop.quit());
loop.run();
System.exit(status);
