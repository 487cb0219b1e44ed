/* sandbox-filter-stream-private.h
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SANDBOX_TYPE_FILTER_STREAM (sandbox_filter_stream_get_type ())

G_DECLARE_DERIVABLE_TYPE (SandboxFilterStream, sandbox_filter_stream,
                          SANDBOX, FILTER_STREAM, GFilterInputStream)

/* One read, as the hooks see it. */
typedef struct
{
  void           *buffer;       /* the caller's */
  gsize           count;        /* > 0 */
  void           *base_buffer;  /* where the base's bytes go: @buffer ... */
  gsize           base_count;   /* ... and @count unless a hook changes them */
  GCancellable   *cancellable;  /* what cancels the base's read */
  GMainContext   *context;      /* an asynchronous read's, or NULL */
  gpointer        data;         /* a hook's own, freed after the read */
  GDestroyNotify  free_data;
} SandboxFilterRead;

/* The base of the library's filter streams. Reads, skips and closes go to
 * the base stream in the caller's context (an asynchronous read as an
 * asynchronous read of the base), never through a thread as
 * GInputStream's defaults do: libsoup's streams need that. Both hooks are
 * optional. */
struct _SandboxFilterStreamClass
{
  GFilterInputStreamClass parent_class;

  /* Before each read: may change @read, or answer it without reading the
   * base stream by returning FALSE with the bytes given in *@n_given. */
  gboolean (*read_begin) (SandboxFilterStream  *self,
                          SandboxFilterRead    *read,
                          gssize               *n_given);
  /* After the base's read, with what it returned (@n_read < 0 with
   * *@error set): returns what the read gives, with *@error set when that
   * is -1. */
  gssize   (*read_end)   (SandboxFilterStream  *self,
                          SandboxFilterRead    *read,
                          gssize                n_read,
                          GError              **error);
};

G_END_DECLS
