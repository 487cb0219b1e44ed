/* server-usages.h
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _ServerUsageSample ServerUsageSample;

ServerUsageSample *server_usage_sample      (void);
void               server_usage_sample_free (ServerUsageSample *sample);
GString           *server_usage_report      (ServerUsageSample *before,
                                             ServerUsageSample *after,
                                             guint              busy);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ServerUsageSample, server_usage_sample_free)

G_END_DECLS
