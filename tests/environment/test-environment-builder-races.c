/* test-environment-builder-races.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define _GNU_SOURCE  /* memmem (), renameat2 () */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "test-util.h"

/* A directory packed by SandboxEnvironmentBuilder belongs to someone else
 * (a student's submission, packed by a grader), who changes it while it is
 * packed: swaps a file for a link to a secret of the same size, for a FIFO
 * or a device, grows or shrinks it. The archive holds the bytes of the file
 * listed, or the read fails with SANDBOX_ERROR_FILE_CHANGED; it never holds
 * the secret, and no read blocks. */

#define ANSWER_SIZE 4096
#define SECRET_MARK "TOP-SECRET-OF-THE-GRADER"
/* Generous: a blocked read is a hang, not a slow machine. */
#define READ_LIMIT_SECONDS 60

typedef struct
{
  char *dir;       /* holds tree/ and secret/ */
  char *tree;      /* what is packed */
  char *answer;    /* tree/answer.txt */
  char *sub;       /* tree/sub, holding answer.txt too */
  char *secret;    /* secret/answer.txt, same size, 0600 */
  char *secret_dir;
  /* With fixture_set_up_open (): a builder of tree/, its stream opened
   * (the tree listed), and the archive's size. */
  SandboxEnvironmentBuilder *builder;
  GInputStream              *stream;
  goffset                    size;
} Fixture;

static void
write_content (const char *path,
               char        fill,
               gsize       size,
               int         mode)
{
  g_autofree char *content = g_strnfill (size, fill);
  g_autoptr(GError) error = NULL;

  g_file_set_contents_full (path, content, (gssize) size, G_FILE_SET_CONTENTS_NONE,
                            mode, &error);
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *secret_content = NULL;
  GString *secret = g_string_new (NULL);
  g_autofree char *sub_answer = NULL;

  memset (f, 0, sizeof *f);
  f->dir = g_dir_make_tmp ("test-environment-builder-races-XXXXXX", &error);
  g_assert_no_error (error);
  f->tree = g_build_filename (f->dir, "tree", NULL);
  f->answer = g_build_filename (f->tree, "answer.txt", NULL);
  f->sub = g_build_filename (f->tree, "sub", NULL);
  f->secret_dir = g_build_filename (f->dir, "secret", NULL);
  f->secret = g_build_filename (f->secret_dir, "answer.txt", NULL);

  g_assert_cmpint (g_mkdir (f->tree, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (f->sub, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (f->secret_dir, 0700), ==, 0);
  write_content (f->answer, 'a', ANSWER_SIZE, 0644);
  sub_answer = g_build_filename (f->sub, "answer.txt", NULL);
  write_content (sub_answer, 'b', ANSWER_SIZE, 0644);

  while (secret->len < ANSWER_SIZE)
    g_string_append (secret, SECRET_MARK "\n");
  g_string_truncate (secret, ANSWER_SIZE);
  secret_content = g_string_free (secret, FALSE);
  g_file_set_contents_full (f->secret, secret_content, ANSWER_SIZE, G_FILE_SET_CONTENTS_NONE,
                            0600, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->stream);
  g_clear_object (&f->builder);
  test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->tree);
  g_free (f->answer);
  g_free (f->sub);
  g_free (f->secret);
  g_free (f->secret_dir);
}

/* The tar inside a gzip'd archive, or %NULL when it is not valid gzip. */
static GBytes *
gunzip (GBytes *archive)
{
  g_autoptr(GZlibDecompressor) decompressor = NULL;
  g_autoptr(GInputStream) compressed = g_memory_input_stream_new_from_bytes (archive);
  g_autoptr(GInputStream) plain = NULL;
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();

  decompressor = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
  plain = g_converter_input_stream_new (compressed, G_CONVERTER (decompressor));
  if (g_output_stream_splice (out, plain, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, NULL) < 0)
    return NULL;
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

static gboolean
holds_secret (GBytes *bytes)
{
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  return data != NULL && memmem (data, size, SECRET_MARK, strlen (SECRET_MARK)) != NULL;
}

/* Reads @stream to its end; what was read, in any case. */
static GBytes *
read_all (GInputStream  *stream,
          GError       **error)
{
  g_autoptr(GByteArray) all = g_byte_array_new ();
  guint8 buffer[8192];

  for (;;)
    {
      gssize n = g_input_stream_read (stream, buffer, sizeof buffer, NULL, error);

      if (n <= 0)
        break;
      g_byte_array_append (all, buffer, (guint) n);
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&all));
}

/* A read of the stream in a thread, so that a read blocked for ever fails
 * the test instead of hanging it. */
typedef struct
{
  GMutex        mutex;
  GCond         cond;
  gboolean      done;
  GInputStream *stream;
  GBytes       *read;
  GError       *error;
} Reader;

static gpointer
reader_thread (gpointer data)
{
  Reader *reader = data;
  GError *error = NULL;
  GBytes *read = read_all (reader->stream, &error);

  g_mutex_lock (&reader->mutex);
  reader->read = read;
  reader->error = error;
  reader->done = TRUE;
  g_cond_signal (&reader->cond);
  g_mutex_unlock (&reader->mutex);
  return NULL;
}

/* What reading @stream gave, within READ_LIMIT_SECONDS, and its error. */
static GBytes *
read_bounded (GInputStream  *stream,
              GError       **error)
{
  static Reader reader;  /* outlives a blocked thread */
  gint64 end = g_get_monotonic_time () + READ_LIMIT_SECONDS * G_TIME_SPAN_SECOND;
  GThread *thread;
  GBytes *read;

  memset (&reader, 0, sizeof reader);
  g_mutex_init (&reader.mutex);
  g_cond_init (&reader.cond);
  reader.stream = g_object_ref (stream);
  thread = g_thread_new ("reader", reader_thread, &reader);

  g_mutex_lock (&reader.mutex);
  while (!reader.done)
    if (!g_cond_wait_until (&reader.cond, &reader.mutex, end))
      break;
  if (!reader.done)
    g_error ("Reading the archive was still blocked after %d s", READ_LIMIT_SECONDS);
  g_mutex_unlock (&reader.mutex);

  g_thread_join (thread);
  g_object_unref (reader.stream);
  g_mutex_clear (&reader.mutex);
  g_cond_clear (&reader.cond);
  read = reader.read;
  if (reader.error != NULL)
    g_propagate_error (error, reader.error);
  return read;
}

static SandboxEnvironmentBuilder *
new_builder (Fixture *f)
{
  g_autoptr(SandboxEnvironmentBuilder) builder = sandbox_environment_builder_new ();
  g_autoptr(GFile) tree = g_file_new_for_path (f->tree);

  g_assert_true (sandbox_environment_builder_add_file (builder, ".", tree, NULL));
  return g_steal_pointer (&builder);
}

static void
fixture_set_up_open (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture_set_up (f, data);
  f->builder = new_builder (f);
  f->size = -1;
  f->stream = sandbox_environment_builder_open (f->builder, &f->size, NULL, &error);
  g_assert_no_error (error);
}

/* Puts @path in place of @victim at once (by rename). */
static void
swap_in (const char *path,
         const char *victim)
{
  g_assert_cmpint (g_rename (path, victim), ==, 0);
}

typedef enum
{
  SWAP_LINK,        /* answer.txt -> the secret */
  SWAP_DIR_LINK,    /* sub -> the secret's directory */
  SWAP_FIFO,
  SWAP_DEVICE,
  SWAP_OTHER_FILE,  /* another file of the same size */
} Swap;

/* Lists the tree (opens the archive), swaps a file, then reads: the read
 * fails with SANDBOX_ERROR_FILE_CHANGED, does not block, and gives nothing
 * of the secret. */
static void
check_swap (Fixture       *f,
            gconstpointer  data)
{
  Swap swap = GPOINTER_TO_INT (data);
  const char *victim = swap == SWAP_DIR_LINK ? f->sub : f->answer;
  g_autofree char *spare = g_build_filename (f->dir, "spare", NULL);
  g_autoptr(GBytes) read = NULL;
  g_autoptr(GError) error = NULL;

  switch (swap)
    {
    case SWAP_LINK:
      g_assert_cmpint (symlink (f->secret, spare), ==, 0);
      break;
    case SWAP_DIR_LINK:
      g_assert_cmpint (symlink (f->secret_dir, spare), ==, 0);
      test_remove_tree (f->sub);
      break;
    case SWAP_FIFO:
      g_assert_cmpint (mkfifo (spare, 0644), ==, 0);
      break;
    case SWAP_DEVICE:
      if (mknod (spare, S_IFCHR | 0644, makedev (1, 5)) != 0)
        {
          g_test_skip_printf ("Cannot make a device node: %s", g_strerror (errno));
          return;
        }
      break;
    case SWAP_OTHER_FILE:
      write_content (spare, 'c', ANSWER_SIZE, 0644);
      break;
    default:
      g_assert_not_reached ();
    }
  swap_in (spare, victim);

  read = read_bounded (f->stream, &error);
  g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_FILE_CHANGED);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "answer.txt"));
  g_assert_false (holds_secret (read));
  g_assert_cmpint ((goffset) g_bytes_get_size (read), <, f->size);
}

/* Cancelled, the read of a stream whose next file is a FIFO returns. */
static void
test_fifo_cancelled (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *spare = g_build_filename (f->dir, "spare", NULL);
  guint8 buffer[1024];

  g_assert_cmpint (mkfifo (spare, 0644), ==, 0);
  swap_in (spare, f->answer);
  g_cancellable_cancel (cancellable);

  /* The header of answer.txt, then its data. */
  g_assert_cmpint (g_input_stream_read (f->stream, buffer, sizeof buffer, NULL, &error), >, 0);
  g_assert_no_error (error);
  while (g_input_stream_read (f->stream, buffer, sizeof buffer, cancellable, &error) > 0)
    ;
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* The same file, grown or shrunk in place (the same inode), still fails. */
static void
test_resized_in_place (void)
{
  for (guint grow = 0; grow < 2; grow++)
    {
      Fixture f;
      g_autoptr(GBytes) read = NULL;
      g_autoptr(GError) error = NULL;

      fixture_set_up_open (&f, NULL);
      g_assert_cmpint (truncate (f.answer, grow ? ANSWER_SIZE + 1 : ANSWER_SIZE - 1), ==, 0);

      read = read_bounded (f.stream, &error);
      g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_FILE_CHANGED);
      g_assert_cmpint ((goffset) g_bytes_get_size (read), <, f.size);
      fixture_tear_down (&f, NULL);
    }
}

/* Nothing swapped: the archive is whole. */
static void
test_unchanged (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) read = read_bounded (f->stream, &error);
  g_autoptr(GBytes) tar = NULL;

  g_assert_no_error (error);
  g_assert_cmpint ((goffset) g_bytes_get_size (read), ==, f->size);
  tar = gunzip (read);
  g_assert_nonnull (tar);
  g_assert_false (holds_secret (tar));
}

/* What a gzip stream cut anywhere holds, as far as it can be unpacked. */
static GBytes *
gunzip_partial (GBytes *archive)
{
  g_autoptr(GZlibDecompressor) decompressor = NULL;
  g_autoptr(GInputStream) compressed = g_memory_input_stream_new_from_bytes (archive);
  g_autoptr(GInputStream) plain = NULL;

  decompressor = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
  plain = g_converter_input_stream_new (compressed, G_CONVERTER (decompressor));
  return read_all (plain, NULL);
}

/* A swapper that never stops changing the tree while it is packed. */
typedef struct
{
  Fixture  *f;
  gint      stop;
  gboolean  devices;
  gint      n_swaps;
} Swapper;

static gpointer
swapper_thread (gpointer data)
{
  Swapper *swapper = data;
  Fixture *f = swapper->f;
  g_autofree char *spare = g_build_filename (f->dir, "spare", NULL);
  g_autofree char *sub_link = g_build_filename (f->dir, "sub-link", NULL);

  g_assert_cmpint (symlink (f->secret_dir, sub_link), ==, 0);

  for (guint i = 0; !g_atomic_int_get (&swapper->stop); i++)
    {
      g_unlink (spare);
      switch (i % 9)
        {
        case 0:
          g_assert_cmpint (symlink (f->secret, spare), ==, 0);
          break;
        case 1:
        case 4:
          write_content (spare, 'a', ANSWER_SIZE, 0644);
          break;
        case 2:
          g_assert_cmpint (mkfifo (spare, 0644), ==, 0);
          break;
        case 3:
          if (!swapper->devices || mknod (spare, S_IFCHR | 0644, makedev (1, 5)) != 0)
            write_content (spare, 'd', ANSWER_SIZE, 0644);
          break;
        case 5:
          /* Grows and shrinks in place (whatever is there). */
          if (truncate (f->answer, ANSWER_SIZE * 2) == 0)
            truncate (f->answer, ANSWER_SIZE / 2);
          write_content (spare, 'a', ANSWER_SIZE, 0644);
          break;
        case 6:
        case 7:
          /* sub, a directory, and a link to the secret's directory trade places. */
          g_assert_cmpint (renameat2 (AT_FDCWD, f->sub, AT_FDCWD, sub_link, RENAME_EXCHANGE),
                           ==, 0);
          continue;
        default:
          write_content (spare, 'e', ANSWER_SIZE + 1, 0644);
          break;
        }
      swap_in (spare, f->answer);
      g_atomic_int_inc (&swapper->n_swaps);
      if (i % 3 == 0)
        g_thread_yield ();
    }

  g_unlink (sub_link);
  return NULL;
}

/* Packs the tree again and again while the swapper changes it: every
 * archive is whole or fails with FILE_CHANGED (or, when the listing meets a
 * FIFO, a device or a link to the outside, fails to open), and none ever
 * holds the secret. */
static void
test_swapping (Fixture       *f,
               gconstpointer  data)
{
  guint min_iterations = test_running_on_valgrind () ? 100 : 1000;
  guint min_swaps = test_running_on_valgrind () ? 300 : 3000;
  /* A bound on the loop, not a timed assertion. */
  gint64 end = g_get_monotonic_time () + 30 * G_TIME_SPAN_SECOND;
  guint n_whole = 0, n_changed = 0, n_refused = 0;
  guint i;
  Swapper swapper = { 0 };
  GThread *thread;

  swapper.f = f;
  swapper.devices = getuid () == 0;
  thread = g_thread_new ("swapper", swapper_thread, &swapper);

  for (i = 0;
       (i < min_iterations || (guint) g_atomic_int_get (&swapper.n_swaps) < min_swaps)
       && g_get_monotonic_time () < end;
       i++)
    {
      g_autoptr(SandboxEnvironmentBuilder) builder = new_builder (f);
      g_autoptr(GInputStream) stream = NULL;
      g_autoptr(GBytes) read = NULL;
      g_autoptr(GBytes) tar = NULL;
      g_autoptr(GError) error = NULL;
      goffset size = -1;

      sandbox_environment_builder_set_compression_level (builder, i % 2 == 0 ? 0 : 6);
      stream = sandbox_environment_builder_open (builder, &size, NULL, &error);
      if (stream == NULL)
        {
          if (!g_error_matches (error, SANDBOX_ERROR, SANDBOX_ERROR_FILE_CHANGED)
              && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED))
            g_error ("Opening failed with an unexpected error: %s", error->message);
          n_refused++;
          continue;
        }

      read = read_bounded (stream, &error);
      tar = gunzip_partial (read);
      g_assert_false (holds_secret (tar));
      if (error != NULL)
        {
          if (!g_error_matches (error, SANDBOX_ERROR, SANDBOX_ERROR_FILE_CHANGED))
            g_error ("Reading failed with an unexpected error: %s", error->message);
          n_changed++;
          continue;
        }
      g_assert_cmpint ((goffset) g_bytes_get_size (read), ==, size);
      g_clear_pointer (&tar, g_bytes_unref);
      tar = gunzip (read);
      g_assert_nonnull (tar);
      g_assert_false (holds_secret (tar));
      n_whole++;
    }

  g_atomic_int_set (&swapper.stop, 1);
  g_thread_join (thread);
  g_assert_cmpuint (i, >, 0);
  g_test_message ("%u archives: %u whole, %u failed with FILE_CHANGED while read, "
                  "%u refused when opened; %u swaps",
                  i, n_whole, n_changed, n_refused, (guint) swapper.n_swaps);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/environment-builder-races/swap/link", Fixture, GINT_TO_POINTER (SWAP_LINK),
              fixture_set_up_open, check_swap, fixture_tear_down);
  g_test_add ("/environment-builder-races/swap/directory-link", Fixture,
              GINT_TO_POINTER (SWAP_DIR_LINK), fixture_set_up_open, check_swap, fixture_tear_down);
  g_test_add ("/environment-builder-races/swap/fifo", Fixture, GINT_TO_POINTER (SWAP_FIFO),
              fixture_set_up_open, check_swap, fixture_tear_down);
  g_test_add ("/environment-builder-races/swap/device", Fixture, GINT_TO_POINTER (SWAP_DEVICE),
              fixture_set_up_open, check_swap, fixture_tear_down);
  g_test_add ("/environment-builder-races/swap/other-file", Fixture,
              GINT_TO_POINTER (SWAP_OTHER_FILE), fixture_set_up_open, check_swap,
              fixture_tear_down);
  g_test_add ("/environment-builder-races/fifo-cancelled", Fixture, NULL,
              fixture_set_up_open, test_fifo_cancelled, fixture_tear_down);
  g_test_add_func ("/environment-builder-races/resized-in-place", test_resized_in_place);
  g_test_add ("/environment-builder-races/unchanged", Fixture, NULL,
              fixture_set_up_open, test_unchanged, fixture_tear_down);
  g_test_add ("/environment-builder-races/swapping", Fixture, NULL,
              fixture_set_up, test_swapping, fixture_tear_down);

  return g_test_run ();
}
