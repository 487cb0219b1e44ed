/* sandbox-environment-builder.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "sandbox-environment-builder.h"
#include "sandbox-environment-stream-private.h"
#include "sandbox-error.h"
#include "sandbox-exact-length-stream-private.h"
#include "sandbox-i18n-private.h"

/**
 * SandboxEnvironmentBuilder:
 *
 * Makes the gzip'd tar archive of an environment from files, directories
 * and bytes in memory, packed as it is read: never held in memory nor
 * written to a temporary file. Add to it with
 * [method@Sandbox.EnvironmentBuilder.add_bytes] and
 * [method@Sandbox.EnvironmentBuilder.add_file], then send it with
 * [method@Sandbox.Client.execute_builder] or read it from
 * [method@Sandbox.EnvironmentBuilder.open].
 *
 * ```c
 * g_autoptr(SandboxEnvironmentBuilder) builder = sandbox_environment_builder_new ();
 * g_autoptr(GFile) project = g_file_new_for_path ("exercise");
 * g_autoptr(GBytes) data = g_bytes_new_static ("1 2 3\n", 6);
 *
 * if (!sandbox_environment_builder_add_file (builder, ".", project, &error) ||
 *     !sandbox_environment_builder_add_bytes (builder, "data/input.txt", data, 0644, &error))
 *   return FALSE;
 * execution = sandbox_client_execute_builder (client, config, builder,
 *                                             NULL, NULL, NULL, &error);
 * ```
 *
 * Directories are walked when the archive is opened, and files read as it
 * is read. The tree may change in between, even at hostile hands: the
 * archive holds each file as it was listed, or its read fails with
 * %SANDBOX_ERROR_FILE_CHANGED; it never holds the target of a link swapped
 * in, and a FIFO or a device swapped in never blocks it.
 *
 * Of two entries at the same path, the one added last wins (replacing all
 * that was in the earlier one, if that was a directory and it is not); two
 * directories are merged. Add from one thread at a time.
 *
 * Since: 1.1
 */

typedef struct
{
  char   *path;    /* validated; "" for the root of the environment */
  GBytes *bytes;
  guint   mode;
  gint64  mtime;
  GFile  *file;
} Item;

struct _SandboxEnvironmentBuilder
{
  GObject    parent_instance;

  GPtrArray *items;
  int        compression_level;
};

G_DEFINE_FINAL_TYPE (SandboxEnvironmentBuilder, sandbox_environment_builder, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_COMPRESSION_LEVEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
item_free (Item *item)
{
  g_free (item->path);
  g_clear_pointer (&item->bytes, g_bytes_unref);
  g_clear_object (&item->file);
  g_free (item);
}

/* @path without its leading "./"; "" for "." when @allow_root. */
static char *
normalize_path (const char  *path,
                gboolean     allow_root,
                GError     **error)
{
  const char *rest = path;
  g_auto(GStrv) components = NULL;

  if (!g_utf8_validate (path, -1, NULL))
    {
      g_autofree char *escaped = g_strescape (path, NULL);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The path '%s' is not valid UTF-8"), escaped);
      return NULL;
    }

  while (g_str_has_prefix (rest, "./"))
    rest += 2;

  if (allow_root && (strcmp (rest, ".") == 0 || (*rest == '\0' && rest != path)))
    return g_strdup ("");

  if (*rest == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The path '%s' is empty: give the file a name in the environment"), path);
      return NULL;
    }

  if (*rest == '/')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The path '%s' is absolute: paths in an environment are relative to "
                     "its root"), path);
      return NULL;
    }

  components = g_strsplit (rest, "/", -1);
  for (guint i = 0; components[i] != NULL; i++)
    {
      const char *component = components[i];

      if (*component == '\0' || strcmp (component, ".") == 0 || strcmp (component, "..") == 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("The path '%s' is not a valid path in an environment: it has an "
                         "empty, '.' or '..' component"), path);
          return NULL;
        }
    }

  return g_strdup (rest);
}

static gboolean
add_item (SandboxEnvironmentBuilder  *self,
          const char                 *path,
          gboolean                    allow_root,
          GBytes                     *bytes,
          guint                       mode,
          GFile                      *file,
          GError                    **error)
{
  char *normalized = normalize_path (path, allow_root, error);
  Item *item;

  if (normalized == NULL)
    return FALSE;

  item = g_new0 (Item, 1);
  item->path = normalized;
  item->bytes = bytes != NULL ? g_bytes_ref (bytes) : NULL;
  item->mode = mode & 0777;
  item->mtime = g_get_real_time () / G_USEC_PER_SEC;
  item->file = file != NULL ? g_object_ref (file) : NULL;
  g_ptr_array_add (self->items, item);
  return TRUE;
}

/**
 * sandbox_environment_builder_new:
 *
 * Makes an empty environment.
 *
 * Returns: (transfer full): a new builder
 *
 * Since: 1.1
 */
SandboxEnvironmentBuilder *
sandbox_environment_builder_new (void)
{
  return g_object_new (SANDBOX_TYPE_ENVIRONMENT_BUILDER, NULL);
}

/**
 * sandbox_environment_builder_add_bytes:
 * @self: a builder
 * @path: the file's path in the environment, relative, such as
 *   `data/input.txt`
 * @contents: the file's contents
 * @mode: the file's permission bits, such as `0644` or `0755`
 * @error: return location for a #GError
 *
 * Adds a regular file with @contents, keeping the permission bits of @mode
 * (`0777`). @path must be relative, in UTF-8, with no empty, `.` or `..`
 * component (a leading `./` is dropped), or the call fails with
 * %G_IO_ERROR_INVALID_ARGUMENT. Its directories need not be added.
 *
 * Returns: %TRUE, or %FALSE with @error set when @path is not valid
 *
 * Since: 1.1
 */
gboolean
sandbox_environment_builder_add_bytes (SandboxEnvironmentBuilder  *self,
                                       const char                 *path,
                                       GBytes                     *contents,
                                       guint                       mode,
                                       GError                    **error)
{
  g_return_val_if_fail (SANDBOX_IS_ENVIRONMENT_BUILDER (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (contents != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return add_item (self, path, FALSE, contents, mode, NULL, error);
}

/**
 * sandbox_environment_builder_add_file:
 * @self: a builder
 * @path: (nullable): the file's path in the environment; %NULL for the
 *   basename of @file, `.` to put the contents of a directory at the root
 *   of the environment
 * @file: a regular file, or a directory
 * @error: return location for a #GError
 *
 * Adds a local file, or a directory and everything in it, read only when
 * the archive is opened. @file itself is followed if it is a symbolic link;
 * a link inside the directory is packed as a link if it resolves inside the
 * environment (through its other links, as unpacked) and fails the opening
 * otherwise, as a loop, a FIFO, a socket or a device does. Each file is
 * read through a descriptor of the directory held since the listing, only
 * while it is the file listed (same device, inode and size). Only
 * permission bits are kept; @path follows the rules of
 * [method@Sandbox.EnvironmentBuilder.add_bytes].
 *
 * Returns: %TRUE, or %FALSE with @error set when @path is not valid
 *
 * Since: 1.1
 */
gboolean
sandbox_environment_builder_add_file (SandboxEnvironmentBuilder  *self,
                                      const char                 *path,
                                      GFile                      *file,
                                      GError                    **error)
{
  g_autofree char *basename = NULL;

  g_return_val_if_fail (SANDBOX_IS_ENVIRONMENT_BUILDER (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (path == NULL)
    {
      basename = g_file_get_basename (file);
      if (basename == NULL || strcmp (basename, "/") == 0)
        {
          g_autofree char *name = g_file_get_parse_name (file);

          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("'%s' has no name to use in the environment: give it a path"), name);
          return FALSE;
        }
      path = basename;
    }

  return add_item (self, path, TRUE, NULL, 0, file, error);
}

/* The entries of the archive as they are listed, the last one winning,
 * and the tree being walked: its root, held open while its files are read,
 * and how much of an entry's path to skip for its path from that root. */
typedef struct
{
  GHashTable      *entries;   /* path -> SandboxTarEntry */
  guint            n_added;
  SandboxTreeRoot *root;
  gsize            root_skip;
  GCancellable    *cancellable;
} Listing;

static gboolean
is_under (gpointer key,
          gpointer value,
          gpointer prefix)
{
  return g_str_has_prefix (key, prefix);
}

static void
listing_add (Listing         *listing,
             SandboxTarEntry *entry)
{
  g_autofree char *ancestor = g_strdup (entry->path);
  SandboxTarEntry *old;
  char *slash;

  /* A file where a directory of the new entry's path goes gives way. */
  while ((slash = strrchr (ancestor, '/')) != NULL)
    {
      *slash = '\0';
      old = g_hash_table_lookup (listing->entries, ancestor);
      if (old != NULL && old->type != G_FILE_TYPE_DIRECTORY)
        g_hash_table_remove (listing->entries, ancestor);
    }

  /* So does all that was in a directory the new entry replaces; two
   * directories merge. */
  old = g_hash_table_lookup (listing->entries, entry->path);
  if (old != NULL && old->type == G_FILE_TYPE_DIRECTORY && entry->type != G_FILE_TYPE_DIRECTORY)
    {
      g_autofree char *prefix = g_strconcat (entry->path, "/", NULL);

      g_hash_table_foreach_remove (listing->entries, is_under, prefix);
    }

  /* Replaced, the old entry's key goes with it; the new one comes last. */
  entry->order = listing->n_added++;
  g_hash_table_replace (listing->entries, entry->path, entry);
}

/* Drops the last component of @path, if any. */
static void
drop_last (GString *path)
{
  char *slash = strrchr (path->str, '/');

  g_string_truncate (path, slash != NULL ? (gsize) (slash - path->str) : 0);
}

/* Links followed while resolving one, as Linux allows (ELOOP). */
#define MAX_LINKS 40

/* Whether @link, resolved through the links of the environment in
 * @listing as the system would resolve it once unpacked, stays inside the
 * environment: each link met on the way is followed from its own
 * directory, a `..` leaving the root or an absolute target fails, and so
 * does a loop. A path not in the environment is taken as a directory, as
 * extracting would make it. */
static gboolean
link_resolves_inside (Listing               *listing,
                      const SandboxTarEntry *link)
{
  g_autoptr(GString) current = g_string_new (link->path);
  GQueue pending = G_QUEUE_INIT;
  const char *target = link->link_target;
  guint n_links = 0;
  gboolean inside = TRUE;

  while (inside)
    {
      char *component;

      if (target != NULL)
        {
          g_auto(GStrv) parts = g_strsplit (target, "/", -1);

          if (*target == '\0' || g_path_is_absolute (target) || ++n_links > MAX_LINKS)
            {
              inside = FALSE;
              break;
            }
          /* The link's directory, and its target's components before what
           * was left to resolve. */
          drop_last (current);
          for (guint i = g_strv_length (parts); i > 0; i--)
            g_queue_push_head (&pending, g_strdup (parts[i - 1]));
          target = NULL;
        }

      component = g_queue_pop_head (&pending);
      if (component == NULL)
        break;
      if (strcmp (component, "..") == 0)
        {
          inside = current->len > 0;
          drop_last (current);
        }
      else if (*component != '\0' && strcmp (component, ".") != 0)
        {
          SandboxTarEntry *entry;

          if (current->len > 0)
            g_string_append_c (current, '/');
          g_string_append (current, component);
          entry = g_hash_table_lookup (listing->entries, current->str);
          if (entry != NULL && entry->type == G_FILE_TYPE_SYMBOLIC_LINK)
            target = entry->link_target;
        }
      g_free (component);
    }

  g_queue_clear_full (&pending, g_free);
  return inside;
}

/* Every link of @entries resolved, each one inside the environment. */
static gboolean
check_links (Listing    *listing,
             GPtrArray  *entries,
             GError    **error)
{
  for (guint i = 0; i < entries->len; i++)
    {
      SandboxTarEntry *entry = g_ptr_array_index (entries, i);

      if (entry->type == G_FILE_TYPE_SYMBOLIC_LINK && !link_resolves_inside (listing, entry))
        {
          const char *name = entry->name != NULL ? entry->name : entry->path;

          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                       _("The symbolic link '%s' points outside the environment (to '%s'), "
                         "directly or through other links, or loops: only links to files "
                         "inside it can go into it"), name, entry->link_target);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean walk_directory (Listing     *listing,
                                int          fd,
                                const char  *path,
                                const char  *host_name,
                                GError     **error);

static SandboxTarEntry *
entry_from_stat (const char        *path,
                 GFileType          type,
                 const struct stat *st)
{
  SandboxTarEntry *entry = sandbox_tar_entry_new (path, type);

  entry->mode = st->st_mode & 0777;
  entry->mtime = (gint64) st->st_mtime;
  if (type == G_FILE_TYPE_REGULAR)
    entry->size = st->st_size;
  return entry;
}

/* @name in @dir_fd, listed as @st, at @path in the environment. Without
 * a root yet, it is the item itself, @name its host path, which was
 * followed if it is a link. */
static gboolean
walk_child (Listing            *listing,
            int                 dir_fd,
            const char         *name,
            const struct stat  *st,
            const char         *path,
            const char         *host_name,
            GError            **error)
{
  gboolean top = listing->root == NULL;
  SandboxTarEntry *entry = NULL;
  gboolean ok;
  int fd;

  if (S_ISLNK (st->st_mode))
    {
      char target[4096];
      ssize_t length = readlinkat (dir_fd, name, target, sizeof target);

      if (length < 0)
        {
          sandbox_tree_set_error (error, errno, host_name);
          return FALSE;
        }
      if ((gsize) length >= sizeof target || !g_utf8_validate (target, length, NULL)
          || memchr (target, '\0', (gsize) length) != NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                       _("The target of the symbolic link '%s' is too long or not valid "
                         "UTF-8: it cannot go into an environment"), host_name);
          return FALSE;
        }
      entry = entry_from_stat (path, G_FILE_TYPE_SYMBOLIC_LINK, st);
      entry->link_target = g_strndup (target, (gsize) length);
    }
  else if (S_ISREG (st->st_mode))
    {
      entry = entry_from_stat (path, G_FILE_TYPE_REGULAR, st);
      entry->source = sandbox_tree_file_new (listing->root,
                                             top ? host_name : path + listing->root_skip,
                                             host_name, st);
    }
  else if (!S_ISDIR (st->st_mode))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("'%s' is not a regular file, a directory or a symbolic link (a FIFO, "
                     "a socket or a device, say): it cannot go into an environment"),
                   host_name);
      return FALSE;
    }
  if (entry != NULL)
    {
      entry->name = g_filename_display_name (host_name);
      listing_add (listing, entry);
      return TRUE;
    }

  if (*path != '\0')
    listing_add (listing, entry_from_stat (path, G_FILE_TYPE_DIRECTORY, st));
  fd = sandbox_tree_open_directory (dir_fd, name, top, st, host_name, error);
  if (fd < 0)
    return FALSE;
  if (top)
    {
      listing->root = sandbox_tree_root_new (fd);
      listing->root_skip = *path == '\0' ? 0 : strlen (path) + 1;
    }
  ok = walk_directory (listing, fd, path, host_name, error);
  if (!top)
    g_close (fd, NULL);
  return ok;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

/* The names in the directory @fd, sorted, or %NULL with @error set. */
static GPtrArray *
read_names (int          fd,
            const char  *host_name,
            GError     **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  int dup_fd = fcntl (fd, F_DUPFD_CLOEXEC, 0);
  DIR *dir = dup_fd >= 0 ? fdopendir (dup_fd) : NULL;
  struct dirent *dirent;
  int errsv;

  if (dir == NULL)
    {
      errsv = errno;
      if (dup_fd >= 0)
        g_close (dup_fd, NULL);
      sandbox_tree_set_errno_error (error, errsv, host_name);
      return NULL;
    }

  for (;;)
    {
      errno = 0;
      dirent = readdir (dir);
      if (dirent == NULL)
        break;
      if (strcmp (dirent->d_name, ".") != 0 && strcmp (dirent->d_name, "..") != 0)
        g_ptr_array_add (names, g_strdup (dirent->d_name));
    }
  errsv = errno;
  closedir (dir);
  if (errsv != 0)
    {
      sandbox_tree_set_errno_error (error, errsv, host_name);
      return NULL;
    }

  /* In name order, so that the archive is the same from one run to the next. */
  g_ptr_array_sort (names, compare_names);
  return g_steal_pointer (&names);
}

/* Everything in the directory @fd, at @path in the environment. Each
 * child is looked at without following links, and a directory is opened
 * only when it is the one looked at. */
static gboolean
walk_directory (Listing     *listing,
                int          fd,
                const char  *path,
                const char  *host_name,
                GError     **error)
{
  g_autoptr(GPtrArray) names = read_names (fd, host_name, error);

  if (names == NULL)
    return FALSE;

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *child_host = g_build_filename (host_name, name, NULL);
      g_autofree char *child_path = NULL;
      struct stat st;

      if (g_cancellable_set_error_if_cancelled (listing->cancellable, error))
        return FALSE;

      if (!g_utf8_validate (name, -1, NULL))
        {
          g_autofree char *display = g_filename_display_name (child_host);

          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("The name of '%s' is not valid UTF-8: it cannot go into an "
                         "environment"), display);
          return FALSE;
        }

      if (fstatat (fd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
        {
          sandbox_tree_set_error (error, errno, child_host);
          return FALSE;
        }

      child_path = *path == '\0' ? g_strdup (name) : g_strconcat (path, "/", name, NULL);
      if (!walk_child (listing, fd, name, &st, child_path, child_host, error))
        return FALSE;
    }

  return TRUE;
}

/* The entry of @item's bytes, or those of its file or directory, which is
 * followed if it is a link. */
static gboolean
list_item (Listing     *listing,
           const Item  *item,
           GError     **error)
{
  const char *host_name;
  struct stat st;
  gboolean ok;

  if (item->bytes != NULL)
    {
      SandboxTarEntry *entry = sandbox_tar_entry_new (item->path, G_FILE_TYPE_REGULAR);

      entry->mode = item->mode;
      entry->mtime = item->mtime;
      entry->size = (goffset) g_bytes_get_size (item->bytes);
      entry->bytes = g_bytes_ref (item->bytes);
      listing_add (listing, entry);
      return TRUE;
    }

  host_name = g_file_peek_path (item->file);
  if (host_name == NULL)
    {
      g_autofree char *name = g_file_get_parse_name (item->file);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("'%s' is not a local file: only local files can go into an "
                     "environment"), name);
      return FALSE;
    }

  if (stat (host_name, &st) != 0)
    {
      sandbox_tree_set_errno_error (error, errno, host_name);
      return FALSE;
    }

  if (*item->path == '\0' && !S_ISDIR (st.st_mode))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY,
                   _("'%s' is not a directory: only a directory's contents can go at the "
                     "root of an environment (\".\")"), host_name);
      return FALSE;
    }

  ok = walk_child (listing, AT_FDCWD, host_name, &st, item->path, host_name, error);
  g_clear_pointer (&listing->root, sandbox_tree_root_unref);
  return ok;
}

static int
compare_order (gconstpointer a,
               gconstpointer b)
{
  guint order_a = ((const SandboxTarEntry *) a)->order;
  guint order_b = ((const SandboxTarEntry *) b)->order;

  return (order_a > order_b) - (order_a < order_b);
}

/* The entries of the archive of @items, measured. Blocking. */
static GPtrArray *
list_entries (GPtrArray     *items,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GHashTable) table = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                       (GDestroyNotify) sandbox_tar_entry_free);
  Listing listing = { table, 0, NULL, 0, cancellable };
  g_autoptr(GPtrArray) entries = NULL;
  GList *values;
  gboolean ok = TRUE;

  for (guint i = 0; ok && i < items->len; i++)
    ok = list_item (&listing, g_ptr_array_index (items, i), error);

  /* In the order they were added. */
  values = g_list_sort (g_hash_table_get_values (table), compare_order);
  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) sandbox_tar_entry_free);
  for (GList *l = values; l != NULL; l = l->next)
    g_ptr_array_add (entries, l->data);
  g_list_free (values);
  ok = ok && check_links (&listing, entries, error);
  g_hash_table_steal_all (table);

  if (!ok)
    return NULL;
  return g_steal_pointer (&entries);
}

static GInputStream *
new_compressed_stream (GPtrArray *entries,
                       int        level)
{
  goffset tar_length;
  g_autoptr(GInputStream) tar = sandbox_environment_stream_new (entries, FALSE, &tar_length);
  g_autoptr(GZlibCompressor) compressor = NULL;

  compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, level);
  return g_converter_input_stream_new (tar, G_CONVERTER (compressor));
}

/* The archive of @items. Blocking. */
static GInputStream *
open_items (GPtrArray     *items,
            int            level,
            goffset       *out_size,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(GPtrArray) entries = list_entries (items, cancellable, error);
  g_autoptr(GInputStream) compressed = NULL;
  g_autofree guint8 *buffer = NULL;
  goffset length = 0;
  gssize n;

  if (entries == NULL)
    return NULL;
  if (level == 0)
    return sandbox_environment_stream_new (entries, TRUE, out_size);

  /* The length of the compressed archive, counted by compressing it. */
  compressed = new_compressed_stream (entries, level);
  buffer = g_malloc (64 * 1024);
  while ((n = g_input_stream_read (compressed, buffer, 64 * 1024, cancellable, error)) > 0)
    length += n;
  if (n < 0)
    return NULL;

  g_object_unref (compressed);
  compressed = new_compressed_stream (entries, level);
  *out_size = length;
  /* The same files compress to the same length, unless one changed. */
  return sandbox_exact_length_stream_new (compressed, length, SANDBOX_ERROR,
                                          SANDBOX_ERROR_FILE_CHANGED,
                                          /* Translators: the subject of “%s ended after
                                           * %s bytes instead of the %s announced”. */
                                          _("The environment, changed while it was read,"));
}

/**
 * sandbox_environment_builder_open:
 * @self: a builder
 * @out_size: (out): return location for the archive's length in bytes
 * @cancellable: (nullable): a cancellable
 * @error: return location for a #GError
 *
 * Opens the environment as a gzip'd tar archive, packed as it is read:
 * the directories are walked now, the files read as the stream is read.
 * Adding more to @self afterwards does not change the archive, and @self
 * may be opened again. See
 * [property@Sandbox.EnvironmentBuilder:compression-level] for what the
 * length costs.
 *
 * A read fails with %SANDBOX_ERROR_FILE_CHANGED when a file is no longer
 * the one listed (or, compressed, the archive no longer has the length
 * counted): the stream never gives more or fewer than @out_size bytes, nor
 * bytes of other files. Nothing it opens can block, and a cancelled read
 * fails with %G_IO_ERROR_CANCELLED before it opens another file.
 *
 * Returns: (transfer full): the archive, or %NULL with @error set when a
 *   file cannot be read or cannot go into an environment
 *
 * Since: 1.1
 */
GInputStream *
sandbox_environment_builder_open (SandboxEnvironmentBuilder  *self,
                                  goffset                    *out_size,
                                  GCancellable               *cancellable,
                                  GError                    **error)
{
  g_return_val_if_fail (SANDBOX_IS_ENVIRONMENT_BUILDER (self), NULL);
  g_return_val_if_fail (out_size != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return open_items (self->items, self->compression_level, out_size, cancellable, error);
}

typedef struct
{
  GPtrArray    *items;   /* borrowed from the builder */
  int           level;
  goffset       size;
} OpenData;

static void
open_data_free (OpenData *data)
{
  g_ptr_array_unref (data->items);
  g_free (data);
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  OpenData *data = task_data;
  GError *error = NULL;
  GInputStream *stream = open_items (data->items, data->level, &data->size, cancellable,
                                     &error);

  if (stream == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, stream, g_object_unref);
}

/**
 * sandbox_environment_builder_open_async:
 * @self: a builder
 * @cancellable: (nullable): a cancellable
 * @callback: (scope async): the function called when the archive is open
 * @user_data: (closure): data for @callback
 *
 * Opens the environment as [method@Sandbox.EnvironmentBuilder.open] does,
 * walking the directories in a worker thread (as asynchronous reads of the
 * stream read the files).
 *
 * Since: 1.1
 */
void
sandbox_environment_builder_open_async (SandboxEnvironmentBuilder *self,
                                        GCancellable              *cancellable,
                                        GAsyncReadyCallback        callback,
                                        gpointer                   user_data)
{
  g_autoptr(GTask) task = NULL;
  OpenData *data;

  g_return_if_fail (SANDBOX_IS_ENVIRONMENT_BUILDER (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sandbox_environment_builder_open_async);

  data = g_new0 (OpenData, 1);
  /* The items as they are now; the task keeps @self, and them, alive. */
  data->items = g_ptr_array_new ();
  g_ptr_array_extend (data->items, self->items, NULL, NULL);
  data->level = self->compression_level;
  g_task_set_task_data (task, data, (GDestroyNotify) open_data_free);
  g_task_run_in_thread (task, open_thread);
}

/**
 * sandbox_environment_builder_open_finish:
 * @self: a builder
 * @result: the result given to the callback
 * @out_size: (out): return location for the archive's length in bytes
 * @error: return location for a #GError
 *
 * Finishes [method@Sandbox.EnvironmentBuilder.open_async].
 *
 * Returns: (transfer full): the archive, or %NULL with @error set
 *
 * Since: 1.1
 */
GInputStream *
sandbox_environment_builder_open_finish (SandboxEnvironmentBuilder  *self,
                                         GAsyncResult               *result,
                                         goffset                    *out_size,
                                         GError                    **error)
{
  GInputStream *stream;

  g_return_val_if_fail (SANDBOX_IS_ENVIRONMENT_BUILDER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result))
                        == sandbox_environment_builder_open_async, NULL);
  g_return_val_if_fail (out_size != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stream = g_task_propagate_pointer (G_TASK (result), error);
  if (stream != NULL)
    *out_size = ((OpenData *) g_task_get_task_data (G_TASK (result)))->size;
  return stream;
}

/**
 * sandbox_environment_builder_get_compression_level: (get-property compression-level)
 * @self: a builder
 *
 * Gets the archive's compression level, from 0 (none) to 9.
 *
 * Returns: the archive's compression level, from 0 (none) to 9
 *
 * Since: 1.1
 */
int
sandbox_environment_builder_get_compression_level (SandboxEnvironmentBuilder *self)
{
  g_return_val_if_fail (SANDBOX_IS_ENVIRONMENT_BUILDER (self), 0);

  return self->compression_level;
}

/**
 * sandbox_environment_builder_set_compression_level: (set-property compression-level)
 * @self: a builder
 * @level: the archive's compression level, from 0 (none) to 9
 *
 * Sets the archive's compression level, from 0 (none) to 9.
 *
 * Since: 1.1
 */
void
sandbox_environment_builder_set_compression_level (SandboxEnvironmentBuilder *self,
                                                   int                        level)
{
  g_return_if_fail (SANDBOX_IS_ENVIRONMENT_BUILDER (self));
  g_return_if_fail (level >= 0 && level <= 9);

  if (self->compression_level == level)
    return;

  self->compression_level = level;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPRESSION_LEVEL]);
}

/* The one property: GObject gives no other to these handlers. */
static void
sandbox_environment_builder_get_property (GObject    *object,
                                          guint       prop_id,
                                          GValue     *value,
                                          GParamSpec *pspec)
{
  g_assert (prop_id == PROP_COMPRESSION_LEVEL);
  g_value_set_int (value, SANDBOX_ENVIRONMENT_BUILDER (object)->compression_level);
}

static void
sandbox_environment_builder_set_property (GObject      *object,
                                          guint         prop_id,
                                          const GValue *value,
                                          GParamSpec   *pspec)
{
  g_assert (prop_id == PROP_COMPRESSION_LEVEL);
  sandbox_environment_builder_set_compression_level (SANDBOX_ENVIRONMENT_BUILDER (object),
                                                     g_value_get_int (value));
}

static void
sandbox_environment_builder_finalize (GObject *object)
{
  SandboxEnvironmentBuilder *self = SANDBOX_ENVIRONMENT_BUILDER (object);

  g_clear_pointer (&self->items, g_ptr_array_unref);

  G_OBJECT_CLASS (sandbox_environment_builder_parent_class)->finalize (object);
}

static void
sandbox_environment_builder_class_init (SandboxEnvironmentBuilderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = sandbox_environment_builder_get_property;
  object_class->set_property = sandbox_environment_builder_set_property;
  object_class->finalize = sandbox_environment_builder_finalize;

  /**
   * SandboxEnvironmentBuilder:compression-level: (getter get_compression_level)
   *   (setter set_compression_level)
   *
   * How hard the archive is compressed: 0 (the default) for not at all,
   * its length known at once and each file read once; 1 (fastest) to 9
   * (smallest), its length found by compressing it a first time, reading
   * every file twice.
   *
   * Since: 1.1
   */
  properties[PROP_COMPRESSION_LEVEL] =
    g_param_spec_int ("compression-level", NULL, NULL, 0, 9, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sandbox_environment_builder_init (SandboxEnvironmentBuilder *self)
{
  self->items = g_ptr_array_new_with_free_func ((GDestroyNotify) item_free);
}
