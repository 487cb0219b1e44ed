/* sandbox-client.h
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(SANDBOX_INSIDE) && !defined(SANDBOX_COMPILATION)
# error "Only <sandbox-api.h> can be included directly."
#endif

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "sandbox-config.h"
#include "sandbox-environment-builder.h"
#include "sandbox-execution.h"
#include "sandbox-progress.h"
#include "sandbox-version-macros.h"

G_BEGIN_DECLS

#define SANDBOX_TYPE_CLIENT (sandbox_client_get_type ())

SANDBOX_AVAILABLE_IN_1_0
G_DECLARE_FINAL_TYPE (SandboxClient, sandbox_client, SANDBOX, CLIENT, GObject)

SANDBOX_AVAILABLE_IN_1_0
SandboxClient    *sandbox_client_new                      (const char           *base_url,
                                                           GError              **error);

SANDBOX_AVAILABLE_IN_1_0
const char       *sandbox_client_get_base_url             (SandboxClient        *self);
SANDBOX_AVAILABLE_IN_1_0
double            sandbox_client_get_timeout              (SandboxClient        *self);
SANDBOX_AVAILABLE_IN_1_0
void              sandbox_client_set_timeout              (SandboxClient        *self,
                                                           double                timeout);
SANDBOX_AVAILABLE_IN_1_0
guint             sandbox_client_get_max_connections      (SandboxClient        *self);
SANDBOX_AVAILABLE_IN_1_0
guint64           sandbox_client_get_max_response_size    (SandboxClient        *self);
SANDBOX_AVAILABLE_IN_1_0
void              sandbox_client_set_max_response_size    (SandboxClient        *self,
                                                           guint64               max_response_size);
SANDBOX_AVAILABLE_IN_1_1
guint64           sandbox_client_get_max_json_size        (SandboxClient        *self);
SANDBOX_AVAILABLE_IN_1_1
void              sandbox_client_set_max_json_size        (SandboxClient        *self,
                                                           guint64               max_json_size);
SANDBOX_AVAILABLE_IN_1_1
guint64           sandbox_client_get_max_download_size    (SandboxClient        *self);
SANDBOX_AVAILABLE_IN_1_1
void              sandbox_client_set_max_download_size    (SandboxClient        *self,
                                                           guint64               max_download_size);
SANDBOX_AVAILABLE_IN_1_1
guint             sandbox_client_get_max_retries          (SandboxClient        *self);
SANDBOX_AVAILABLE_IN_1_1
void              sandbox_client_set_max_retries          (SandboxClient        *self,
                                                           guint                 max_retries);
SANDBOX_AVAILABLE_IN_1_1
double            sandbox_client_get_retry_delay          (SandboxClient        *self);
SANDBOX_AVAILABLE_IN_1_1
void              sandbox_client_set_retry_delay          (SandboxClient        *self,
                                                           double                retry_delay);
SANDBOX_AVAILABLE_IN_1_1
double            sandbox_client_get_max_retry_time       (SandboxClient        *self);
SANDBOX_AVAILABLE_IN_1_1
void              sandbox_client_set_max_retry_time       (SandboxClient        *self,
                                                           double                max_retry_time);
SANDBOX_AVAILABLE_IN_1_1
double            sandbox_client_get_connect_timeout      (SandboxClient        *self);
SANDBOX_AVAILABLE_IN_1_1
void              sandbox_client_set_connect_timeout      (SandboxClient        *self,
                                                           double                connect_timeout);
SANDBOX_AVAILABLE_IN_1_1
double            sandbox_client_get_read_timeout         (SandboxClient        *self);
SANDBOX_AVAILABLE_IN_1_1
void              sandbox_client_set_read_timeout         (SandboxClient        *self,
                                                           double                read_timeout);
SANDBOX_AVAILABLE_IN_1_0
const char       *sandbox_client_get_user_agent           (SandboxClient        *self);
SANDBOX_AVAILABLE_IN_1_0
GProxyResolver   *sandbox_client_get_proxy_resolver       (SandboxClient        *self);
SANDBOX_AVAILABLE_IN_1_0
GTlsDatabase     *sandbox_client_get_tls_database         (SandboxClient        *self);
SANDBOX_AVAILABLE_IN_1_0
void              sandbox_client_set_request_header       (SandboxClient        *self,
                                                           const char           *name,
                                                           const char           *value);
SANDBOX_AVAILABLE_IN_1_0
char             *sandbox_client_dup_request_header       (SandboxClient        *self,
                                                           const char           *name);

SANDBOX_AVAILABLE_IN_1_0
JsonNode         *sandbox_client_get_specifications       (SandboxClient        *self,
                                                           GCancellable         *cancellable,
                                                           GError              **error);
SANDBOX_AVAILABLE_IN_1_0
void              sandbox_client_get_specifications_async (SandboxClient        *self,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
SANDBOX_AVAILABLE_IN_1_0
JsonNode         *sandbox_client_get_specifications_finish (SandboxClient       *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);

SANDBOX_AVAILABLE_IN_1_0
JsonNode         *sandbox_client_get_usage                (SandboxClient        *self,
                                                           GCancellable         *cancellable,
                                                           GError              **error);
SANDBOX_AVAILABLE_IN_1_0
void              sandbox_client_get_usage_async          (SandboxClient        *self,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
SANDBOX_AVAILABLE_IN_1_0
JsonNode         *sandbox_client_get_usage_finish         (SandboxClient        *self,
                                                           GAsyncResult         *result,
                                                           GError              **error);

SANDBOX_AVAILABLE_IN_1_0
JsonNode         *sandbox_client_get_libraries            (SandboxClient        *self,
                                                           GCancellable         *cancellable,
                                                           GError              **error);
SANDBOX_AVAILABLE_IN_1_0
void              sandbox_client_get_libraries_async      (SandboxClient        *self,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
SANDBOX_AVAILABLE_IN_1_0
JsonNode         *sandbox_client_get_libraries_finish     (SandboxClient        *self,
                                                           GAsyncResult         *result,
                                                           GError              **error);

SANDBOX_AVAILABLE_IN_1_0
GBytes           *sandbox_client_download                 (SandboxClient        *self,
                                                           const char           *environment_id,
                                                           const char           *path,
                                                           GCancellable         *cancellable,
                                                           GError              **error);
SANDBOX_AVAILABLE_IN_1_0
void              sandbox_client_download_async           (SandboxClient        *self,
                                                           const char           *environment_id,
                                                           const char           *path,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
SANDBOX_AVAILABLE_IN_1_0
GBytes           *sandbox_client_download_finish          (SandboxClient        *self,
                                                           GAsyncResult         *result,
                                                           GError              **error);

SANDBOX_AVAILABLE_IN_1_1
GBytes           *sandbox_client_download_with_progress   (SandboxClient            *self,
                                                           const char               *environment_id,
                                                           const char               *path,
                                                           GCancellable             *cancellable,
                                                           SandboxProgressCallback   progress_callback,
                                                           gpointer                  progress_data,
                                                           GError                  **error);
SANDBOX_AVAILABLE_IN_1_1
void              sandbox_client_download_with_progress_async (SandboxClient        *self,
                                                           const char               *environment_id,
                                                           const char               *path,
                                                           GCancellable             *cancellable,
                                                           SandboxProgressCallback   progress_callback,
                                                           gpointer                  progress_data,
                                                           GDestroyNotify            progress_notify,
                                                           GAsyncReadyCallback       callback,
                                                           gpointer                  user_data);

SANDBOX_AVAILABLE_IN_1_0
GInputStream     *sandbox_client_download_stream          (SandboxClient        *self,
                                                           const char           *environment_id,
                                                           const char           *path,
                                                           goffset              *out_size,
                                                           GCancellable         *cancellable,
                                                           GError              **error);
SANDBOX_AVAILABLE_IN_1_0
void              sandbox_client_download_stream_async    (SandboxClient        *self,
                                                           const char           *environment_id,
                                                           const char           *path,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
SANDBOX_AVAILABLE_IN_1_0
GInputStream     *sandbox_client_download_stream_finish   (SandboxClient        *self,
                                                           GAsyncResult         *result,
                                                           goffset              *out_size,
                                                           GError              **error);
SANDBOX_AVAILABLE_IN_1_1
GInputStream     *sandbox_client_download_stream_with_progress (SandboxClient       *self,
                                                           const char               *environment_id,
                                                           const char               *path,
                                                           goffset                  *out_size,
                                                           GCancellable             *cancellable,
                                                           SandboxProgressCallback   progress_callback,
                                                           gpointer                  progress_data,
                                                           GDestroyNotify            progress_notify,
                                                           GError                  **error);
SANDBOX_AVAILABLE_IN_1_1
void              sandbox_client_download_stream_with_progress_async (SandboxClient *self,
                                                           const char               *environment_id,
                                                           const char               *path,
                                                           GCancellable             *cancellable,
                                                           SandboxProgressCallback   progress_callback,
                                                           gpointer                  progress_data,
                                                           GDestroyNotify            progress_notify,
                                                           GAsyncReadyCallback       callback,
                                                           gpointer                  user_data);

SANDBOX_AVAILABLE_IN_1_1
gboolean          sandbox_client_query_file               (SandboxClient        *self,
                                                           const char           *environment_id,
                                                           const char           *path,
                                                           gboolean             *out_exists,
                                                           goffset              *out_size,
                                                           GCancellable         *cancellable,
                                                           GError              **error);
SANDBOX_AVAILABLE_IN_1_1
void              sandbox_client_query_file_async         (SandboxClient        *self,
                                                           const char           *environment_id,
                                                           const char           *path,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
SANDBOX_AVAILABLE_IN_1_1
gboolean          sandbox_client_query_file_finish        (SandboxClient        *self,
                                                           GAsyncResult         *result,
                                                           gboolean             *out_exists,
                                                           goffset              *out_size,
                                                           GError              **error);

SANDBOX_DEPRECATED_IN_1_1_FOR (sandbox_client_query_file)
goffset           sandbox_client_check                    (SandboxClient        *self,
                                                           const char           *environment_id,
                                                           const char           *path,
                                                           GCancellable         *cancellable,
                                                           GError              **error);
SANDBOX_DEPRECATED_IN_1_1_FOR (sandbox_client_query_file_async)
void              sandbox_client_check_async              (SandboxClient        *self,
                                                           const char           *environment_id,
                                                           const char           *path,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
SANDBOX_DEPRECATED_IN_1_1_FOR (sandbox_client_query_file_finish)
goffset           sandbox_client_check_finish             (SandboxClient        *self,
                                                           GAsyncResult         *result,
                                                           GError              **error);

SANDBOX_AVAILABLE_IN_1_0
SandboxExecution *sandbox_client_execute                  (SandboxClient        *self,
                                                           SandboxConfig        *config,
                                                           GInputStream         *archive,
                                                           GCancellable         *cancellable,
                                                           GError              **error);
SANDBOX_AVAILABLE_IN_1_0
void              sandbox_client_execute_async            (SandboxClient        *self,
                                                           SandboxConfig        *config,
                                                           GInputStream         *archive,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
SANDBOX_AVAILABLE_IN_1_0
SandboxExecution *sandbox_client_execute_finish           (SandboxClient        *self,
                                                           GAsyncResult         *result,
                                                           GError              **error);

SANDBOX_AVAILABLE_IN_1_0
SandboxExecution *sandbox_client_execute_file             (SandboxClient        *self,
                                                           SandboxConfig        *config,
                                                           GFile                *archive,
                                                           GCancellable         *cancellable,
                                                           GError              **error);
SANDBOX_AVAILABLE_IN_1_0
void              sandbox_client_execute_file_async       (SandboxClient        *self,
                                                           SandboxConfig        *config,
                                                           GFile                *archive,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
SANDBOX_AVAILABLE_IN_1_0
SandboxExecution *sandbox_client_execute_file_finish      (SandboxClient        *self,
                                                           GAsyncResult         *result,
                                                           GError              **error);

SANDBOX_AVAILABLE_IN_1_1
SandboxExecution *sandbox_client_execute_with_progress    (SandboxClient            *self,
                                                           SandboxConfig            *config,
                                                           GInputStream             *archive,
                                                           GCancellable             *cancellable,
                                                           SandboxProgressCallback   progress_callback,
                                                           gpointer                  progress_data,
                                                           GError                  **error);
SANDBOX_AVAILABLE_IN_1_1
void              sandbox_client_execute_with_progress_async (SandboxClient         *self,
                                                           SandboxConfig            *config,
                                                           GInputStream             *archive,
                                                           GCancellable             *cancellable,
                                                           SandboxProgressCallback   progress_callback,
                                                           gpointer                  progress_data,
                                                           GDestroyNotify            progress_notify,
                                                           GAsyncReadyCallback       callback,
                                                           gpointer                  user_data);
SANDBOX_AVAILABLE_IN_1_1
SandboxExecution *sandbox_client_execute_file_with_progress (SandboxClient          *self,
                                                           SandboxConfig            *config,
                                                           GFile                    *archive,
                                                           GCancellable             *cancellable,
                                                           SandboxProgressCallback   progress_callback,
                                                           gpointer                  progress_data,
                                                           GError                  **error);
SANDBOX_AVAILABLE_IN_1_1
void              sandbox_client_execute_file_with_progress_async (SandboxClient    *self,
                                                           SandboxConfig            *config,
                                                           GFile                    *archive,
                                                           GCancellable             *cancellable,
                                                           SandboxProgressCallback   progress_callback,
                                                           gpointer                  progress_data,
                                                           GDestroyNotify            progress_notify,
                                                           GAsyncReadyCallback       callback,
                                                           gpointer                  user_data);

SANDBOX_AVAILABLE_IN_1_1
SandboxExecution *sandbox_client_execute_builder          (SandboxClient              *self,
                                                           SandboxConfig              *config,
                                                           SandboxEnvironmentBuilder  *builder,
                                                           GCancellable               *cancellable,
                                                           SandboxProgressCallback     progress_callback,
                                                           gpointer                    progress_data,
                                                           GError                    **error);
SANDBOX_AVAILABLE_IN_1_1
void              sandbox_client_execute_builder_async    (SandboxClient              *self,
                                                           SandboxConfig              *config,
                                                           SandboxEnvironmentBuilder  *builder,
                                                           GCancellable               *cancellable,
                                                           SandboxProgressCallback     progress_callback,
                                                           gpointer                    progress_data,
                                                           GDestroyNotify              progress_notify,
                                                           GAsyncReadyCallback         callback,
                                                           gpointer                    user_data);
SANDBOX_AVAILABLE_IN_1_1
SandboxExecution *sandbox_client_execute_builder_finish   (SandboxClient              *self,
                                                           GAsyncResult               *result,
                                                           GError                    **error);

SANDBOX_AVAILABLE_IN_1_1
gboolean          sandbox_client_download_to_file         (SandboxClient            *self,
                                                           const char               *environment_id,
                                                           const char               *path,
                                                           GFile                    *destination,
                                                           GCancellable             *cancellable,
                                                           SandboxProgressCallback   progress_callback,
                                                           gpointer                  progress_data,
                                                           GError                  **error);
SANDBOX_AVAILABLE_IN_1_1
void              sandbox_client_download_to_file_async   (SandboxClient            *self,
                                                           const char               *environment_id,
                                                           const char               *path,
                                                           GFile                    *destination,
                                                           GCancellable             *cancellable,
                                                           SandboxProgressCallback   progress_callback,
                                                           gpointer                  progress_data,
                                                           GDestroyNotify            progress_notify,
                                                           GAsyncReadyCallback       callback,
                                                           gpointer                  user_data);
SANDBOX_AVAILABLE_IN_1_1
gboolean          sandbox_client_download_to_file_finish  (SandboxClient            *self,
                                                           GAsyncResult             *result,
                                                           GError                  **error);

SANDBOX_AVAILABLE_IN_1_1
gboolean          sandbox_client_download_to_directory    (SandboxClient            *self,
                                                           const char               *environment_id,
                                                           GFile                    *directory,
                                                           GCancellable             *cancellable,
                                                           SandboxProgressCallback   progress_callback,
                                                           gpointer                  progress_data,
                                                           GError                  **error);
SANDBOX_AVAILABLE_IN_1_1
void              sandbox_client_download_to_directory_async (SandboxClient         *self,
                                                           const char               *environment_id,
                                                           GFile                    *directory,
                                                           GCancellable             *cancellable,
                                                           SandboxProgressCallback   progress_callback,
                                                           gpointer                  progress_data,
                                                           GDestroyNotify            progress_notify,
                                                           GAsyncReadyCallback       callback,
                                                           gpointer                  user_data);
SANDBOX_AVAILABLE_IN_1_1
gboolean          sandbox_client_download_to_directory_finish (SandboxClient        *self,
                                                           GAsyncResult             *result,
                                                           GError                  **error);

SANDBOX_AVAILABLE_IN_1_1
void              sandbox_client_execute_with_fallback_async  (SandboxClient              *self,
                                                               SandboxConfig              *config,
                                                               SandboxEnvironmentBuilder  *fallback,
                                                               GCancellable               *cancellable,
                                                               SandboxProgressCallback     progress_callback,
                                                               gpointer                    progress_data,
                                                               GDestroyNotify              progress_notify,
                                                               GAsyncReadyCallback         callback,
                                                               gpointer                    user_data);
SANDBOX_AVAILABLE_IN_1_1
SandboxExecution *sandbox_client_execute_with_fallback_finish (SandboxClient              *self,
                                                               GAsyncResult               *result,
                                                               GError                    **error);
SANDBOX_AVAILABLE_IN_1_1
SandboxExecution *sandbox_client_execute_with_fallback        (SandboxClient              *self,
                                                               SandboxConfig              *config,
                                                               SandboxEnvironmentBuilder  *fallback,
                                                               GCancellable               *cancellable,
                                                               SandboxProgressCallback     progress_callback,
                                                               gpointer                    progress_data,
                                                               GError                    **error);

G_END_DECLS
