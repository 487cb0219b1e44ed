/* cli-progress-stream.h
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <sandbox-api.h>

G_BEGIN_DECLS

GInputStream *cli_progress_stream_new (GInputStream            *base_stream,
                                       goffset                  total,
                                       SandboxProgressCallback  callback,
                                       gpointer                 user_data);

G_END_DECLS
