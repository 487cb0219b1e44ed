/* server-host-info.c
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <json-glib/json-glib.h>

#include "server-host-info.h"
#include "server-json.h"

/* specifications/: this machine (CPUs from /proc and /sys, memory, mounted
 * block devices) and the limits the server applies, in the shape of the
 * real server's answer; `isolation` stands where `docker_version` was. */

#define CPUFREQ "/sys/devices/system/cpu/cpu0/cpufreq/"

static void
server_mount_free (ServerMount *mount)
{
  g_free (mount->device);
  g_free (mount->mount_point);
  g_free (mount);
}

/* /proc/mounts escapes blanks as octal (\040). */
static char *
unescape_mount_field (const char *field)
{
  GString *out = g_string_new (NULL);

  for (const char *p = field; *p != '\0'; p++)
    {
      if (p[0] == '\\' && g_ascii_isdigit (p[1]) && g_ascii_isdigit (p[2])
          && g_ascii_isdigit (p[3]))
        {
          g_string_append_c (out, (char) strtol ((char[]) { p[1], p[2], p[3], 0 },
                                                 NULL, 8));
          p += 3;
        }
      else
        g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

static GPtrArray *
read_mounts (gboolean block_only)
{
  GPtrArray *mounts =
    g_ptr_array_new_with_free_func ((GDestroyNotify) server_mount_free);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents ("/proc/self/mounts", &contents, NULL, NULL))
    return mounts;

  lines = g_strsplit (contents, "\n", -1);
  for (char **line = lines; *line != NULL; line++)
    {
      g_auto(GStrv) fields = g_strsplit (*line, " ", 4);
      ServerMount *mount;

      if (g_strv_length (fields) < 3)
        continue;
      if (block_only && fields[0][0] != '/')
        continue;

      mount = g_new0 (ServerMount, 1);
      mount->device = unescape_mount_field (fields[0]);
      mount->mount_point = unescape_mount_field (fields[1]);
      g_ptr_array_add (mounts, mount);
    }

  return mounts;
}

/* The mounted block devices (psutil.disk_partitions()). */
GPtrArray *
server_host_block_mounts (void)
{
  return read_mounts (TRUE);
}

GHashTable *
server_host_meminfo (void)
{
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             g_free);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents ("/proc/meminfo", &contents, NULL, NULL))
    return table;

  lines = g_strsplit (contents, "\n", -1);
  for (char **line = lines; *line != NULL; line++)
    {
      char *colon = strchr (*line, ':');
      guint64 *value;

      if (colon == NULL)
        continue;
      value = g_new (guint64, 1);
      *value = g_ascii_strtoull (colon + 1, NULL, 10) * 1024;
      g_hash_table_insert (table, g_strndup (*line, colon - *line), value);
    }

  return table;
}

guint64
server_host_meminfo_get (GHashTable *meminfo,
                         const char *key)
{
  guint64 *value = g_hash_table_lookup (meminfo, key);

  return value != NULL ? *value : 0;
}

static gboolean
read_khz (const char *path,
          double     *mhz)
{
  g_autofree char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return FALSE;
  *mhz = g_ascii_strtod (contents, NULL) / 1000.0;
  return *mhz > 0;
}

/* Frequencies in MHz: the current mean (@current), or the minimum or
 * maximum (@maximum) the CPUs can run at; from cpufreq when it exists,
 * /proc/cpuinfo otherwise, 0.0 when neither says. */
double
server_host_cpu_mhz (gboolean current,
                     gboolean maximum)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  double sum = 0, min = 0, max = 0, mhz;
  guint n = 0;

  if (!current && read_khz (maximum ? CPUFREQ "cpuinfo_max_freq"
                                    : CPUFREQ "cpuinfo_min_freq", &mhz))
    return mhz;

  for (guint cpu = 0; current; cpu++)
    {
      g_autofree char *path =
        g_strdup_printf ("/sys/devices/system/cpu/cpu%u/cpufreq/scaling_cur_freq",
                         cpu);

      if (!read_khz (path, &mhz))
        break;
      sum += mhz;
      n++;
    }
  if (n > 0)
    return sum / n;

  if (!g_file_get_contents ("/proc/cpuinfo", &contents, NULL, NULL))
    return 0.0;
  lines = g_strsplit (contents, "\n", -1);
  for (char **line = lines; *line != NULL; line++)
    {
      char *colon;

      colon = strchr (*line, ':');
      if (!g_str_has_prefix (*line, "cpu MHz") || colon == NULL)
        continue;
      mhz = g_ascii_strtod (colon + 1, NULL);
      sum += mhz;
      min = n == 0 ? mhz : MIN (min, mhz);
      max = n == 0 ? mhz : MAX (max, mhz);
      n++;
    }

  if (n == 0)
    return 0.0;
  if (current)
    return sum / n;
  return maximum ? max : min;
}

guint
server_host_logical_cpus (void)
{
  long n = sysconf (_SC_NPROCESSORS_ONLN);

  return n > 0 ? (guint) n : g_get_num_processors ();
}

static guint
physical_cores (void)
{
  g_autoptr(GHashTable) cores = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                       g_free, NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  const char *physical = "0";

  if (g_file_get_contents ("/proc/cpuinfo", &contents, NULL, NULL))
    {
      lines = g_strsplit (contents, "\n", -1);
      for (char **line = lines; *line != NULL; line++)
        {
          char *colon = strchr (*line, ':');

          if (colon == NULL)
            continue;
          if (g_str_has_prefix (*line, "physical id"))
            physical = g_strstrip (colon + 1);
          else if (g_str_has_prefix (*line, "core id"))
            g_hash_table_add (cores, g_strdup_printf ("%s/%s", physical,
                                                      g_strstrip (colon + 1)));
        }
    }

  return g_hash_table_size (cores) > 0 ? g_hash_table_size (cores)
                                       : server_host_logical_cpus ();
}

static char *
working_dir_device (const char *path)
{
  g_autoptr(GPtrArray) mounts = read_mounts (FALSE);
  g_autofree char *real = realpath (path, NULL);
  const ServerMount *best = NULL;
  gsize best_len = 0;

  if (real == NULL)
    return g_strdup ("");

  for (guint i = 0; i < mounts->len; i++)
    {
      const ServerMount *mount = mounts->pdata[i];
      gsize len = strlen (mount->mount_point);

      if (strncmp (real, mount->mount_point, len) == 0
          && (real[len] == '/' || real[len] == '\0' || len == 1)
          && len >= best_len)
        {
          best = mount;
          best_len = len;
        }
    }

  return g_strdup (best != NULL ? best->device : "");
}

static gint64
limit_or_none (guint64 value)
{
  return value > 0 ? (gint64) value : -1;
}

GString *
server_host_specifications (const ServerSettings *settings)
{
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();
  g_autoptr(GHashTable) meminfo = server_host_meminfo ();
  g_autoptr(GPtrArray) mounts = server_host_block_mounts ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *device = working_dir_device (settings->work_root);
  GString *out = g_string_new (NULL);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "host");
  json_builder_begin_object (b);

  json_builder_set_member_name (b, "cpu");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "core");
  json_builder_add_int_value (b, physical_cores ());
  json_builder_set_member_name (b, "logical");
  json_builder_add_int_value (b, server_host_logical_cpus ());
  json_builder_set_member_name (b, "freq_min");
  json_builder_add_double_value (b, server_host_cpu_mhz (FALSE, FALSE));
  json_builder_set_member_name (b, "freq_max");
  json_builder_add_double_value (b, server_host_cpu_mhz (FALSE, TRUE));
  json_builder_end_object (b);

  json_builder_set_member_name (b, "memory");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "ram");
  json_builder_add_int_value (b, server_host_meminfo_get (meminfo, "MemTotal"));
  json_builder_set_member_name (b, "swap");
  json_builder_add_int_value (b, server_host_meminfo_get (meminfo, "SwapTotal"));
  json_builder_set_member_name (b, "storage");
  json_builder_begin_object (b);
  for (guint i = 0; i < mounts->len; i++)
    {
      const ServerMount *mount = mounts->pdata[i];
      struct statvfs st;

      if (statvfs (mount->mount_point, &st) != 0)
        continue;
      json_builder_set_member_name (b, mount->device);
      json_builder_add_int_value (b, (gint64) st.f_blocks * st.f_frsize);
    }
  json_builder_end_object (b);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "isolation");
  json_builder_add_string_value (b, settings->isolation);
  json_builder_set_member_name (b, "sandbox_version");
  json_builder_add_string_value (b, PACKAGE_VERSION);
  if (settings->isolation_warning != NULL)
    {
      json_builder_set_member_name (b, "warning");
      json_builder_add_string_value (b, settings->isolation_warning);
    }
  json_builder_end_object (b);

  json_builder_set_member_name (b, "container");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "count");
  json_builder_add_int_value (b, settings->slots);

  json_builder_set_member_name (b, "cpu");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "count");
  json_builder_add_int_value (b, server_host_logical_cpus ());
  json_builder_set_member_name (b, "period");
  json_builder_add_int_value (b, -1);
  json_builder_set_member_name (b, "shares");
  json_builder_add_int_value (b, -1);
  json_builder_set_member_name (b, "quota");
  json_builder_add_int_value (b, -1);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "memory");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "ram");
  json_builder_add_int_value (b, limit_or_none (settings->limit_memory));
  json_builder_set_member_name (b, "swap");
  json_builder_add_int_value (b, settings->limit_memory > 0 ? 0 : -1);
  json_builder_set_member_name (b, "storage");
  json_builder_add_int_value (b, -1);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "io");
  json_builder_begin_object (b);
  for (guint i = 0; i < 4; i++)
    {
      static const char * const names[] = {
        "read_iops", "read_bps", "write_iops", "write_bps"
      };

      json_builder_set_member_name (b, names[i]);
      json_builder_begin_object (b);
      json_builder_end_object (b);
    }
  json_builder_end_object (b);

  json_builder_set_member_name (b, "process");
  json_builder_add_int_value (b, limit_or_none (settings->limit_processes));
  json_builder_set_member_name (b, "working_dir_device");
  json_builder_add_string_value (b, device);

  json_builder_set_member_name (b, "limits");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "execute_timeout");
  json_builder_add_double_value (b, settings->timeout);
  json_builder_set_member_name (b, "slot_wait");
  json_builder_add_double_value (b, settings->slot_wait);
  json_builder_set_member_name (b, "environment_expiry");
  json_builder_add_double_value (b, settings->expiry);
  json_builder_set_member_name (b, "cpu_time");
  json_builder_add_int_value (b, settings->limit_cpu > 0
                                 ? (gint64) settings->limit_cpu : -1);
  json_builder_set_member_name (b, "file_size");
  json_builder_add_int_value (b, limit_or_none (settings->limit_file_size));
  json_builder_set_member_name (b, "tmp_size");
  json_builder_add_int_value (b, limit_or_none (settings->tmp_size));
  json_builder_set_member_name (b, "output");
  json_builder_add_int_value (b, settings->output_limit);
  json_builder_set_member_name (b, "result");
  json_builder_add_int_value (b, settings->result_limit);
  json_builder_set_member_name (b, "request_body");
  json_builder_add_int_value (b, settings->max_request);
  json_builder_set_member_name (b, "unpacked_size");
  json_builder_add_int_value (b, settings->max_unpacked);
  json_builder_set_member_name (b, "unpacked_members");
  json_builder_add_int_value (b, settings->max_members);
  json_builder_end_object (b);

  json_builder_end_object (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  server_json_append_node (out, root);
  return out;
}
