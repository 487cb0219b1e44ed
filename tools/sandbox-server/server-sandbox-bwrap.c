/* server-sandbox-bwrap.c
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "server-sandbox-bwrap.h"
#include "server-sandbox-etc.h"

/* The bubblewrap command line of a command: new user, mount, PID, IPC, UTS
 * and network namespaces; the host's /usr (and the usual library links)
 * read-only; a fresh /tmp; the working directory as /home/student, the only
 * other writable place; everything else read-only. */

/* What programs commonly need from the host's /etc, read-only. */
static const char * const etc_entries[] = {
  "/etc/alternatives",
  "/etc/ca-certificates",
  "/etc/fonts",
  "/etc/ld.so.cache",
  "/etc/ld.so.conf",
  "/etc/ld.so.conf.d",
  "/etc/localtime",
  "/etc/mime.types",
  "/etc/nsswitch.conf",
  "/etc/perl",
  "/etc/ssl",
  "/etc/timezone",
};

static const char * const etc_prefixes[] = { "python", "java", "R" };

static const char * const generated_etc[] = { "passwd", "group", "hosts" };

static const char * const root_links[] = {
  "bin", "sbin", "lib", "lib32", "lib64", "libx32",
};

char *
server_bwrap_version (const char *bwrap_path)
{
  const char *argv[] = { bwrap_path, "--version", NULL };
  g_autofree char *out = NULL;
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, &out, NULL, &status, NULL)
      || !g_spawn_check_wait_status (status, NULL) || out == NULL)
    return g_strdup ("bubblewrap");

  g_strstrip (out);
  return g_steal_pointer (&out);
}

static gboolean
bwrap_supports (const char *bwrap_path,
                const char *option)
{
  const char *argv[] = { bwrap_path, "--help", NULL };
  g_autofree char *out = NULL;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, &out, NULL, NULL, NULL) || out == NULL)
    return FALSE;
  return strstr (out, option) != NULL;
}

static gboolean
write_etc_file (const char  *dir,
                const char  *name,
                const char  *contents,
                GError     **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  if (!g_file_set_contents (path, contents, -1, error))
    return FALSE;
  return g_chmod (path, 0644) == 0;
}

static gboolean
write_generated_etc (const ServerSettings  *settings,
                     GError               **error)
{
  g_autofree char *passwd = NULL;
  g_autofree char *group = NULL;

  passwd = g_strdup_printf ("root:x:0:0:root:/root:/usr/sbin/nologin\n"
                            "student:x:%u:%u:student:%s:/bin/bash\n",
                            settings->sandbox_uid, settings->sandbox_gid,
                            SERVER_SANDBOX_HOME);
  group = g_strdup_printf ("root:x:0:\nstudent:x:%u:\n", settings->sandbox_gid);
  return write_etc_file (settings->etc_dir, "passwd", passwd, error)
         && write_etc_file (settings->etc_dir, "group", group, error)
         && write_etc_file (settings->etc_dir, "hosts",
                            "127.0.0.1\tlocalhost sandbox\n::1\tlocalhost\n",
                            error);
}

/* The host's /etc entries the sandbox gets, read-only. */
static GPtrArray *
host_etc_paths (void)
{
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) etc = g_dir_open ("/etc", 0, NULL);
  const char *name;

  for (gsize i = 0; i < G_N_ELEMENTS (etc_entries); i++)
    if (g_file_test (etc_entries[i], G_FILE_TEST_EXISTS))
      g_ptr_array_add (paths, g_strdup (etc_entries[i]));

  while (etc != NULL && (name = g_dir_read_name (etc)) != NULL)
    for (gsize i = 0; i < G_N_ELEMENTS (etc_prefixes); i++)
      if (g_str_has_prefix (name, etc_prefixes[i]))
        {
          g_ptr_array_add (paths, g_build_filename ("/etc", name, NULL));
          break;
        }

  g_ptr_array_add (paths, NULL);
  return paths;
}

/* Builds the sandbox's /etc in etc_dir: as one read-only tree when the
 * server has a mount namespace of its own (settings->etc_mounted), else as
 * the generated files alone, the host's entries then being bound one by
 * one by bubblewrap. */
static gboolean
prepare_etc (ServerSettings  *settings,
             GPtrArray       *host_paths,
             GError         **error)
{
  if (settings->disk_quota && server_sandbox_etc_mount (settings->etc_dir))
    {
      settings->etc_mounted = TRUE;
      if (write_generated_etc (settings, NULL)
          && server_sandbox_etc_assemble (settings->etc_dir,
                                          (const char * const *) host_paths->pdata))
        return TRUE;
      server_bwrap_release (settings);
    }

  return write_generated_etc (settings, error);
}

/* Undoes what server_bwrap_prepare() mounted: call before removing the
 * work directory. */
void
server_bwrap_release (ServerSettings *settings)
{
  if (!settings->etc_mounted)
    return;
  server_sandbox_etc_release (settings->etc_dir);
  settings->etc_mounted = FALSE;
}

static void
add (GPtrArray  *args,
     const char *arg)
{
  g_ptr_array_add (args, g_strdup (arg));
}

static void
add_ro_bind (GPtrArray  *args,
             const char *path)
{
  add (args, "--ro-bind");
  add (args, path);
  add (args, path);
}

static void
add_generated_etc (const ServerSettings *settings,
                   GPtrArray            *args)
{
  for (gsize i = 0; i < G_N_ELEMENTS (generated_etc); i++)
    {
      g_autofree char *src = g_build_filename (settings->etc_dir,
                                               generated_etc[i], NULL);
      g_autofree char *dest = g_build_filename ("/etc", generated_etc[i], NULL);

      add (args, "--ro-bind");
      add (args, src);
      add (args, dest);
    }
}

/* A tmpfs of --tmp-size bytes (bubblewrap's --size, 0.8 and later; without
 * it, the execution's memory limit alone bounds what it holds). */
static void
add_sized_tmpfs (const ServerSettings *settings,
                 GPtrArray            *args,
                 const char           *path)
{
  if (settings->tmp_size > 0 && settings->bwrap_has_size)
    {
      add (args, "--size");
      g_ptr_array_add (args, g_strdup_printf ("%" G_GUINT64_FORMAT,
                                              settings->tmp_size));
    }
  add (args, "--tmpfs");
  add (args, path);
}

/* Computes the fixed part of the command line once, at start-up. */
gboolean
server_bwrap_prepare (ServerSettings  *settings,
                      GError         **error)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) host_paths = host_etc_paths ();
  g_autofree char *uid = g_strdup_printf ("%u", settings->sandbox_uid);
  g_autofree char *gid = g_strdup_printf ("%u", settings->sandbox_gid);

  server_bwrap_release (settings);
  g_free (settings->etc_dir);
  settings->etc_dir = g_build_filename (settings->work_root, "etc", NULL);
  if (g_mkdir (settings->etc_dir, 0755) != 0 && errno != EEXIST)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                   "Cannot create %s: %s", settings->etc_dir,
                   g_strerror (errno));
      return FALSE;
    }
  g_chmod (settings->etc_dir, 0755);
  if (!prepare_etc (settings, host_paths, error))
    return FALSE;

  settings->bwrap_has_size = bwrap_supports (settings->bwrap_path, "--size");
  add (args, settings->bwrap_path);
  /* All namespaces: IPC's too, so that SysV shared memory is the
   * execution's own (and charged to its control group). */
  add (args, "--unshare-all");
  add (args, "--unshare-ipc");
  add (args, "--unshare-user");
  if (bwrap_supports (settings->bwrap_path, "--disable-userns"))
    add (args, "--disable-userns");
  add (args, "--uid");
  add (args, uid);
  add (args, "--gid");
  add (args, gid);
  add (args, "--hostname");
  add (args, "sandbox");
  add (args, "--die-with-parent");
  /* bubblewrap's own pid 1 reports the command's status and exits after
   * bubblewrap's first process, which has then already exited: it would be
   * an orphan, left to the host's init to reap, and its zombie counts
   * against the sandbox user's process limit. The command is pid 1 instead:
   * when it exits, the kernel kills and reaps the rest of the namespace. */
  add (args, "--as-pid-1");
  add (args, "--new-session");
  if (geteuid () == 0 && !settings->drop_privileges)
    {
      add (args, "--cap-drop");
      add (args, "ALL");
    }

  add_ro_bind (args, "/usr");
  for (gsize i = 0; i < G_N_ELEMENTS (root_links); i++)
    {
      g_autofree char *path = g_strconcat ("/", root_links[i], NULL);
      g_autofree char *target = g_file_read_link (path, NULL);
      struct stat st;

      if (target != NULL)
        {
          add (args, "--symlink");
          add (args, target);
          add (args, path);
        }
      else if (lstat (path, &st) == 0 && S_ISDIR (st.st_mode))
        add_ro_bind (args, path);
    }

  add (args, "--proc");
  add (args, "/proc");
  /* bubblewrap's /dev is a tmpfs of no size, writable by the command: a
   * sized /dev/shm instead (for POSIX shared memory and semaphores), the
   * rest read-only (device nodes stay usable). */
  add (args, "--dev");
  add (args, "/dev");
  add_sized_tmpfs (settings, args, "/dev/shm");
  add (args, "--remount-ro");
  add (args, "/dev");
  add_sized_tmpfs (settings, args, "/tmp");

  /* Last: bubblewrap reads its whole mount table again for each bind it
   * makes, the /dev nodes' too, and /etc brings many. */
  if (settings->etc_mounted)
    {
      add (args, "--ro-bind");
      add (args, settings->etc_dir);
      add (args, "/etc");
    }
  else
    {
      for (guint i = 0; host_paths->pdata[i] != NULL; i++)
        add_ro_bind (args, host_paths->pdata[i]);
      add_generated_etc (settings, args);
    }

  g_ptr_array_add (args, NULL);
  settings->bwrap_args = (char **) g_ptr_array_steal (args, NULL);
  return TRUE;
}

GPtrArray *
server_bwrap_build_argv (const ServerSettings *settings,
                         const char           *workdir,
                         const char           *command)
{
  GPtrArray *argv = g_ptr_array_new_with_free_func (g_free);

  for (char **a = settings->bwrap_args; *a != NULL; a++)
    add (argv, *a);
  add (argv, "--bind");
  add (argv, workdir);
  add (argv, SERVER_SANDBOX_HOME);
  add (argv, "--remount-ro");
  add (argv, "/");
  add (argv, "--chdir");
  add (argv, SERVER_SANDBOX_HOME);
  add (argv, "--");
  /* The command's bash is not pid 1, which ignores the signals it has no
   * handler for: `kill $$` must end it as it would anywhere else. pid 1
   * reports its status as a shell does, 128 + the signal. */
  add (argv, settings->bash_path);
  add (argv, "-c");
  add (argv, "\"$0\" -c \"$1\"; exit $?");
  add (argv, settings->bash_path);
  add (argv, command);
  g_ptr_array_add (argv, NULL);

  return argv;
}
