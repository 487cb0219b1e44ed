/* server-connections.c
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <errno.h>
#include <sys/socket.h>

#include "server-connections.h"

/* Closes the kept-alive connections that their client closed while they
 * were idle. libsoup 3.2 reads the end of such a connection while waiting
 * for its next request, but as no request has started it tells no one and
 * neither closes nor forgets it: every download (the only answers that keep
 * the connection) would leave a socket in CLOSE_WAIT and its objects for
 * ever.
 *
 * After each answer the connection's socket is watched at a higher priority
 * than libsoup's own reading, so the watch sees the end of the stream first
 * and takes the connection from libsoup (through the message just answered,
 * which still knows it) to close it; a new request ends the watch. */

#define IDLE_CONNECTIONS "sandbox-server-idle-connections"

typedef struct
{
  GSource            *source;
  SoupServerMessage  *answered;
} IdleConnection;

static void
idle_connection_free (gpointer data)
{
  IdleConnection *idle = data;

  g_source_destroy (idle->source);
  g_source_unref (idle->source);
  g_object_unref (idle->answered);
  g_free (idle);
}

static gboolean
idle_socket_ready (GSocket      *socket,
                   GIOCondition  condition,
                   gpointer      user_data)
{
  GHashTable *idle = user_data;
  IdleConnection *connection = g_hash_table_lookup (idle, socket);
  char byte;
  gssize n = -1;

  if (!g_socket_is_closed (socket))
    {
      do
        n = recv (g_socket_get_fd (socket), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
      while (n < 0 && errno == EINTR);

      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        return G_SOURCE_CONTINUE;
    }

  /* The end or an error, no request started: libsoup would keep it. */
  if (n <= 0 && connection != NULL && !g_socket_is_closed (socket))
    {
      g_autoptr(GIOStream) stream =
        soup_server_message_steal_connection (connection->answered);

      if (stream != NULL)
        g_io_stream_close (stream, NULL, NULL);
    }

  /* Otherwise data: a request is coming, which libsoup reads. */
  g_hash_table_remove (idle, socket);
  return G_SOURCE_REMOVE;
}

static void
request_started (SoupServer        *server,
                 SoupServerMessage *msg,
                 GHashTable        *idle)
{
  GSocket *socket = soup_server_message_get_socket (msg);

  if (socket != NULL)
    g_hash_table_remove (idle, socket);
}

static gboolean
says_close (SoupMessageHeaders *headers)
{
  return soup_message_headers_header_contains (headers, "Connection", "close");
}

static void
request_finished (SoupServer        *server,
                  SoupServerMessage *msg,
                  GHashTable        *idle)
{
  GSocket *socket = soup_server_message_get_socket (msg);
  IdleConnection *connection;

  if (socket == NULL || g_socket_is_closed (socket)
      || says_close (soup_server_message_get_request_headers (msg))
      || says_close (soup_server_message_get_response_headers (msg)))
    return;

  connection = g_new0 (IdleConnection, 1);
  connection->answered = g_object_ref (msg);
  connection->source = g_socket_create_source (socket, G_IO_IN | G_IO_HUP | G_IO_ERR,
                                               NULL);
  g_source_set_priority (connection->source, G_PRIORITY_HIGH);
  g_source_set_callback (connection->source, G_SOURCE_FUNC (idle_socket_ready), idle,
                         NULL);
  g_source_attach (connection->source, g_main_context_get_thread_default ());
  g_hash_table_replace (idle, g_object_ref (socket), connection);
}

/* Watches @server's connections for as long as it lives. */
void
server_connections_close_idle_on_eof (SoupServer *server)
{
  GHashTable *idle = g_hash_table_new_full (NULL, NULL, g_object_unref,
                                            idle_connection_free);

  g_object_set_data_full (G_OBJECT (server), IDLE_CONNECTIONS, idle,
                          (GDestroyNotify) g_hash_table_unref);
  g_signal_connect (server, "request-started", G_CALLBACK (request_started), idle);
  g_signal_connect (server, "request-finished", G_CALLBACK (request_finished),
                    idle);
}
