/* consumer.vala
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Prints the specifications of the server at args[1], as JSON. */
int main (string[] args) {
    if (args.length != 2) {
        printerr ("usage: consumer-vala URL\n");
        return 2;
    }
    try {
        var client = new Sandbox.Client (args[1]);
        var specifications = client.get_specifications (null);
        print ("vala %s\n", Json.to_string (specifications, false));
    } catch (Error e) {
        printerr ("consumer-vala: %s\n", e.message);
        return 1;
    }
    return 0;
}
