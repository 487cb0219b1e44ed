/* server-timing.h
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* The phases of one execute request, in the order they happen. */
typedef enum
{
  SERVER_PHASE_RECEIVE,
  SERVER_PHASE_WAIT,
  SERVER_PHASE_UNPACK,
  SERVER_PHASE_SPAWN,
  SERVER_PHASE_RUN,
  SERVER_PHASE_PACK,
  SERVER_PHASE_ANSWER,
  SERVER_PHASE_CLEANUP,
  SERVER_N_PHASES
} ServerPhase;

/* Microseconds spent in each phase. */
typedef struct
{
  gint64  us[SERVER_N_PHASES];
} ServerTiming;

void     server_timing_mark_received (SoupServerMessage   *msg);
gint64   server_timing_received_at   (SoupServerMessage   *msg);
gint64   server_timing_add           (ServerTiming        *timing,
                                      ServerPhase          phase,
                                      gint64               since);
char    *server_timing_header        (const ServerTiming  *timing);
char    *server_timing_describe      (const ServerTiming  *timing);

G_END_DECLS
