/* test-vala.vala
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Uses the library from Vala through its generated VAPI, against a fake
 * sandbox server (a Soup.Server in this process, on 127.0.0.1 with an
 * ephemeral port). Only the asynchronous API is used, with `yield`: the
 * server runs in this thread's main context. Prints TAP. */

const string UUID = "e8c5995b-7049-4b04-8440-5d9d914360fc";
const string MISSING_UUID = "00000000-0000-4000-8000-000000000000";
const string SPECIFICATIONS =
  "{\"host\":{\"cpu\":{\"core\":6,\"logical\":12},\"sandbox_version\":\"3.0.0\"}," +
  "\"container\":{\"count\":20,\"process\":-1}}";
const string EXPIRE = "2026-11-27T03:31:04.148064+00:00";

int n_checks = 0;
int n_failures = 0;

void
check (bool condition, string what)
{
  n_checks++;
  /* One line each, as TAP wants. */
  var line = what.replace ("\n", " ");

  if (condition)
    {
      print ("ok %d - %s\n", n_checks, line);
    }
  else
    {
      n_failures++;
      print ("not ok %d - %s\n", n_checks, line);
    }
}

void
check_str (string? actual, string? expected, string what)
{
  check (actual == expected, what);
  if (actual != expected)
    print ("# got %s, expected %s\n", (actual ?? "(null)").escape (),
           (expected ?? "(null)").escape ());
}

uint8[]
make_bytes (size_t size, uint seed)
{
  var data = new uint8[size];

  for (size_t i = 0; i < size; i++)
    data[i] = (uint8) ((i * seed + (i >> 8)) % 256);
  return data;
}

bool
same_bytes (GLib.Bytes? bytes, uint8[] expected)
{
  return bytes != null && bytes.compare (new GLib.Bytes (expected)) == 0;
}

/* What docs/protocol.md says the real server answers, for the routes used. */
class FakeServer : Object
{
  public Soup.Server server;
  public string url;
  public uint8[] environment = make_bytes (200000, 13);
  public string? last_config = null;
  public GLib.Bytes? last_archive = null;
  public bool last_had_length = false;

  public FakeServer () throws GLib.Error
  {
    server = (Soup.Server) Object.new (typeof (Soup.Server));
    server.add_handler (null, handle);
    server.listen (new InetSocketAddress.from_string ("127.0.0.1", 0), 0);
    /* Not get_uris (): libsoup 3.2 leaks the address it looks up there. */
    var address = (InetSocketAddress) server.get_listeners ().data.get_local_address ();
    url = "http://127.0.0.1:%u/".printf (address.get_port ());
  }

  /* The handler holds a reference to this object: drop it. */
  public void
  stop ()
  {
    server.remove_handler ("/");
    server.disconnect ();
  }

  void
  answer_text (Soup.ServerMessage msg,
               uint               status,
               string             content_type,
               string             text)
  {
    msg.set_status (status, null);
    msg.get_response_headers ().append ("Connection", "close");
    msg.set_response (content_type, Soup.MemoryUse.COPY, text.data);
  }

  void
  handle_execute (Soup.ServerMessage msg)
  {
    var headers = msg.get_request_headers ();
    var body = msg.get_request_body ().flatten ();
    var multipart = new Soup.Multipart.from_message (headers, body);

    last_config = null;
    last_archive = null;
    last_had_length = headers.get_encoding () == Soup.Encoding.CONTENT_LENGTH;
    for (int i = 0; multipart != null && i < multipart.get_length (); i++)
      {
        unowned Soup.MessageHeaders part_headers;
        unowned GLib.Bytes part_body;
        string disposition;
        HashTable<string, string> params;

        multipart.get_part (i, out part_headers, out part_body);
        part_headers.get_content_disposition (out disposition, out params);
        if (params["name"] == "config" && !params.contains ("filename"))
          last_config = ((string) part_body.get_data ())
            .substring (0, (long) part_body.get_size ());
        else if (params["name"] == "environment" && params.contains ("filename"))
          last_archive = part_body;
      }

    if (last_config == null)
      {
        answer_text (msg, 400, "text/html; charset=utf-8", "Missing argument 'config'");
        return;
      }

    /* Echo the commands back, without their '-', each printing "4". */
    var builder = new Json.Builder ();
    try
      {
        var config = Json.from_string (last_config).get_object ();
        builder.begin_object ();
        builder.set_member_name ("status").add_int_value (0);
        builder.set_member_name ("execution").begin_array ();
        foreach (unowned Json.Node item in config.get_array_member ("commands").get_elements ())
          {
            string command = item.get_node_type () == Json.NodeType.VALUE
                             ? item.get_string ()
                             : item.get_object ().get_string_member ("command");
            if (command.has_prefix ("-"))
              command = command.substring (1);
            builder.begin_object ();
            builder.set_member_name ("command").add_string_value (command);
            builder.set_member_name ("exit_code").add_int_value (0);
            builder.set_member_name ("stdout").add_string_value ("4");
            builder.set_member_name ("stderr").add_string_value ("");
            builder.set_member_name ("time").add_double_value (0.125);
            builder.end_object ();
          }
        builder.end_array ();
        builder.set_member_name ("total_time").add_double_value (0.5);
        if (config.has_member ("save") && config.get_boolean_member ("save"))
          {
            builder.set_member_name ("environment").add_string_value (UUID);
            builder.set_member_name ("expire").add_string_value (EXPIRE);
          }
        if (config.has_member ("result_path"))
          builder.set_member_name ("result").add_string_value ("4\n");
        builder.end_object ();
      }
    catch (GLib.Error e)
      {
        answer_text (msg, 400, "text/html; charset=utf-8",
                     "'config' json is invalid - " + e.message);
        return;
      }
    answer_text (msg, 200, "application/json", Json.to_string (builder.get_root (), false));
  }

  void
  handle (Soup.Server                   server,
          Soup.ServerMessage            msg,
          string                        path,
          HashTable<string, string>?    query)
  {
    var method = msg.get_method ();

    if (path == "/specifications/" && method == "GET")
      {
        answer_text (msg, 200, "application/json", SPECIFICATIONS);
      }
    else if (path == "/execute/" && method == "POST")
      {
        handle_execute (msg);
      }
    else if (path == "/environments/" + UUID + "/" && (method == "GET" || method == "HEAD"))
      {
        msg.set_status (200, null);
        msg.set_response ("application/gzip", Soup.MemoryUse.COPY, environment);
      }
    else if (path.has_prefix ("/environments/"))
      {
        answer_text (msg, 404, "text/html; charset=utf-8",
                     "No environment with UUID '%s' found".printf (path.split ("/")[2]));
      }
    else
      {
        answer_text (msg, 404, "text/html; charset=utf-8", "<h1>Not Found</h1>");
      }
  }
}

void
test_bad_url ()
{
  try
    {
      new Sandbox.Client ("ftp://example.org/");
      check (false, "a bad URL is refused");
    }
  catch (Sandbox.Error.INVALID_URL e)
    {
      check (true, "a bad URL is refused with Sandbox.Error.INVALID_URL");
    }
  catch (GLib.Error e)
    {
      check (false, "a bad URL is refused with INVALID_URL, not " + e.message);
    }
}

void
test_config () throws GLib.Error
{
  var config = new Sandbox.Config ();
  double timeout;

  config.add_command ("echo $((2+2))", false);
  config.add_command_with_timeout ("make test", true, 5);
  config.set_variable ("VAR1", "value1");
  config.result_path = "result.txt";
  config.save = true;

  check (config.n_commands == 2, "n_commands");
  check_str (config.get_command (1), "-make test", "get_command with '-'");
  check (config.get_command_timeout (1, out timeout) && timeout == 5.0,
         "get_command_timeout gives an out double");
  string[] names = config.list_variables ();
  check (names.length == 1 && names[0] == "VAR1", "list_variables gives a string[]");
  check_str (config.dup_variable ("VAR1"), "value1", "dup_variable");
  check (config.dup_variable ("NOPE") == null, "dup_variable of a missing one is null");

  var copy = new Sandbox.Config.from_string (config.to_string ());
  check_str (copy.to_string (), config.to_string (), "Config.from_string round trip");

  try
    {
      new Sandbox.Config.from_string ("{\"commands\": []}");
      check (false, "an empty command list is refused");
    }
  catch (Sandbox.Error.INVALID_CONFIG e)
    {
      check_str (e.message, "Command list cannot be empty", "INVALID_CONFIG message");
    }
}

async void
test_specifications (Sandbox.Client client) throws GLib.Error
{
  /* The cancellable may be left out (Sandbox-1.0.metadata). */
  Json.Node node = yield client.get_specifications_async ();
  var host = node.get_object ().get_object_member ("host");

  check (host.get_object_member ("cpu").get_int_member ("core") == 6, "host.cpu.core");
  check_str (host.get_string_member ("sandbox_version"), "3.0.0", "host.sandbox_version");
  check (node.get_object ().get_object_member ("container").get_int_member ("count") == 20,
         "container.count");
}

async void
test_execute (Sandbox.Client client,
              FakeServer     fake) throws GLib.Error
{
  var config = new Sandbox.Config ();
  var archive = make_bytes (40000, 31);

  config.add_command ("echo $((2+2))", false);
  config.add_command ("-false", false);
  config.set_variable ("VAR1", "value1");
  config.set_result_path ("result.txt");
  config.set_save (true);

  var stream = new MemoryInputStream.from_bytes (new GLib.Bytes (archive));
  Sandbox.Execution execution = yield client.execute_async (config, stream, null);

  check (execution.status == Sandbox.Status.SUCCESS, "status");
  check_str (Sandbox.Status.to_string (execution.status), "success", "Status.to_string");
  check_str (execution.result, "4\n", "result");
  check_str (execution.environment, UUID, "environment");
  check (execution.total_time == 0.5, "total_time");
  check (execution.expire != null && execution.expire.get_year () == 2026 &&
         execution.expire.get_microsecond () == 148064 &&
         execution.expire.get_utc_offset () == 0,
         "expire is a DateTime");

  GLib.ListModel commands = execution.commands;
  check (commands.get_n_items () == 2, "two command results");
  check (commands.get_item_type () == typeof (Sandbox.CommandResult), "item type");
  var first = commands.get_item (0) as Sandbox.CommandResult;
  check (first != null, "items are Sandbox.CommandResult");
  check_str (first.command, "echo $((2+2))", "command");
  check (first.exit_code == 0 && first.time == 0.125, "exit_code and time");
  check_str (first.stdout, "4", "stdout");
  check_str (first.stderr, "", "stderr");
  check_str (((Sandbox.CommandResult) commands.get_item (1)).get_command (), "false",
             "the server reports the command without its '-'");
  check (execution.get_json ().get_object ().get_int_member ("status") == 0, "get_json");

  check (fake.last_config != null, "the server received a config field");
  check_str (fake.last_config, config.to_string (), "the config sent");
  check (same_bytes (fake.last_archive, archive), "the server received the archive");
  check (fake.last_had_length, "the request has a Content-Length");

  var plain = new Sandbox.Config ();
  plain.add_command ("true", false);
  execution = yield client.execute_async (plain, null);
  /* Nullable properties (Sandbox-1.0.metadata). */
  GLib.DateTime? expire = execution.expire;
  string? result = execution.result;
  check (execution.status == 0 && expire == null && result == null,
         "execute without an archive");
  check (fake.last_archive == null, "no environment part without an archive");
}

async void
test_downloads (Sandbox.Client client,
                FakeServer     fake) throws GLib.Error
{
  GLib.Bytes bytes = yield client.download_async (UUID, null);
  check (same_bytes (bytes, fake.environment), "download_async gives the bytes");

  int64 size;
  InputStream stream = yield client.download_stream_async (UUID, null, null, out size);
  check (size == fake.environment.length, "download_stream_async gives the size");
  var all = new ByteArray ();
  for (;;)
    {
      GLib.Bytes chunk = yield stream.read_bytes_async (8192);
      if (chunk.get_size () == 0)
        break;
      all.append (chunk.get_data ());
    }
  yield stream.close_async ();
  check (same_bytes (ByteArray.free_to_bytes ((owned) all), fake.environment),
         "the stream gives the bytes");

  check ((yield client.check_async (UUID, null, null)) == fake.environment.length,
         "check_async gives the size");
  check ((yield client.check_async (MISSING_UUID, null, null)) == 0,
         "check_async gives 0 for a missing environment");

  try
    {
      yield client.download_async (MISSING_UUID, null, null);
      check (false, "a missing environment fails");
    }
  catch (Sandbox.Error.NOT_FOUND e)
    {
      check (e.domain == Sandbox.Error.quark () && e.code == 404, "NOT_FOUND is code 404");
      check (e.message.contains ("No environment with UUID '%s' found".printf (MISSING_UUID)),
             "the error carries the server's text: " + e.message);
    }
}

async void
test_errors (Sandbox.Client client) throws GLib.Error
{
  try
    {
      yield client.execute_async (new Sandbox.Config (), null, null);
      check (false, "an empty config is refused");
    }
  catch (Sandbox.Error.INVALID_CONFIG e)
    {
      check (true, "an empty config is refused with INVALID_CONFIG");
    }

  var cancellable = new Cancellable ();
  cancellable.cancel ();
  try
    {
      yield client.get_specifications_async (cancellable);
      check (false, "a cancelled call fails");
    }
  catch (IOError.CANCELLED e)
    {
      check (true, "a cancelled call fails with IOError.CANCELLED");
    }
}

async void
run_tests () throws GLib.Error
{
  var fake = new FakeServer ();
  var client = new Sandbox.Client (fake.url);

  check_str (client.base_url, fake.url, "base_url");
  test_bad_url ();
  test_config ();
  yield test_specifications (client);
  yield test_execute (client, fake);
  yield test_downloads (client, fake);
  yield test_errors (client);
  fake.stop ();
}

int
main (string[] args)
{
  var loop = new MainLoop ();
  GLib.Error? error = null;

  run_tests.begin ((obj, res) => {
    try
      {
        run_tests.end (res);
      }
    catch (GLib.Error e)
      {
        error = e;
      }
    loop.quit ();
  });
  Timeout.add_seconds (60, () => {
    error = new IOError.TIMED_OUT ("the test did not finish in 60 s");
    loop.quit ();
    return Source.REMOVE;
  });
  loop.run ();

  if (error != null)
    {
      printerr ("unexpected error: %s\n", error.message);
      return 1;
    }
  print ("1..%d\n", n_checks);
  return n_failures == 0 && n_checks > 0 ? 0 : 1;
}
