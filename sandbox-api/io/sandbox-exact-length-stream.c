/* sandbox-exact-length-stream.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sandbox-exact-length-stream-private.h"
#include "sandbox-filter-stream-private.h"
#include "sandbox-i18n-private.h"

/* Exactly @length bytes of the base stream: a base that ends early, or goes
 * on past @length (asked for one byte more at the end), fails the read. For
 * a body announced by Content-Length, which libsoup 3.2 ends quietly when
 * the connection closes early, and for archives of announced length. */

G_DECLARE_FINAL_TYPE (SandboxExactLengthStream, sandbox_exact_length_stream,
                      SANDBOX, EXACT_LENGTH_STREAM, SandboxFilterStream)

struct _SandboxExactLengthStream
{
  SandboxFilterStream  parent_instance;

  goffset              length;
  goffset              n_read;
  GQuark               domain;
  int                  code;
  const char          *name;
};

G_DEFINE_FINAL_TYPE (SandboxExactLengthStream, sandbox_exact_length_stream,
                     SANDBOX_TYPE_FILTER_STREAM)

static gboolean
sandbox_exact_length_stream_read_begin (SandboxFilterStream *stream,
                                        SandboxFilterRead   *read,
                                        gssize              *n_given)
{
  SandboxExactLengthStream *self = SANDBOX_EXACT_LENGTH_STREAM (stream);

  read->base_count = (gsize) MIN ((goffset) read->count, self->length - self->n_read + 1);
  return TRUE;
}

static gssize
sandbox_exact_length_stream_read_end (SandboxFilterStream  *stream,
                                      SandboxFilterRead    *read,
                                      gssize                n_read,
                                      GError              **error)
{
  SandboxExactLengthStream *self = SANDBOX_EXACT_LENGTH_STREAM (stream);
  gboolean ended_early = n_read == 0 && self->n_read < self->length;
  char *got;
  char *announced;

  if (!ended_early && n_read <= self->length - self->n_read)
    {
      if (n_read > 0)
        self->n_read += n_read;
      return n_read;
    }

  got = g_strdup_printf ("%" G_GOFFSET_FORMAT, self->n_read);
  announced = g_strdup_printf ("%" G_GOFFSET_FORMAT, self->length);
  sandbox_i18n_init ();
  if (ended_early)
    g_set_error (error, self->domain, self->code,
                 /* Translators: the first %s names the data (“The environment
                  * archive”), then two sizes in bytes. */
                 g_dngettext (GETTEXT_PACKAGE,
                              "%s ended after %s byte instead of the %s announced",
                              "%s ended after %s bytes instead of the %s announced",
                              (gulong) self->n_read),
                 self->name, got, announced);
  else
    g_set_error (error, self->domain, self->code,
                 /* Translators: the first %s names the data (“The environment
                  * archive”), then a size in bytes. */
                 g_dngettext (GETTEXT_PACKAGE,
                              "%s goes on past the %s byte announced",
                              "%s goes on past the %s bytes announced",
                              (gulong) self->length),
                 self->name, announced);
  g_free (got);
  g_free (announced);
  return -1;
}

static void
sandbox_exact_length_stream_class_init (SandboxExactLengthStreamClass *klass)
{
  SandboxFilterStreamClass *filter_class = SANDBOX_FILTER_STREAM_CLASS (klass);

  filter_class->read_begin = sandbox_exact_length_stream_read_begin;
  filter_class->read_end = sandbox_exact_length_stream_read_end;
}

static void
sandbox_exact_length_stream_init (SandboxExactLengthStream *self)
{
}

/* Any other length fails the read with @domain and @code, in a message that
 * calls the bytes @name (static or translated: _("The environment archive")). */
GInputStream *
sandbox_exact_length_stream_new (GInputStream *base_stream,
                                 goffset       length,
                                 GQuark        domain,
                                 int           code,
                                 const char   *name)
{
  SandboxExactLengthStream *self;

  g_return_val_if_fail (G_IS_INPUT_STREAM (base_stream), NULL);
  g_return_val_if_fail (length >= 0, NULL);

  self = g_object_new (sandbox_exact_length_stream_get_type (), "base-stream", base_stream,
                       NULL);
  self->length = length;
  self->domain = domain;
  self->code = code;
  self->name = name;
  return G_INPUT_STREAM (self);
}
