/* test-vala.vala
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Uses the library from Vala through its generated VAPI, against the tests'
 * fake sandbox server, the program named by SANDBOX_FIXTURE_SERVER
 * (tests/fixture/), started on 127.0.0.1 with an ephemeral port. Prints TAP. */

const string UUID = "e8c5995b-7049-4b04-8440-5d9d914360fc";
const string MISSING_UUID = "00000000-0000-4000-8000-000000000000";

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

/* The fixture's big.txt: 300000 pseudo-random letters. */
uint8[]
big_text ()
{
  const string ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/";
  var text = new uint8[300000];
  uint32 state = 1;

  for (int i = 0; i < text.length; i++)
    {
      state = state * 1103515245U + 12345U;
      text[i] = ALPHABET[(state >> 16) % 64];
    }
  return text;
}

/* The members of the fixture's environment UUID, each also downloadable. */
HashTable<string, GLib.Bytes>
fixture_members ()
{
  var members = new HashTable<string, GLib.Bytes> (str_hash, str_equal);

  members["dir/file1.txt"] = new GLib.Bytes ("content of dir/file1.txt\n".data);
  members["dir/with space.txt"] = new GLib.Bytes ({ 1, 'b', 'i', 'n', 'a', 'r', 'y', 0xff, '\n' });
  members["empty.txt"] = new GLib.Bytes ({});
  members["hello.txt"] = new GLib.Bytes ("hello\n".data);
  members["big.txt"] = new GLib.Bytes (big_text ());
  return members;
}

/* The fake server, in a process of its own: it prints its URL, and stops
 * when its stdin closes. */
class Fixture : Object
{
  public string url;
  Subprocess process;
  Soup.Session session = new Soup.Session ();

  public Fixture () throws GLib.Error
  {
    process = new Subprocess (SubprocessFlags.STDIN_PIPE | SubprocessFlags.STDOUT_PIPE,
                              Environment.get_variable ("SANDBOX_FIXTURE_SERVER"));
    var stdout = new DataInputStream (process.get_stdout_pipe ());
    url = stdout.read_line_utf8 () ?? "";
    if (!url.has_prefix ("http://127.0.0.1:"))
      throw new IOError.FAILED ("the fixture server printed '%s'", url);
  }

  /* What it received: n_requests, counts, last (see
   * tests/fixture/fixture-inspect.h). */
  public Json.Object
  received () throws GLib.Error
  {
    var msg = new Soup.Message ("GET", url + "fixture/requests/");
    var bytes = session.send_and_read (msg);
    var parser = new Json.Parser ();

    parser.load_from_data ((string) bytes.get_data (), (ssize_t) bytes.get_size ());
    return parser.get_root ().get_object ();
  }

  public Json.Object
  last_request () throws GLib.Error
  {
    return received ().get_object_member ("last");
  }

  public void
  stop () throws GLib.Error
  {
    process.get_stdin_pipe ().close ();
    process.wait_check ();
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
      check_str (e.message, "commands must be a non-empty array, not an empty one",
                 "INVALID_CONFIG message");
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
              Fixture        fixture) throws GLib.Error
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
  check (execution.total_time == 0.25 * 2 + 0.01, "total_time");
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
  check (first.exit_code == 0 && first.time == 0.25, "exit_code and time");
  check_str (first.stdout, "4", "stdout");
  check_str (first.stderr, "", "stderr");
  check_str (((Sandbox.CommandResult) commands.get_item (1)).get_command (), "false",
             "the server reports the command without its '-'");
  check (execution.get_json ().get_object ().get_int_member ("status") == 0, "get_json");

  var request = fixture.last_request ();
  check_str (request.get_string_member ("path"), "/execute/", "an execute was sent");
  check (!request.get_null_member ("config"), "the server received a config field");
  check_str (Json.to_string (request.get_member ("config"), false),
             Json.to_string (config.to_json (), false), "the config sent");
  var environment = request.get_object_member ("environment");
  check (environment != null && environment.get_int_member ("length") == archive.length &&
         environment.get_string_member ("sha256") ==
         Checksum.compute_for_data (ChecksumType.SHA256, archive),
         "the server received the archive");
  check (request.get_int_member_with_default ("content_length", 0) > archive.length,
         "the request has a Content-Length");

  var plain = new Sandbox.Config ();
  plain.add_command ("true", false);
  execution = yield client.execute_async (plain, null);
  /* Nullable properties (Sandbox-1.0.metadata). */
  GLib.DateTime? expire = execution.expire;
  string? result = execution.result;
  check (execution.status == 0 && expire == null && result == null,
         "execute without an archive");
  check (fixture.last_request ().get_null_member ("environment"),
         "no environment part without an archive");
}

async void
test_downloads (Sandbox.Client client) throws GLib.Error
{
  GLib.Bytes bytes = yield client.download_async (UUID, null);
  unowned uint8[] archive = bytes.get_data ();
  check (archive.length > 100000 && archive[0] == 0x1f && archive[1] == 0x8b,
         "download_async gives a gzip'd archive");

  int64 size;
  InputStream stream = yield client.download_stream_async (UUID, null, null, out size);
  check (size == archive.length, "download_stream_async gives the size");
  var all = new ByteArray ();
  for (;;)
    {
      GLib.Bytes chunk = yield stream.read_bytes_async (8192);
      if (chunk.get_size () == 0)
        break;
      all.append (chunk.get_data ());
    }
  yield stream.close_async ();
  check (same_bytes (ByteArray.free_to_bytes ((owned) all), archive),
         "the stream gives the bytes");

  /* Blocking calls too: the server is in another process. */
  fixture_members ().foreach ((path, content) => {
    try
      {
        check (client.download (UUID, path).compare (content) == 0, "download of " + path);
      }
    catch (GLib.Error e)
      {
        check (false, "download of %s: %s".printf (path, e.message));
      }
  });

  bool exists;
  yield client.query_file_async (UUID, null, null, out exists, out size);
  check (exists && size == archive.length, "query_file_async gives the size");
  client.query_file (UUID, "empty.txt", out exists, out size);
  check (exists && size == 0, "an empty file is there");
  yield client.query_file_async (MISSING_UUID, null, null, out exists, out size);
  check (!exists && size == 0, "a missing environment is not there");
  client.query_file (UUID, "nope.txt", out exists, out size);
  check (!exists, "a missing file is not there");

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

/* The reports of a progress callback. */
class ProgressLog : Object
{
  public int n_reports = 0;
  public int64 current = -1;
  public int64 total = 0;
  bool consistent = true;

  public void
  add (int64 current_num_bytes,
       int64 total_num_bytes)
  {
    if (n_reports == 0)
      total = total_num_bytes;
    consistent = consistent && total_num_bytes == total && current_num_bytes >= current;
    current = current_num_bytes;
    n_reports++;
  }

  /* Every report had @expected as total, and they rose to it. */
  public bool
  ended_at (int64 expected)
  {
    return n_reports > 0 && consistent && total == expected && current == expected;
  }

  public string
  to_string ()
  {
    return "%d reports, the last %s of %s".printf (n_reports, current.to_string (),
                                                   total.to_string ());
  }
}

void
remove_tree (File file) throws GLib.Error
{
  var children = file.enumerate_children ("standard::name,standard::type",
                                          FileQueryInfoFlags.NOFOLLOW_SYMLINKS);
  FileInfo? info;

  while ((info = children.next_file ()) != null)
    {
      var child = file.get_child (info.get_name ());
      if (info.get_file_type () == FileType.DIRECTORY)
        remove_tree (child);
      else
        child.delete ();
    }
  file.delete ();
}

/* Whether the regular files under @root are exactly @expected. */
bool
same_tree (File                          root,
           HashTable<string, GLib.Bytes> expected) throws GLib.Error
{
  var pending = new GLib.Queue<File> ();
  uint n_found = 0;

  pending.push_tail (root);
  while (!pending.is_empty ())
    {
      var directory = pending.pop_head ();
      var children = directory.enumerate_children ("standard::name,standard::type",
                                                   FileQueryInfoFlags.NOFOLLOW_SYMLINKS);
      FileInfo? info;

      while ((info = children.next_file ()) != null)
        {
          var child = directory.get_child (info.get_name ());
          if (info.get_file_type () == FileType.DIRECTORY)
            {
              pending.push_tail (child);
              continue;
            }
          var content = expected[root.get_relative_path (child)];
          if (content == null || child.load_bytes ().compare (content) != 0)
            return false;
          n_found++;
        }
    }
  return n_found == expected.size ();
}

async void
test_builder (Sandbox.Client client,
              Fixture        fixture) throws GLib.Error
{
  var root = File.new_for_path (DirUtils.make_tmp ("sandbox-vala-XXXXXX"));
  var main_vala = "void main () { print (\"4\"); }\n".data;
  var readme = "read me\n".data;
  var big = big_text ();

  root.get_child ("src").make_directory ();
  FileUtils.set_data (root.get_child ("src").get_child ("main.vala").get_path (), main_vala);
  FileUtils.set_data (root.get_child ("data.txt").get_path (), big);

  foreach (var blocking in new bool[] { true, false })
    {
      var mode = blocking ? "blocking" : "async";
      var builder = new Sandbox.EnvironmentBuilder ();
      builder.add_bytes ("notes/readme.txt", new GLib.Bytes (readme), 0600);
      builder.add_file (".", root);
      var config = new Sandbox.Config ();
      config.add_command ("cat src/main.vala", false);

      var log = new ProgressLog ();
      Sandbox.Execution execution;
      if (blocking)
        execution = client.execute_builder (config, builder, null, (current, total) => {
          log.add (current, total);
        });
      else
        execution = yield client.execute_builder_async (config, builder, null,
                                                        (current, total) => {
          log.add (current, total);
        });
      check (execution.status == 0, @"execute_builder ($mode)");

      var request = fixture.last_request ();
      var environment = request.get_object_member ("environment");
      check (environment != null && environment.get_null_member ("error"),
             @"the server received a readable environment ($mode)");
      var files = new HashTable<string, Json.Object> (str_hash, str_equal);
      environment.get_array_member ("members").foreach_element ((array, index, node) => {
        var member = node.get_object ();
        if (member.get_string_member ("type") == "file")
          files[member.get_string_member ("path")] = member;
      });
      var names = files.get_keys_as_array ();
      qsort_with_data<string> (names, sizeof (string), (a, b) => strcmp (a, b));
      check_str (string.joinv (" ", names), "data.txt notes/readme.txt src/main.vala",
                 @"the environment's files ($mode)");
      check (files["notes/readme.txt"]?.get_int_member ("mode") == 0600 &&
             files["notes/readme.txt"]?.get_string_member ("sha256") ==
             Checksum.compute_for_data (ChecksumType.SHA256, readme) &&
             files["src/main.vala"]?.get_string_member ("sha256") ==
             Checksum.compute_for_data (ChecksumType.SHA256, main_vala) &&
             files["data.txt"]?.get_string_member ("sha256") ==
             Checksum.compute_for_data (ChecksumType.SHA256, big),
             @"the environment's contents and modes ($mode)");
      check (log.ended_at (request.get_int_member ("content_length")),
             @"execute_builder reports the progress of the request ($mode): $log");
    }
  remove_tree (root);
}

bool
same_members (HashTable<string, GLib.Bytes> found,
              HashTable<string, GLib.Bytes> expected)
{
  if (found.size () != expected.size ())
    return false;
  foreach (var path in expected.get_keys ())
    {
      if (!found.contains (path) || found[path].compare (expected[path]) != 0)
        return false;
    }
  return true;
}

async void
test_reader (Sandbox.Client client) throws GLib.Error
{
  var expected = fixture_members ();
  var found = new HashTable<string, GLib.Bytes> (str_hash, str_equal);
  bool all_regular = true;
  int64 size;

  var reader = new Sandbox.EnvironmentReader (client.download_stream (UUID, null, out size));
  Sandbox.EnvironmentMember? member;
  while ((member = reader.next ()) != null)
    {
      all_regular = all_regular && member.file_type == FileType.REGULAR &&
                    member.mode == 0644 && member.link_target == null &&
                    member.modification_time.to_unix () == 1700000000;
      found[member.path] = reader.read_bytes ();
    }
  check (same_members (found, expected),
         "the reader gives every member, read_bytes its contents");
  check (all_regular, "the members are regular files, 0644, of 2023-11-14");

  /* The same, asynchronously. */
  var stream = yield client.download_stream_async (UUID, null, null, out size);
  var reader2 = new Sandbox.EnvironmentReader (stream);
  found.remove_all ();
  while ((member = yield reader2.next_async (null)) != null)
    found[member.path] = yield reader2.read_bytes_async (null);
  check (same_members (found, expected), "next_async and read_bytes_async");
}

async void
test_download_to_directory (Sandbox.Client client) throws GLib.Error
{
  int64 size;
  client.query_file (UUID, null, null, out size);

  foreach (var blocking in new bool[] { true, false })
    {
      var mode = blocking ? "blocking" : "async";
      var root = File.new_for_path (DirUtils.make_tmp ("sandbox-vala-XXXXXX"));
      var log = new ProgressLog ();

      if (blocking)
        client.download_to_directory (UUID, root, null, (current, total) => {
          log.add (current, total);
        });
      else
        yield client.download_to_directory_async (UUID, root, null, (current, total) => {
          log.add (current, total);
        });
      check (same_tree (root, fixture_members ()), @"the files downloaded ($mode)");
      check (log.ended_at (size), @"download_to_directory reports its progress ($mode): $log");
      remove_tree (root);
    }
}

async void
test_retries (Sandbox.Client client,
              Fixture        fixture) throws GLib.Error
{
  check (client.max_retries == 3 && client.retry_delay == 0.5, "retry defaults");
  check (client.connect_timeout == 0 && client.read_timeout == 0, "timeout defaults");
  client.connect_timeout = 2.5;
  client.set_read_timeout (0.75);
  check (client.get_connect_timeout () == 2.5 && client.read_timeout == 0.75,
         "timeouts set and read");

  var flaky = new Sandbox.Client (fixture.url + "unavailable-1-vala/");
  flaky.retry_delay = 0.01;
  var node = yield flaky.get_specifications_async ();
  check (node.get_object ().get_object_member ("container").get_int_member ("count") == 20,
         "a 503 is retried");
  var counts = fixture.received ().get_object_member ("counts");
  check (counts.get_int_member ("GET /unavailable-1-vala/specifications/") == 2,
         "one retry after the 503");

  var once = new Sandbox.Client (fixture.url + "unavailable-1-vala0/");
  once.max_retries = 0;
  try
    {
      yield once.get_specifications_async ();
      check (false, "with max_retries 0, the 503 is the answer");
    }
  catch (Sandbox.Error.SERVICE_UNAVAILABLE e)
    {
      check (true, "with max_retries 0, the 503 is the answer");
    }
  counts = fixture.received ().get_object_member ("counts");
  check (counts.get_int_member ("GET /unavailable-1-vala0/specifications/") == 1,
         "no retry with max_retries 0");

  /* An answer 3 s late, against a read timeout of 0.3 s. */
  var slow = new Sandbox.Client (fixture.url + "delay-3000-vala/");
  slow.read_timeout = 0.3;
  try
    {
      yield slow.get_specifications_async ();
      check (false, "past the read timeout, IOError.TIMED_OUT");
    }
  catch (IOError.TIMED_OUT e)
    {
      check ("read" in e.message, "past the read timeout, IOError.TIMED_OUT: " + e.message);
    }
}

async void
run_tests () throws GLib.Error
{
  var fixture = new Fixture ();
  var client = new Sandbox.Client (fixture.url);

  check_str (client.base_url, fixture.url, "base_url");
  test_bad_url ();
  test_config ();
  yield test_specifications (client);
  yield test_execute (client, fixture);
  yield test_downloads (client);
  yield test_errors (client);
  yield test_builder (client, fixture);
  yield test_reader (client);
  yield test_download_to_directory (client);
  yield test_retries (client, fixture);
  fixture.stop ();
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
