/* server-connections.c
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <errno.h>
#include <sys/socket.h>

#include "server-connections.h"

/* What libsoup 3.2's SoupServer does not do for its connections.
 *
 * Time-outs: with a timeout of N seconds, every read and write on a
 * connection's socket that makes no progress for N seconds fails (GSocket's
 * own timeout, which libsoup's pollable sources honour): a client that stops
 * sending its headers or its body, or stops reading an answer, loses its
 * connection, and a request cut off so gives back its spooled body. A
 * request being handled (its message paused) waits on no socket, so an
 * execution may take longer. A kept-alive connection waiting for its next
 * request is closed here after N seconds (libsoup would fail its read but
 * keep the connection).
 *
 * Closed while idle: libsoup 3.2 reads the end of a kept-alive connection
 * while waiting for its next request, but as no request has started it
 * tells no one and neither closes nor forgets it: every download (the only
 * answers that keep the connection) would leave a socket in CLOSE_WAIT and
 * its objects for ever. After each answer the connection's socket is
 * watched at a higher priority than libsoup's own reading, so the watch
 * sees the end of the stream (or the time-out) first and takes the
 * connection from libsoup (through the message just answered, which still
 * knows it) to close it; a new request ends the watch.
 *
 * The accepted socket: libsoup before 3.4 keeps one reference too many to
 * each socket it accepts (fixed upstream by "soup-listener: Plug a leak"),
 * so every connection left about 350 bytes behind for ever. The first
 * request of a connection, signalled as it is accepted, drops that
 * reference when it is there. */

#define IDLE_CONNECTIONS "sandbox-server-idle-connections"
#define SOCKET_SEEN "sandbox-server-socket-seen"

typedef struct
{
  GHashTable  *idle;
  guint        timeout;
} Connections;

typedef struct
{
  GSource            *source;
  SoupServerMessage  *answered;
  gint64              since;
} IdleConnection;

static void
connections_free (Connections *connections)
{
  g_hash_table_unref (connections->idle);
  g_free (connections);
}

static void
idle_connection_free (gpointer data)
{
  IdleConnection *idle = data;

  g_source_destroy (idle->source);
  g_source_unref (idle->source);
  g_object_unref (idle->answered);
  g_free (idle);
}

/* Whether @connection has waited its whole timeout (its socket source
 * wakes then, with nothing to read). */
static gboolean
timed_out (Connections    *connections,
           IdleConnection *connection)
{
  /* A little early: the socket's own timer may round down. */
  gint64 waited = g_get_monotonic_time () - connection->since + G_USEC_PER_SEC / 10;

  return connections->timeout > 0
         && waited >= (gint64) connections->timeout * G_USEC_PER_SEC;
}

static gboolean
idle_socket_ready (GSocket      *socket,
                   GIOCondition  condition,
                   gpointer      user_data)
{
  Connections *connections = user_data;
  IdleConnection *connection = g_hash_table_lookup (connections->idle, socket);
  char byte;
  gssize n = -1;

  if (!g_socket_is_closed (socket))
    {
      do
        n = recv (g_socket_get_fd (socket), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
      while (n < 0 && errno == EINTR);

      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)
          && (connection == NULL || !timed_out (connections, connection)))
        return G_SOURCE_CONTINUE;
    }

  /* The end, an error or the time-out, no request started: libsoup would
   * keep it. */
  if (n <= 0 && connection != NULL && !g_socket_is_closed (socket))
    {
      g_autoptr(GIOStream) stream =
        soup_server_message_steal_connection (connection->answered);

      if (stream != NULL)
        g_io_stream_close (stream, NULL, NULL);
    }

  /* Otherwise data: a request is coming, which libsoup reads. */
  g_hash_table_remove (connections->idle, socket);
  return G_SOURCE_REMOVE;
}

/* Drops the reference libsoup's listener keeps (see above): the socket is
 * then held once, by its connection, as libsoup 3.4 leaves it. */
static void
drop_leaked_reference (GSocket *socket)
{
  if (soup_get_major_version () == 3 && soup_get_minor_version () < 4
      && g_atomic_int_get ((int *) &G_OBJECT (socket)->ref_count) == 2)
    g_object_unref (socket);
}

static void
request_started (SoupServer        *server,
                 SoupServerMessage *msg,
                 Connections       *connections)
{
  GSocket *socket = soup_server_message_get_socket (msg);

  if (socket == NULL)
    return;
  g_hash_table_remove (connections->idle, socket);
  if (g_object_get_data (G_OBJECT (socket), SOCKET_SEEN) != NULL)
    return;

  /* Just accepted. */
  g_object_set_data (G_OBJECT (socket), SOCKET_SEEN, GINT_TO_POINTER (1));
  g_socket_set_timeout (socket, connections->timeout);
  drop_leaked_reference (socket);
}

static gboolean
says_close (SoupMessageHeaders *headers)
{
  return soup_message_headers_header_contains (headers, "Connection", "close");
}

static void
request_finished (SoupServer        *server,
                  SoupServerMessage *msg,
                  Connections       *connections)
{
  GSocket *socket = soup_server_message_get_socket (msg);
  IdleConnection *connection;

  if (socket == NULL || g_socket_is_closed (socket)
      || says_close (soup_server_message_get_request_headers (msg))
      || says_close (soup_server_message_get_response_headers (msg)))
    return;

  connection = g_new0 (IdleConnection, 1);
  connection->answered = g_object_ref (msg);
  connection->since = g_get_monotonic_time ();
  connection->source = g_socket_create_source (socket, G_IO_IN | G_IO_HUP | G_IO_ERR,
                                               NULL);
  g_source_set_priority (connection->source, G_PRIORITY_HIGH);
  g_source_set_callback (connection->source, G_SOURCE_FUNC (idle_socket_ready),
                         connections, NULL);
  g_source_attach (connection->source, g_main_context_get_thread_default ());
  g_hash_table_replace (connections->idle, g_object_ref (socket), connection);
}

/* Watches @server's connections for as long as it lives; @timeout is in
 * seconds, 0 for none. */
void
server_connections_watch (SoupServer *server,
                          guint       timeout)
{
  Connections *connections = g_new0 (Connections, 1);

  connections->idle = g_hash_table_new_full (NULL, NULL, g_object_unref,
                                             idle_connection_free);
  connections->timeout = timeout;
  g_object_set_data_full (G_OBJECT (server), IDLE_CONNECTIONS, connections,
                          (GDestroyNotify) connections_free);
  g_signal_connect (server, "request-started", G_CALLBACK (request_started),
                    connections);
  g_signal_connect (server, "request-finished", G_CALLBACK (request_finished),
                    connections);
}
