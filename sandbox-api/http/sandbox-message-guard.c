/* sandbox-message-guard.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sandbox-error.h"
#include "sandbox-message-guard-private.h"

/* What libsoup does with a hostile answer, said in the library's terms.
 * libsoup's own errors (SOUP_SESSION_ERROR) are not in the library's
 * introspection data, so bindings could not match them: each becomes
 * SANDBOX_ERROR_INVALID_RESPONSE. And libsoup 3.2 reads informational
 * answers (1xx) for as long as they come without returning to the main
 * loop, so that a server sending them without end would stall the caller
 * past its deadline: after a few, the request is stopped. */

#define MAX_INFORMATIONAL 16

typedef struct
{
  GCancellable *cancellable;
  guint         n_informational;
} Guard;

static void
guard_free (gpointer  data,
            GClosure *closure)
{
  Guard *guard = data;

  g_clear_object (&guard->cancellable);
  g_free (guard);
}

static void
got_informational_cb (SoupMessage *message,
                      gpointer     user_data)
{
  Guard *guard = user_data;

  if (++guard->n_informational == MAX_INFORMATIONAL + 1)
    {
      g_object_set_data (G_OBJECT (message), "sandbox-informational-flood",
                         GUINT_TO_POINTER (TRUE));
      g_cancellable_cancel (guard->cancellable);
    }
}

/* Stops @message, through @cancellable (the one it is sent with), when the
 * server floods it with informational answers. Call in the context the
 * message is sent from, before sending it. */
void
sandbox_message_guard_attach (SoupMessage  *message,
                              GCancellable *cancellable)
{
  Guard *guard = g_new0 (Guard, 1);

  guard->cancellable = g_object_ref (cancellable);
  g_signal_connect_data (message, "got-informational", G_CALLBACK (got_informational_cb),
                         guard, guard_free, 0);
}

/* Replaces what libsoup reported about @message, when it is one of its
 * own errors or the guard's doing, by an error of the library's. */
void
sandbox_message_guard_explain_error (SoupMessage  *message,
                                     GError      **error)
{
  g_autofree char *uri = NULL;
  g_autofree char *detail = NULL;

  if (error == NULL || *error == NULL)
    return;

  if (g_object_get_data (G_OBJECT (message), "sandbox-informational-flood") != NULL)
    {
      g_clear_error (error);
      g_set_error (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_RESPONSE,
                   "The sandbox server sent more than %d informational answers (1xx) "
                   "and no final one", MAX_INFORMATIONAL);
      return;
    }

  if ((*error)->domain != SOUP_SESSION_ERROR)
    return;

  uri = g_uri_to_string_partial (soup_message_get_uri (message), G_URI_HIDE_PASSWORD);
  detail = g_utf8_make_valid ((*error)->message, -1);

  switch ((*error)->code)
    {
    case SOUP_SESSION_ERROR_TOO_MANY_REDIRECTS:
      g_clear_error (error);
      g_set_error (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_RESPONSE,
                   "The sandbox server redirected the request too many times (a redirect "
                   "loop?), the last time to %s", uri);
      return;

    case SOUP_SESSION_ERROR_PARSING:
      g_clear_error (error);
      g_set_error (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_RESPONSE,
                   "The answer from %s is not an HTTP answer (%s)", uri, detail);
      return;

    default:
      g_clear_error (error);
      g_set_error (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_RESPONSE,
                   "The answer from %s cannot be used: %s", uri, detail);
      return;
    }
}
