/* playground-specs.c: the server's specifications in a sentence
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <glib/gi18n.h>

#include <string.h>

#include "playground-specs.h"

/* The member at a dotted path of objects, or NULL. */
static JsonNode *
lookup (JsonNode   *node,
        const char *path)
{
  g_auto(GStrv) names = g_strsplit (path, ".", -1);

  for (guint i = 0; names[i] != NULL; i++)
    {
      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        return NULL;
      node = json_object_get_member (json_node_get_object (node), names[i]);
    }
  return node;
}

static gboolean
lookup_number (JsonNode   *node,
               const char *path,
               double     *out_value)
{
  node = lookup (node, path);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      (json_node_get_value_type (node) != G_TYPE_INT64 &&
       json_node_get_value_type (node) != G_TYPE_DOUBLE))
    return FALSE;
  *out_value = json_node_get_double (node);
  return TRUE;
}

static const char *
lookup_string (JsonNode   *node,
               const char *path)
{
  node = lookup (node, path);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* A version without its Debian revision: "5.2.15-2+b8" gives "5.2.15". */
static char *
short_version (const char *version)
{
  const char *colon = strchr (version, ':');

  if (colon != NULL)
    version = colon + 1;
  return g_strndup (version, strcspn (version, "-+~"));
}

/* Returns a line such as "2 containers · 2 CPUs and 2.1 GB of memory each ·
 * 10 s a run · sandbox 1.1.0 (bubblewrap 0.8.0) · bash 5.2.15, python3 3.11.2".
 * Either node may be NULL; members the server does not give are left out. */
char *
playground_specs_describe (JsonNode *specifications,
                           JsonNode *libraries)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) versions = g_string_new (NULL);
  static const char * const programs[] = { "bash", "python3", "gcc", "coreutils" };
  const char *sandbox_version = lookup_string (specifications, "host.sandbox_version");
  const char *isolation = lookup_string (specifications, "host.isolation");
  const char *docker = lookup_string (specifications, "host.docker_version");
  double count, cpus, ram, timeout;

  if (lookup_number (specifications, "container.count", &count))
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%.0f container", "%.0f containers",
                                                                 count == 1 ? 1 : 2), count));

  if (lookup_number (specifications, "container.cpu.count", &cpus) && cpus > 0)
    {
      g_autofree char *memory = NULL;

      if (lookup_number (specifications, "container.memory.ram", &ram) && ram > 0)
        memory = g_format_size ((guint64) ram);
      if (memory != NULL)
        g_ptr_array_add (parts, g_strdup_printf (ngettext ("%.0f CPU and %s of memory each",
                                                           "%.0f CPUs and %s of memory each",
                                                           cpus == 1 ? 1 : 2),
                                                 cpus, memory));
      else
        g_ptr_array_add (parts, g_strdup_printf (ngettext ("%.0f CPU each", "%.0f CPUs each",
                                                           cpus == 1 ? 1 : 2), cpus));
    }

  if (lookup_number (specifications, "container.limits.execute_timeout", &timeout) &&
      timeout > 0)
    g_ptr_array_add (parts, /* Translators: the most time a run may take, in seconds. */
                     g_strdup_printf (_("%g s a run"), timeout));

  if (sandbox_version != NULL && isolation != NULL)
    g_ptr_array_add (parts, g_strdup_printf ("sandbox %s (%s)", sandbox_version, isolation));
  else if (sandbox_version != NULL && docker != NULL)
    g_ptr_array_add (parts, g_strdup_printf ("sandbox %s (Docker %s)", sandbox_version, docker));
  else if (sandbox_version != NULL)
    g_ptr_array_add (parts, g_strdup_printf ("sandbox %s", sandbox_version));

  for (guint i = 0; i < G_N_ELEMENTS (programs); i++)
    {
      g_autofree char *path = g_strdup_printf ("libraries.system.%s", programs[i]);
      const char *version = lookup_string (libraries, path);

      if (version != NULL)
        {
          g_autofree char *number = short_version (version);

          g_string_append_printf (versions, "%s%s %s", versions->len > 0 ? ", " : "",
                                  programs[i], number);
        }
    }
  if (versions->len > 0)
    g_ptr_array_add (parts, g_string_free (g_steal_pointer (&versions), FALSE));

  if (parts->len == 0)
    return g_strdup (_("Connected (the server gave no specifications)"));

  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (char **) parts->pdata);
}
