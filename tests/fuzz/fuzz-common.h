/* fuzz-common.h
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <glib.h>

G_BEGIN_DECLS

int LLVMFuzzerInitialize   (int            *argc,
                            char         ***argv);
int LLVMFuzzerTestOneInput (const uint8_t  *data,
                            size_t          size);

/* A critical or a warning is a failed precondition inside the code under
 * test: as fatal as a crash. GLib stops on a fatal message with SIGTRAP,
 * which libFuzzer does not catch: abort instead, so that it keeps the
 * input. */
static GLogWriterOutput
fuzz_log_writer (GLogLevelFlags   log_level,
                 const GLogField *fields,
                 gsize            n_fields,
                 gpointer         user_data)
{
  GLogWriterOutput output = g_log_writer_default (log_level, fields, n_fields, user_data);

  if (log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    abort ();

  return output;
}

static inline void
fuzz_init (void)
{
  g_log_set_writer_func (fuzz_log_writer, NULL, NULL);
}

/* The LLVMFuzzerInitialize() of a target that needs nothing more than
 * fuzz_init(). */
#define FUZZ_DEFINE_INITIALIZE() \
  int \
  LLVMFuzzerInitialize (int    *argc, \
                        char ***argv) \
  { \
    fuzz_init (); \
    return 0; \
  }

/* Aborts when @condition is false. */
#define fuzz_check(condition) \
  G_STMT_START { \
    if (G_UNLIKELY (!(condition))) \
      g_error ("%s:%d: check failed: %s", __FILE__, __LINE__, #condition); \
  } G_STMT_END

G_END_DECLS
