/* haproxy-launcher.c
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <sys/prctl.h>

#include <glib/gstdio.h>

#include "haproxy-launcher.h"

/* The block of docs/fleet.md (installed beside the installed tests) whose
 * first line is "# @name…". */
static char *
fleet_config (const char *name)
{
  g_autofree char *page = g_test_build_filename (G_TEST_DIST, "fleet.md", NULL);
  g_autofree char *text = NULL;
  g_autofree char *marker = g_strconcat ("```haproxy\n# ", name, NULL);
  g_autoptr(GError) error = NULL;
  const char *start;
  const char *end;

  if (!g_file_test (page, G_FILE_TEST_EXISTS))
    {
      g_free (page);
      page = g_test_build_filename (G_TEST_DIST, "..", "..", "docs", "fleet.md", NULL);
    }
  g_file_get_contents (page, &text, NULL, &error);
  g_assert_no_error (error);
  start = strstr (text, marker);
  g_assert_nonnull (start);
  start += strlen ("```haproxy\n");
  end = strstr (start, "```");
  g_assert_nonnull (end);
  return g_strndup (start, end - start);
}

static guint
free_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  g_socket_bind (socket, any, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

/* The page's configuration with its servers replaced by @servers. */
static char *
adapt_config (const char      *config,
              guint            port,
              LaunchedServer **servers,
              guint            n_servers)
{
  g_auto(GStrv) lines = g_strsplit (config, "\n", -1);
  GString *out = g_string_new (NULL);
  gboolean bound = FALSE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];

      if (g_str_has_prefix (line, "    server "))
        continue;
      if (strcmp (line, "    bind :8080") == 0)
        {
          g_string_append_printf (out, "    bind 127.0.0.1:%u\n", port);
          bound = TRUE;
        }
      else if (strcmp (line, "    balance leastconn") == 0)
        g_string_append (out, "    balance roundrobin\n");
      else
        g_string_append_printf (out, "%s\n", line);
    }
  g_assert_true (bound);
  for (guint i = 0; i < n_servers; i++)
    g_string_append_printf (out, "    server s%u 127.0.0.1:%u\n", i + 1, servers[i]->port);
  return g_string_free (out, FALSE);
}

static gboolean
can_connect (guint port)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection =
    g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, NULL);

  return connection != NULL;
}

/* A test that aborts must not leave haproxy holding its output. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

Haproxy *
haproxy_start (const char      *name,
               LaunchedServer **servers,
               guint            n_servers)
{
  Haproxy *self = g_new0 (Haproxy, 1);
  g_autofree char *page_config = fleet_config (name);
  guint port = free_port ();
  g_autofree char *config = adapt_config (page_config, port, servers, n_servers);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  int fd;

  fd = g_file_open_tmp ("sandbox-haproxy-XXXXXX.cfg", &self->config_path, &error);
  g_assert_no_error (error);
  close (fd);
  g_file_set_contents (self->config_path, config, -1, &error);
  g_assert_no_error (error);
  g_test_message ("%s", config);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  self->process = g_subprocess_launcher_spawn (launcher, &error, "haproxy", "-db", "-f",
                                               self->config_path, NULL);
  g_assert_no_error (error);
  for (guint i = 0; i < 300 && !can_connect (port); i++)
    {
      /* Still running (the identifier goes when it exits). */
      g_assert_nonnull (g_subprocess_get_identifier (self->process));
      g_usleep (100 * 1000);
    }
  g_assert_true (can_connect (port));
  self->front.url = g_strdup_printf ("http://127.0.0.1:%u/", port);
  self->front.port = port;
  return self;
}

void
haproxy_stop (Haproxy *self)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (self->process, SIGTERM);
  g_subprocess_wait (self->process, NULL, &error);
  g_assert_no_error (error);
  g_unlink (self->config_path);
  g_free (self->config_path);
  g_free (self->front.url);
  g_object_unref (self->process);
  g_free (self);
}

gboolean
haproxy_skip_if_absent (void)
{
  g_autofree char *path = g_find_program_in_path ("haproxy");

  if (path == NULL)
    g_test_skip ("haproxy is not installed (Debian: apt-get install haproxy; "
                 "build-aux/install-deps installs it)");
  return path == NULL;
}
