/* sandbox-server-launcher.h
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The built sandbox-server, started by the integration, server, GTK and
 * soak tests on 127.0.0.1 with an ephemeral port, its storage and working
 * directories in a private temporary directory (mode 0711, so that the
 * sandbox user can reach its working directories) removed when it stops.
 * Should the test abort, the server goes with it. */
typedef struct
{
  GSubprocess      *process;
  GDataInputStream *output;     /* its stdout, after the URL */
  char             *url;        /* "http://127.0.0.1:PORT/"; NULL if it exited first */
  guint             port;
  char             *pid;
  char             *directory;  /* the private directory, or the one given */
  char             *storage;
  char             *work;
  gboolean          owns_directory;
} LaunchedServer;

typedef struct
{
  const char       *program;    /* NULL: $SANDBOX_SERVER */
  const char       *directory;  /* NULL: a private one, removed when it stops */
  GSubprocessFlags  flags;      /* more than the stdout pipe, e.g. a stderr pipe */
} LaunchedServerSetup;

/* Spawns the server with @options (NULL-terminated, or NULL) after its
 * own, and reads its URL: self->url is NULL when it exited first (its
 * status then comes from launched_server_stop()). NULL and @error only if
 * it could not be spawned. */
LaunchedServer *launched_server_spawn         (const LaunchedServerSetup *setup,
                                               const char * const        *options,
                                               GError                   **error);
/* The same, as an error when it exits before it prints its URL. */
LaunchedServer *launched_server_try_start     (const LaunchedServerSetup *setup,
                                               const char * const        *options,
                                               GError                   **error);
/* Starts it with the options given, a NULL-terminated list; asserts that
 * it starts. */
LaunchedServer *launched_server_start         (const char                *first_option,
                                               ...) G_GNUC_NULL_TERMINATED;
/* Starts it as launched_server_start() does into *@server, runs the
 * tests, stops it and asserts that it exits with 0: answers what
 * g_test_run() answered. */
int             launched_server_run_tests     (LaunchedServer           **server,
                                               const char                *first_option,
                                               ...) G_GNUC_NULL_TERMINATED;
const char     *launched_server_get_url       (LaunchedServer            *self);
char           *launched_server_dup_url       (LaunchedServer            *self,
                                               const char                *path);
/* Stops it (SIGTERM, SIGKILL after 30 s), removes its private directory,
 * frees it; its exit status, -1 if a signal ended it. With
 * G_SUBPROCESS_FLAGS_STDERR_PIPE, launched_server_stop_with_log() also
 * answers all it wrote to stderr. */
int             launched_server_stop          (LaunchedServer            *self);
int             launched_server_stop_with_log (LaunchedServer            *self,
                                               char                     **out_log);
void            launched_server_free          (LaunchedServer            *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LaunchedServer, launched_server_free)

G_END_DECLS
