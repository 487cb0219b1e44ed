/* sandbox-body-reader.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sandbox-body-reader-private.h"
#include "sandbox-error.h"
#include "sandbox-i18n-private.h"

/* Reads a response body into memory up to a bound: past it, the read fails
 * with SANDBOX_ERROR_RESPONSE_TOO_LARGE or, with @truncate, ends quietly
 * (error pages, of which only the start is shown). The stream reads into the
 * buffer that becomes the GBytes, sized from the Content-Length if any, else
 * grown by doubling. */

#define FIRST_SIZE (16 * 1024)

/* The room every read asks for at least, kept past the expected size for the
 * read that finds the end or the excess (libsoup's chunked decoding cannot
 * read into a tiny buffer). */
#define SLACK 256

typedef struct
{
  GInputStream *stream;
  guint8       *data;
  gsize         length;
  gsize         allocated;
  gsize         max_size;
  goffset       expected_size;
  const char   *limit_name;
  gboolean      truncate;
} BodyReader;

static void
set_too_large_error (GError     **error,
                     guint64      max_size,
                     const char  *limit_name)
{
  g_autofree char *limit = g_format_size_full (max_size, G_FORMAT_SIZE_IEC_UNITS);

  g_set_error (error, SANDBOX_ERROR, SANDBOX_ERROR_RESPONSE_TOO_LARGE,
               /* Translators: a size (“10 MiB”), then a property's name. */
               _("The sandbox server's answer is larger than the client's "
                 "limit of %s (the %s property)"), limit, limit_name);
}

static void
body_reader_free (BodyReader *reader)
{
  g_object_unref (reader->stream);
  g_free (reader->data);
  g_free (reader);
}

/* NULL with @error when the body is announced larger than the bound. */
static BodyReader *
body_reader_new (GInputStream  *stream,
                 guint64        max_size,
                 const char    *limit_name,
                 gboolean       truncate,
                 goffset        expected_size,
                 GError       **error)
{
  BodyReader *reader;
  gsize wanted = FIRST_SIZE;

  if (expected_size > 0 && (guint64) expected_size > max_size && !truncate)
    {
      set_too_large_error (error, max_size, limit_name);
      return NULL;
    }

  reader = g_new0 (BodyReader, 1);
  reader->stream = g_object_ref (stream);
  reader->max_size = (gsize) MIN (max_size, G_MAXSIZE - 2 * SLACK);
  reader->limit_name = limit_name;
  reader->truncate = truncate;
  reader->expected_size = expected_size;
  if (expected_size >= 0 && (guint64) expected_size < G_MAXSIZE)
    wanted = (gsize) expected_size;
  reader->allocated = MIN (wanted, reader->max_size) + SLACK;
  reader->data = g_malloc (reader->allocated);
  return reader;
}

/* Where the next read goes, and how much it may read. */
static guint8 *
body_reader_space (BodyReader *reader,
                   gsize      *out_size)
{
  if (reader->allocated - reader->length < SLACK)
    {
      /* Longer than announced, or unannounced; the length is at most
       * max_size here, so the last growth leaves SLACK of room. */
      gsize limit = reader->max_size + SLACK;
      gsize wanted = reader->allocated <= limit / 2 ? reader->allocated * 2 : limit;

      reader->data = g_realloc (reader->data, wanted);
      reader->allocated = wanted;
    }

  *out_size = reader->allocated - reader->length;
  return reader->data + reader->length;
}

/* Takes in a read's result (@n < 0: @error is set); FALSE when the body is
 * complete or @error is set. */
static gboolean
body_reader_take (BodyReader  *reader,
                  gssize       n,
                  GError     **error)
{
  if (n < 0)
    return FALSE;

  if (n == 0 && !reader->truncate && reader->expected_size >= 0 &&
      reader->length < (guint64) reader->expected_size)
    {
      g_autofree char *got = g_strdup_printf ("%" G_GSIZE_FORMAT, reader->length);
      g_autofree char *announced = g_strdup_printf ("%" G_GOFFSET_FORMAT,
                                                    reader->expected_size);

      sandbox_i18n_init ();
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The sandbox server's answer ended after %s of the %s byte "
                                "it announced",
                                "The sandbox server's answer ended after %s of the %s bytes "
                                "it announced",
                                (gulong) reader->expected_size),
                   got, announced);
      return FALSE;
    }

  if (n == 0)
    return FALSE;

  reader->length += (gsize) n;
  if (reader->length < reader->max_size)
    return TRUE;

  if (reader->truncate)
    reader->length = reader->max_size;
  else if (reader->length == reader->max_size)
    return TRUE;
  else
    set_too_large_error (error, reader->max_size, reader->limit_name);
  return FALSE;
}

/* The buffer becomes the bytes, trimmed in place (to NULL when empty). */
static GBytes *
body_reader_steal_bytes (BodyReader *reader)
{
  guint8 *data = g_steal_pointer (&reader->data);

  if (reader->length < reader->allocated)
    data = g_realloc (data, reader->length);

  return g_bytes_new_take (data, reader->length);
}

static void read_next (GTask *task);

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BodyReader *reader = g_task_get_task_data (task);
  GError *error = NULL;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &error);

  if (body_reader_take (reader, n, &error))
    read_next (g_steal_pointer (&task));
  else if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, body_reader_steal_bytes (reader),
                           (GDestroyNotify) g_bytes_unref);
}

static void
read_next (GTask *task)
{
  BodyReader *reader = g_task_get_task_data (task);
  gsize size;
  guint8 *space = body_reader_space (reader, &size);

  g_input_stream_read_async (reader->stream, space, size, g_task_get_priority (task),
                             g_task_get_cancellable (task), read_cb, task);
}

/* @expected_size is the Content-Length, or -1; @limit_name (static) is the
 * client property that set @max_size. */
void
sandbox_body_reader_read_async (GInputStream        *stream,
                                guint64              max_size,
                                const char          *limit_name,
                                gboolean             truncate,
                                goffset              expected_size,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (stream, cancellable, callback, user_data);
  GError *error = NULL;
  BodyReader *reader;

  g_task_set_source_tag (task, sandbox_body_reader_read_async);
  reader = body_reader_new (stream, max_size, limit_name, truncate, expected_size, &error);
  if (reader == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_set_task_data (task, reader, (GDestroyNotify) body_reader_free);
  read_next (g_steal_pointer (&task));
}

GBytes *
sandbox_body_reader_read_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* For a stream that libsoup made in a blocking send. */
GBytes *
sandbox_body_reader_read (GInputStream  *stream,
                          guint64        max_size,
                          const char    *limit_name,
                          gboolean       truncate,
                          goffset        expected_size,
                          GCancellable  *cancellable,
                          GError       **error)
{
  BodyReader *reader;
  GError *local_error = NULL;
  GBytes *bytes = NULL;
  gssize n;

  reader = body_reader_new (stream, max_size, limit_name, truncate, expected_size, error);
  if (reader == NULL)
    return NULL;

  do
    {
      gsize size;
      guint8 *space = body_reader_space (reader, &size);

      n = g_input_stream_read (stream, space, size, cancellable, &local_error);
    }
  while (body_reader_take (reader, n, &local_error));

  if (local_error == NULL)
    bytes = body_reader_steal_bytes (reader);
  else
    g_propagate_error (error, local_error);
  body_reader_free (reader);

  return bytes;
}
