/* consumer.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Prints the specifications of the server at argv[1], as JSON. */

#include <sandbox-api.h>

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SandboxClient) client = NULL;
  g_autoptr(JsonNode) specifications = NULL;
  g_autofree char *text = NULL;

  if (argc != 2)
    {
      g_printerr ("usage: consumer-c URL\n");
      return 2;
    }
  client = sandbox_client_new (argv[1], &error);
  if (client != NULL)
    specifications = sandbox_client_get_specifications (client, NULL, &error);
  if (specifications == NULL)
    {
      g_printerr ("consumer-c: %s\n", error->message);
      return 1;
    }
  text = json_to_string (specifications, FALSE);
  g_print ("%s %s\n", SANDBOX_VERSION_S, text);
  return 0;
}
