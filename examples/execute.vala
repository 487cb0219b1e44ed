/* execute.vala: the specifications, then an execute with an uploaded
 * archive, then the download of a file of the saved environment, with
 * async methods and yield.
 *
 *   execute URL ARCHIVE.tgz
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

async int run (string url, string archive_path) throws Error {
    var client = new Sandbox.Client (url);

    var specifications = yield client.get_specifications_async ();
    var host = specifications.get_object ().get_object_member ("host");
    print ("server: sandbox %s\n", host.get_string_member ("sandbox_version"));

    var config = new Sandbox.Config ();
    config.add_command ("echo $((2+2))", false);
    config.add_command ("cat hello.txt", false);
    config.save = true;

    var archive = File.new_for_path (archive_path);
    var execution = yield client.execute_file_async (config, archive);
    var commands = execution.commands;
    for (uint i = 0; i < commands.get_n_items (); i++) {
        var command = (Sandbox.CommandResult) commands.get_item (i);
        print ("$ %s\n", command.command);
        print ("  exit code %d, stdout: %s\n", command.exit_code, command.stdout);
    }
    print ("status: %d (%s)\n", execution.status, Sandbox.Status.to_string (execution.status));

    var content = yield client.download_async (execution.environment, "hello.txt");
    var text = new StringBuilder ();
    text.append_len ((string) content.get_data (), (ssize_t) content.get_size ());
    print ("hello.txt: %s", text.str);
    return execution.status == Sandbox.Status.SUCCESS ? 0 : 1;
}

int main (string[] args) {
    if (args.length != 3) {
        printerr ("Usage: %s URL ARCHIVE.tgz\n", args[0]);
        return 2;
    }

    var loop = new MainLoop ();
    int status = 1;
    run.begin (args[1], args[2], (obj, result) => {
        try {
            status = run.end (result);
        } catch (Error error) {
            printerr ("%s\n", error.message);
        }
        loop.quit ();
    });
    loop.run ();
    return status;
}
