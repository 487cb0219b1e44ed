/* server-usages.c
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>

#include <json-glib/json-glib.h>

#include "server-host-info.h"
#include "server-json.h"
#include "server-usages.h"

/* usages/: two samples of the kernel's counters (CPU, disks, network)
 * taken an interval apart, turned into the real server's per-second
 * figures, plus memory, storage and process counts. */

typedef struct
{
  guint64 reads;
  guint64 read_sectors;
  guint64 writes;
  guint64 write_sectors;
} DiskCounters;

struct _ServerUsageSample
{
  gint64       time;
  guint64      cpu_total;
  guint64      cpu_idle;
  GHashTable  *disks;
  guint64      net[4];
};

void
server_usage_sample_free (ServerUsageSample *sample)
{
  g_clear_pointer (&sample->disks, g_hash_table_unref);
  g_free (sample);
}

static void
read_cpu (ServerUsageSample *sample)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) fields = NULL;
  char *eol;

  if (!g_file_get_contents ("/proc/stat", &contents, NULL, NULL)
      || !g_str_has_prefix (contents, "cpu "))
    return;
  eol = strchr (contents, '\n');
  if (eol != NULL)
    *eol = '\0';

  fields = g_strsplit_set (contents + 4, " ", -1);
  for (guint i = 0, col = 0; fields[i] != NULL; i++)
    {
      guint64 value;

      if (*fields[i] == '\0')
        continue;
      value = g_ascii_strtoull (fields[i], NULL, 10);
      /* user nice system idle iowait irq softirq steal (guests are in user) */
      if (col < 8)
        sample->cpu_total += value;
      if (col == 3 || col == 4)
        sample->cpu_idle += value;
      col++;
    }
}

static void
read_disks (ServerUsageSample *sample)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents ("/proc/diskstats", &contents, NULL, NULL))
    return;

  lines = g_strsplit (contents, "\n", -1);
  for (char **line = lines; *line != NULL; line++)
    {
      g_auto(GStrv) f = g_strsplit_set (g_strstrip (*line), " \t", -1);
      g_autoptr(GPtrArray) cols = g_ptr_array_new ();
      DiskCounters *c;

      for (char **p = f; *p != NULL; p++)
        if (**p != '\0')
          g_ptr_array_add (cols, *p);
      if (cols->len < 10)
        continue;

      c = g_new0 (DiskCounters, 1);
      c->reads = g_ascii_strtoull (cols->pdata[3], NULL, 10);
      c->read_sectors = g_ascii_strtoull (cols->pdata[5], NULL, 10);
      c->writes = g_ascii_strtoull (cols->pdata[7], NULL, 10);
      c->write_sectors = g_ascii_strtoull (cols->pdata[9], NULL, 10);
      g_hash_table_replace (sample->disks, g_strdup (cols->pdata[2]), c);
    }
}

static void
read_network (ServerUsageSample *sample)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents ("/proc/net/dev", &contents, NULL, NULL))
    return;

  lines = g_strsplit (contents, "\n", -1);
  for (char **line = lines; *line != NULL; line++)
    {
      char *colon = strchr (*line, ':');
      g_auto(GStrv) f = NULL;
      g_autoptr(GPtrArray) cols = g_ptr_array_new ();

      if (colon == NULL)
        continue;
      f = g_strsplit_set (colon + 1, " \t", -1);
      for (char **p = f; *p != NULL; p++)
        if (**p != '\0')
          g_ptr_array_add (cols, *p);
      if (cols->len < 10)
        continue;

      /* sent bytes, received bytes, sent packets, received packets */
      sample->net[0] += g_ascii_strtoull (cols->pdata[8], NULL, 10);
      sample->net[1] += g_ascii_strtoull (cols->pdata[0], NULL, 10);
      sample->net[2] += g_ascii_strtoull (cols->pdata[9], NULL, 10);
      sample->net[3] += g_ascii_strtoull (cols->pdata[1], NULL, 10);
    }
}

ServerUsageSample *
server_usage_sample (void)
{
  ServerUsageSample *sample = g_new0 (ServerUsageSample, 1);

  sample->time = g_get_monotonic_time ();
  sample->disks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         g_free);
  read_cpu (sample);
  read_disks (sample);
  read_network (sample);
  return sample;
}

static guint
count_processes (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc", 0, NULL);
  const char *name;
  guint n = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_ascii_isdigit (name[0]))
      n++;
  return n;
}

static gint64
rate (guint64 before,
      guint64 after,
      double  seconds)
{
  if (after < before || seconds <= 0)
    return 0;
  return (gint64) floor ((after - before) / seconds);
}

static void
add_io_rates (JsonBuilder       *b,
              ServerUsageSample *before,
              ServerUsageSample *after,
              GPtrArray         *mounts,
              double             seconds)
{
  static const char * const names[] = {
    "read_iops", "read_bps", "write_iops", "write_bps"
  };

  json_builder_set_member_name (b, "io");
  json_builder_begin_object (b);
  for (guint k = 0; k < G_N_ELEMENTS (names); k++)
    {
      json_builder_set_member_name (b, names[k]);
      json_builder_begin_object (b);
      for (guint i = 0; i < mounts->len; i++)
        {
          const ServerMount *mount = mounts->pdata[i];
          g_autofree char *base = g_path_get_basename (mount->device);
          DiskCounters *c1 = g_hash_table_lookup (before->disks, base);
          DiskCounters *c2 = g_hash_table_lookup (after->disks, base);
          guint64 v1, v2;

          if (c1 == NULL || c2 == NULL)
            continue;
          v1 = k == 0 ? c1->reads : k == 1 ? c1->read_sectors * 512
               : k == 2 ? c1->writes : c1->write_sectors * 512;
          v2 = k == 0 ? c2->reads : k == 1 ? c2->read_sectors * 512
               : k == 2 ? c2->writes : c2->write_sectors * 512;
          json_builder_set_member_name (b, mount->device);
          json_builder_add_int_value (b, rate (v1, v2, seconds));
        }
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
}

GString *
server_usage_report (ServerUsageSample *before,
                     ServerUsageSample *after,
                     guint              busy)
{
  static const char * const net_names[] = {
    "sent_bytes", "received_bytes", "sent_packets", "received_packets"
  };
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();
  g_autoptr(GHashTable) meminfo = server_host_meminfo ();
  g_autoptr(GPtrArray) mounts = server_host_block_mounts ();
  g_autoptr(JsonNode) root = NULL;
  double seconds = (after->time - before->time) / (double) G_USEC_PER_SEC;
  guint ncpu = MAX (server_host_logical_cpus (), 1);
  guint64 total = after->cpu_total - before->cpu_total;
  guint64 idle = after->cpu_idle - before->cpu_idle;
  double usage = 0;
  double loadavg[3] = { 0, 0, 0 };
  guint64 mem_total, mem_used;
  GString *out = g_string_new (NULL);

  if (after->cpu_total > before->cpu_total && idle <= total)
    usage = round ((total - idle) * 1000.0 / total) / 1000.0;
  if (getloadavg (loadavg, 3) < 0)
    memset (loadavg, 0, sizeof loadavg);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "cpu");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "frequency");
  json_builder_add_double_value (b, server_host_cpu_mhz (TRUE, FALSE));
  json_builder_set_member_name (b, "usage");
  json_builder_add_double_value (b, usage);
  json_builder_set_member_name (b, "usage_avg");
  json_builder_begin_array (b);
  for (guint i = 0; i < 3; i++)
    json_builder_add_double_value (b, loadavg[i] / ncpu);
  json_builder_end_array (b);
  json_builder_end_object (b);

  mem_total = server_host_meminfo_get (meminfo, "MemTotal");
  mem_used = server_host_meminfo_get (meminfo, "MemFree")
             + server_host_meminfo_get (meminfo, "Buffers")
             + server_host_meminfo_get (meminfo, "Cached")
             + server_host_meminfo_get (meminfo, "SReclaimable");
  mem_used = mem_used < mem_total
             ? mem_total - mem_used
             : mem_total - server_host_meminfo_get (meminfo, "MemFree");

  json_builder_set_member_name (b, "memory");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "ram");
  json_builder_add_int_value (b, mem_used);
  json_builder_set_member_name (b, "swap");
  json_builder_add_int_value (b, server_host_meminfo_get (meminfo, "SwapTotal")
                                 - server_host_meminfo_get (meminfo, "SwapFree"));
  json_builder_set_member_name (b, "storage");
  json_builder_begin_object (b);
  for (guint i = 0; i < mounts->len; i++)
    {
      const ServerMount *mount = mounts->pdata[i];
      struct statvfs st;

      if (statvfs (mount->mount_point, &st) != 0)
        continue;
      json_builder_set_member_name (b, mount->device);
      json_builder_add_int_value (b, (gint64) (st.f_blocks - st.f_bfree)
                                     * st.f_frsize);
    }
  json_builder_end_object (b);
  json_builder_end_object (b);

  add_io_rates (b, before, after, mounts, seconds);

  json_builder_set_member_name (b, "network");
  json_builder_begin_object (b);
  for (guint i = 0; i < G_N_ELEMENTS (net_names); i++)
    {
      json_builder_set_member_name (b, net_names[i]);
      json_builder_add_int_value (b, rate (before->net[i], after->net[i],
                                           seconds));
    }
  json_builder_end_object (b);

  json_builder_set_member_name (b, "process");
  json_builder_add_int_value (b, count_processes ());
  json_builder_set_member_name (b, "container");
  json_builder_add_int_value (b, busy);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  server_json_append_node (out, root);
  return out;
}
