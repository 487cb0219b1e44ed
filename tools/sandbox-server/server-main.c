/* server-main.c
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <glib-unix.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "server-cgroup.h"
#include "server-context.h"
#include "server-environments.h"
#include "server-execute.h"
#include "server-fsutil.h"
#include "server-isolation.h"
#include "server-libraries.h"
#include "server-quota.h"
#include "server-routes.h"
#include "server-sandbox-bwrap.h"

/* sandbox-server: a local server speaking the sandbox protocol. Parses the
 * options, prepares storage and isolation, listens, prints its URL as the
 * first line of stdout, and serves until SIGINT or SIGTERM. */

#define KIB G_GUINT64_CONSTANT (1024)
#define MIB (KIB * 1024)
#define GIB (MIB * 1024)
#define DEFAULT_PROCESSES 256
#define MAX_INSTANCE_ID 256

static ServerSettings settings = {
  .port = 7000,
  .timeout = 10.0,
  .slot_wait = 2.0,
  .output_limit = 1 * MIB,
  .result_limit = 16 * MIB,
  .expiry = 86400.0,
  .sweep_interval = 300.0,
  .max_request = 256 * MIB,
  .max_spooled = 1 * GIB,
  .connection_timeout = 60,
  .max_unpacked = 1 * GIB,
  .max_members = 100000,
  .limit_memory = 2 * GIB,
  .limit_file_size = 256 * MIB,
  .limit_processes = DEFAULT_PROCESSES,
  .tmp_size = 64 * MIB,
  .disk_limit = 1 * GIB,
  .sandbox_uid = 65534,
  .sandbox_gid = 65534,
  .usage_interval = 0.25,
};

/* Options that need checking before they go into the settings. */
static char *work_dir_option;
static int port_option = 7000;
static int slots_option;
static int members_option = -1;
static int processes_option = -1;
static int cpu_option = -1;
static int uid_option = -1;
static int gid_option = -1;
static int connection_timeout_option = -1;

static gboolean
parse_size (const char  *text,
            guint64     *out,
            GError     **error)
{
  char *end = NULL;
  guint64 value;
  guint64 unit = 1;

  errno = 0;
  value = g_ascii_strtoull (text, &end, 10);
  if (errno != 0 || end == text)
    goto bad;
  switch (g_ascii_toupper (*end))
    {
    case 'K': unit = KIB; end++; break;
    case 'M': unit = MIB; end++; break;
    case 'G': unit = GIB; end++; break;
    default: break;
    }
  if (*end == 'i' || *end == 'I')
    end++;
  if (*end == 'B' || *end == 'b')
    end++;
  if (*end != '\0' || value > G_MAXUINT64 / unit)
    goto bad;

  *out = value * unit;
  return TRUE;

bad:
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               "Cannot parse the size “%s” (bytes, or with K, M or G)", text);
  return FALSE;
}

static gboolean
size_option (const char  *name,
             const char  *value,
             gpointer     data,
             GError     **error)
{
  static const struct { const char *name; guint64 *field; } fields[] = {
    { "--output-limit", &settings.output_limit },
    { "--result-limit", &settings.result_limit },
    { "--max-request", &settings.max_request },
    { "--max-spooled", &settings.max_spooled },
    { "--max-unpacked", &settings.max_unpacked },
    { "--memory-limit", &settings.limit_memory },
    { "--file-size-limit", &settings.limit_file_size },
    { "--tmp-size", &settings.tmp_size },
    { "--disk-limit", &settings.disk_limit },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (fields); i++)
    if (strcmp (name, fields[i].name) == 0)
      return parse_size (value, fields[i].field, error);
  return FALSE;
}

static const GOptionEntry entries[] = {
  { "port", 'p', 0, G_OPTION_ARG_INT, &port_option,
    "Port to listen on, 0 for any free one (default: 7000)", "PORT" },
  { "listen", 'l', 0, G_OPTION_ARG_STRING_ARRAY, &settings.listen,
    "Address to listen on (repeatable; default: 127.0.0.1 and ::1)", "ADDRESS" },
  { "slots", 'j', 0, G_OPTION_ARG_INT, &slots_option,
    "Executions at once (default: number of CPUs)", "N" },
  { "timeout", 't', 0, G_OPTION_ARG_DOUBLE, &settings.timeout,
    "Time budget of a whole execute request (default: 10)", "SECONDS" },
  { "slot-wait", 0, 0, G_OPTION_ARG_DOUBLE, &settings.slot_wait,
    "Wait for a free slot before answering 503 (default: 2)", "SECONDS" },
  { "expiry", 'e', 0, G_OPTION_ARG_DOUBLE, &settings.expiry,
    "How long saved environments are kept (default: 86400)", "SECONDS" },
  { "storage", 's', 0, G_OPTION_ARG_FILENAME, &settings.storage_dir,
    "Where environments are stored (default: "
    "$XDG_CACHE_HOME/sandbox-server/environments)", "DIR" },
  { "work-dir", 'w', 0, G_OPTION_ARG_FILENAME, &work_dir_option,
    "Where working directories are made (default: the temporary directory)",
    "DIR" },
  { "sweep-interval", 0, 0, G_OPTION_ARG_DOUBLE, &settings.sweep_interval,
    "Interval between removals of expired environments (default: 300)",
    "SECONDS" },
  { "output-limit", 0, 0, G_OPTION_ARG_CALLBACK, size_option,
    "Bytes of stdout and of stderr kept per command (default: 1M)", "SIZE" },
  { "result-limit", 0, 0, G_OPTION_ARG_CALLBACK, size_option,
    "Bytes of the result file kept (default: 16M)", "SIZE" },
  { "max-request", 0, 0, G_OPTION_ARG_CALLBACK, size_option,
    "Largest request body, written to the work directory as it arrives: "
    "bodies take at most (slots + 1) times this in memory, mapped from disk "
    "(default: 256M)", "SIZE" },
  { "max-spooled", 0, 0, G_OPTION_ARG_CALLBACK, size_option,
    "Request bodies in the work directory at once, 0 for no limit: one that "
    "would pass it gets 503 (default: 1G)", "SIZE" },
  { "connection-timeout", 0, 0, G_OPTION_ARG_INT, &connection_timeout_option,
    "Close a connection that makes no progress (idle between requests, or a "
    "request or answer that stops) for this long, 0 for never (default: 60)",
    "SECONDS" },
  { "max-unpacked", 0, 0, G_OPTION_ARG_CALLBACK, size_option,
    "Largest unpacked environment (default: 1G)", "SIZE" },
  { "max-members", 0, 0, G_OPTION_ARG_INT, &members_option,
    "Most members in an environment (default: 100000)", "N" },
  { "memory-limit", 0, 0, G_OPTION_ARG_CALLBACK, size_option,
    "Memory of an execution, 0 for none: with --tmp-size and --disk-limit, "
    "its budget in a control group; also each process's address space "
    "(default: 2G)", "SIZE" },
  { "file-size-limit", 0, 0, G_OPTION_ARG_CALLBACK, size_option,
    "Largest file a command writes, 0 for none (default: 256M)", "SIZE" },
  { "processes", 0, 0, G_OPTION_ARG_INT, &processes_option,
    "Processes of an execution, 0 for no limit (default: 256; without a "
    "control group, of the sandbox user, and only when run as root)", "N" },
  { "cpu-limit", 0, 0, G_OPTION_ARG_INT, &cpu_option,
    "CPU seconds of a command (default: its timeout plus one)", "SECONDS" },
  { "tmp-size", 0, 0, G_OPTION_ARG_CALLBACK, size_option,
    "Size of each command's /tmp (default: 64M)", "SIZE" },
  { "disk-limit", 0, 0, G_OPTION_ARG_CALLBACK, size_option,
    "Size of each execution's working directory, 0 for none (default: 1G)",
    "SIZE" },
  { "uid", 0, 0, G_OPTION_ARG_INT, &uid_option,
    "User id commands run as (default: 65534)", "UID" },
  { "gid", 0, 0, G_OPTION_ARG_INT, &gid_option,
    "Group id commands run as (default: 65534)", "GID" },
  { "bwrap", 0, 0, G_OPTION_ARG_FILENAME, &settings.bwrap_path,
    "The bubblewrap program (default: bwrap on PATH)", "PATH" },
  { "no-isolation", 0, 0, G_OPTION_ARG_NONE, &settings.no_isolation,
    "Run commands without bubblewrap (unsafe)", NULL },
  { "allow-weaker-isolation", 0, 0, G_OPTION_ARG_NONE, &settings.allow_weaker,
    "Start even when commands cannot be isolated as configured: as root, "
    "when bubblewrap cannot run as --uid (commands then run as root mapped "
    "into a user namespace) or no control group can be made (executions "
    "then have no memory and process budget)", NULL },
  { "usage-interval", 0, 0, G_OPTION_ARG_DOUBLE, &settings.usage_interval,
    "Sampling interval of usages/ (default: 0.25)", "SECONDS" },
  { "instance-id", 0, 0, G_OPTION_ARG_STRING, &settings.instance_id,
    "Name of this instance, sent in the Sandbox-Instance header of every "
    "answer (default: the host name and the port, HOST:PORT)", "NAME" },
  { "clock-offset", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_DOUBLE,
    &settings.clock_offset,
    "For tests: act as if this host's clock were off by this much "
    "(negative: behind)", "SECONDS" },
  { "verbose", 'v', 0, G_OPTION_ARG_NONE, &settings.verbose,
    "Log each request", NULL },
  { NULL }
};

/* It goes into a header as it is. */
static gboolean
valid_instance_id (const char *id)
{
  gsize len = strlen (id);

  if (len == 0 || len > MAX_INSTANCE_ID || id[0] == ' ' || id[len - 1] == ' ')
    return FALSE;
  for (const char *p = id; *p != '\0'; p++)
    if (*p < 0x20 || *p > 0x7e)
      return FALSE;
  return TRUE;
}

static gboolean
check_options (GError **error)
{
  if (port_option < 0 || port_option > 65535)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--port must be between 0 and 65535");
      return FALSE;
    }
  settings.port = port_option;
  settings.slots = slots_option > 0 ? (guint) slots_option
                                    : g_get_num_processors ();
  if (settings.timeout <= 0 || settings.slot_wait < 0 || settings.expiry <= 0
      || settings.sweep_interval <= 0 || settings.usage_interval < 0)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "Durations must be positive");
      return FALSE;
    }
  if (members_option >= 0)
    settings.max_members = members_option;
  if (connection_timeout_option >= 0)
    settings.connection_timeout = connection_timeout_option;
  if (settings.max_spooled != 0 && settings.max_spooled < settings.max_request)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--max-spooled must be 0 or at least --max-request");
      return FALSE;
    }
  if (cpu_option >= 0)
    settings.limit_cpu = cpu_option;
  if (uid_option >= 0)
    settings.sandbox_uid = uid_option;
  if (gid_option >= 0)
    settings.sandbox_gid = gid_option;
  if (processes_option >= 0)
    settings.limit_processes = processes_option;
  else if (geteuid () != 0)
    settings.limit_processes = 0;  /* It would count the user's own. */
  if (settings.output_limit == 0)
    settings.output_limit = 1;
  if (settings.instance_id != NULL && !valid_instance_id (settings.instance_id))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--instance-id must be 1 to %d printable ASCII characters",
                   MAX_INSTANCE_ID);
      return FALSE;
    }
  for (char **a = settings.listen; a != NULL && *a != NULL; a++)
    if (!g_hostname_is_ip_address (*a))
      {
        g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                     "--listen: “%s” is not an IP address", *a);
        return FALSE;
      }
  return TRUE;
}

/* Missing parents get 0755: the sandbox user may have to go through. */
static gboolean
make_dir (const char  *path,
          int          mode,
          GError     **error)
{
  g_autofree char *parent = g_path_get_dirname (path);

  if (g_mkdir_with_parents (parent, 0755) != 0
      || (g_mkdir (path, mode) != 0 && errno != EEXIST))
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                   "Cannot create %s: %s", path, g_strerror (errno));
      return FALSE;
    }
  return TRUE;
}

static gboolean
prepare_dirs (GError **error)
{
  g_autofree char *base = NULL;

  if (settings.storage_dir == NULL)
    settings.storage_dir = g_build_filename (g_get_user_cache_dir (),
                                             "sandbox-server", "environments",
                                             NULL);
  if (!make_dir (settings.storage_dir, 0700, error))
    return FALSE;
  settings.storage_clock = server_storage_clock_new (settings.storage_dir,
                                                     settings.clock_offset);
  /* Its file is there before any request: the storage's content is stable
   * from the start. */
  server_storage_clock_now (settings.storage_clock, TRUE);

  base = g_strdup (work_dir_option != NULL ? work_dir_option
                                           : g_get_tmp_dir ());
  /* As root, the sandbox user must be able to go through it. */
  if (work_dir_option != NULL
      && !make_dir (base, geteuid () == 0 ? 0711 : 0700, error))
    return FALSE;

  settings.work_root = g_build_filename (base, "sandbox-server-XXXXXX", NULL);
  if (g_mkdtemp_full (settings.work_root, 0700) == NULL)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                   "Cannot create a directory in %s: %s", base,
                   g_strerror (errno));
      return FALSE;
    }
  /* Commands' own directories inside are reachable by the sandbox user. */
  if (geteuid () == 0)
    g_chmod (settings.work_root, 0711);
  return TRUE;
}

/* The address of each listening socket (soup_server_get_uris() leaks in
 * libsoup 3.2). Sorted IPv4 first. */
static GPtrArray *
listening_addresses (SoupServer *server)
{
  GPtrArray *addresses = g_ptr_array_new_with_free_func (g_object_unref);
  GSList *listeners = soup_server_get_listeners (server);

  for (GSList *l = listeners; l != NULL; l = l->next)
    {
      GSocketAddress *address = g_socket_get_local_address (l->data, NULL);

      if (address == NULL)
        continue;
      if (g_socket_address_get_family (address) == G_SOCKET_FAMILY_IPV4)
        g_ptr_array_insert (addresses, 0, address);
      else
        g_ptr_array_add (addresses, address);
    }
  g_slist_free (listeners);
  return addresses;
}

/* libsoup listens with GSocket's backlog of 10: more clients connecting at
 * once than that (a client with many requests in flight) overflow the
 * queue of accepted connections, and some are reset. Listening again on
 * a listening socket only changes its backlog. */
static gboolean
widen_backlogs (SoupServer  *server,
                GError     **error)
{
  g_autoptr(GSList) listeners = soup_server_get_listeners (server);

  /* GSocket takes a new backlog only before it listens: listen(2) here. */
  for (GSList *l = listeners; l != NULL; l = l->next)
    if (listen (g_socket_get_fd (l->data), SOMAXCONN) != 0)
      {
        int saved_errno = errno;

        g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                     "Cannot widen the listening queue: %s", g_strerror (saved_errno));
        return FALSE;
      }
  return TRUE;
}

static gboolean
listen_sockets (SoupServer  *server,
                GError     **error)
{
  guint port = settings.port;

  if (settings.listen == NULL || settings.listen[0] == NULL)
    {
      g_autoptr(GError) local_error = NULL;

      if (soup_server_listen_local (server, port, 0, &local_error))
        return TRUE;
      soup_server_disconnect (server);
      return soup_server_listen_local (server, port,
                                       SOUP_SERVER_LISTEN_IPV4_ONLY, error);
    }

  for (char **a = settings.listen; *a != NULL; a++)
    {
      g_autoptr(GInetAddress) address = g_inet_address_new_from_string (*a);
      g_autoptr(GSocketAddress) socket_address = NULL;
      g_autoptr(GPtrArray) bound = NULL;

      if (address == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "“%s” is not an IP address", *a);
          return FALSE;
        }
      socket_address = g_inet_socket_address_new (address, port);
      if (!soup_server_listen (server, socket_address, 0, error))
        return FALSE;

      /* Every address on the same port, even when it was chosen. */
      bound = listening_addresses (server);
      if (port == 0 && bound->len > 0)
        port = g_inet_socket_address_get_port (bound->pdata[0]);
    }

  return TRUE;
}

static gboolean
listen_all (SoupServer  *server,
            GError     **error)
{
  return listen_sockets (server, error) && widen_backlogs (server, error);
}

/* HOST:PORT, the port of the first listening socket. */
static char *
default_instance_id (SoupServer *server)
{
  g_autoptr(GPtrArray) addresses = listening_addresses (server);
  guint port = settings.port;
  char *id;

  if (addresses->len > 0)
    port = g_inet_socket_address_get_port (addresses->pdata[0]);
  id = g_strdup_printf ("%s:%u", g_get_host_name (), port);
  if (!valid_instance_id (id))
    {
      g_free (id);
      id = g_strdup_printf ("sandbox-server:%u", port);
    }
  return id;
}

static void
print_url (SoupServer *server)
{
  g_autoptr(GPtrArray) addresses = listening_addresses (server);
  GInetSocketAddress *address;
  g_autofree char *host = NULL;

  if (addresses->len == 0)
    return;

  address = addresses->pdata[0];
  host = g_inet_address_to_string (g_inet_socket_address_get_address (address));
  if (strchr (host, ':') != NULL)
    printf ("http://[%s]:%u/\n", host, g_inet_socket_address_get_port (address));
  else
    printf ("http://%s:%u/\n", host, g_inet_socket_address_get_port (address));
  fflush (stdout);
}

static gboolean
sweep (gpointer user_data)
{
  guint removed = server_environments_sweep (&settings);

  if (removed > 0 && settings.verbose)
    g_message ("Removed %u expired environment(s)", removed);
  return G_SOURCE_CONTINUE;
}

static void
settings_clear (ServerSettings *s)
{
  g_clear_pointer (&s->listen, g_strfreev);
  g_clear_pointer (&s->storage_dir, g_free);
  g_clear_pointer (&s->storage_clock, server_storage_clock_free);
  g_clear_pointer (&s->instance_id, g_free);
  g_clear_pointer (&s->work_root, g_free);
  g_clear_pointer (&s->bwrap_path, g_free);
  g_clear_pointer (&s->bash_path, g_free);
  g_clear_pointer (&s->etc_dir, g_free);
  g_clear_pointer (&s->bwrap_args, g_strfreev);
  g_clear_pointer (&s->isolation, g_free);
  g_clear_pointer (&s->isolation_warning, g_free);
  g_clear_pointer (&s->cgroup_mode, g_free);
  g_clear_pointer (&work_dir_option, g_free);
}

static gboolean
quit (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

static void
raise_fd_limit (void)
{
  struct rlimit rl;

  if (getrlimit (RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max)
    {
      rl.rlim_cur = MIN (rl.rlim_max, 65536);
      setrlimit (RLIMIT_NOFILE, &rl);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  ServerContext ctx = { 0 };

  setlocale (LC_ALL, "C.UTF-8");
  signal (SIGPIPE, SIG_IGN);
  raise_fd_limit ();

  context = g_option_context_new ("— serve the sandbox protocol locally");
  g_option_context_set_description (context,
    "Once it listens, it prints its URL as the first line of stdout.\n"
    "SIGINT and SIGTERM stop it.\n"
    "\n"
    "Exit status:\n"
    "  0   stopped by SIGINT or SIGTERM\n"
    "  1   could not start: a directory could not be made, bubblewrap does\n"
    "      not work (see --no-isolation), commands cannot be isolated as\n"
    "      configured (see --allow-weaker-isolation), or it could not listen\n"
    "  2   bad usage: an unknown option or an invalid value");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error)
      || !check_options (&error))
    {
      g_printerr ("sandbox-server: %s\n", error->message);
      return 2;
    }

  /* While the server has a single thread. */
  if (!server_quota_setup (&settings, &error))
    {
      g_printerr ("sandbox-server: warning: working directories are not "
                  "size-limited (--disk-limit): %s\n", error->message);
      g_clear_error (&error);
    }

  if (!prepare_dirs (&error))
    {
      g_printerr ("sandbox-server: %s\n", error->message);
      return 1;
    }

  if (!server_isolation_setup (&settings, &error))
    {
      g_printerr ("sandbox-server: %s\n"
                  "Use --no-isolation to run commands without isolation "
                  "(unsafe).\n", error->message);
      server_bwrap_release (&settings);
      server_cgroup_teardown (&settings);
      server_fs_remove_tree (settings.work_root);
      return 1;
    }
  /* The default counts each execution's processes once a control group
   * can; without one, as root only (RLIMIT_NPROC would count the user's
   * own). */
  if (processes_option < 0 && settings.cgroup_pids_dir != NULL)
    settings.limit_processes = DEFAULT_PROCESSES;
  if (settings.no_isolation)
    g_printerr ("sandbox-server: warning: %s\n", settings.isolation_warning);

  ctx.settings = &settings;
  ctx.server = soup_server_new ("server-header", "sandbox-server/" PACKAGE_VERSION,
                                NULL);
  ctx.slots = server_slots_new (settings.slots, settings.slot_wait);
  ctx.pool = server_execute_pool_new (settings.slots);
  ctx.libraries = server_libraries_new ();
  ctx.running = g_hash_table_new (NULL, NULL);
  ctx.work_root_fd = open (settings.work_root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  server_routes_install (&ctx);

  if (!listen_all (ctx.server, &error))
    {
      g_printerr ("sandbox-server: Cannot listen: %s\n", error->message);
      server_bwrap_release (&settings);
      server_cgroup_teardown (&settings);
      server_fs_remove_tree (settings.work_root);
      return 1;
    }

  if (settings.instance_id == NULL)
    settings.instance_id = default_instance_id (ctx.server);
  print_url (ctx.server);
  if (settings.verbose)
    g_message ("Isolation: %s; control groups: %s; %u slot(s); storage in %s",
               settings.isolation, settings.cgroup_mode, settings.slots,
               settings.storage_dir);

  server_environments_sweep (&settings);
  loop = g_main_loop_new (NULL, FALSE);
  g_timeout_add ((guint) MIN (settings.sweep_interval * 1000, G_MAXUINT),
                 sweep, NULL);
  g_unix_signal_add (SIGINT, quit, loop);
  g_unix_signal_add (SIGTERM, quit, loop);
  g_main_loop_run (loop);

  soup_server_disconnect (ctx.server);
  server_execute_shutdown (&ctx);
  server_bwrap_release (&settings);
  server_cgroup_teardown (&settings);
  server_fs_remove_tree (settings.work_root);

  server_slots_free (ctx.slots);
  server_libraries_free (ctx.libraries);
  g_hash_table_unref (ctx.running);
  g_object_unref (ctx.server);
  close (ctx.work_root_fd);
  settings_clear (&settings);
  return 0;
}
