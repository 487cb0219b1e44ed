/* sandbox-client.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "sandbox-client-private.h"
#include "sandbox-debug-private.h"
#include "sandbox-error.h"
#include "sandbox-redirect-private.h"
#include "sandbox-request-private.h"
#include "sandbox-url-private.h"
#include "sandbox-version.h"
#include "sandbox-i18n-private.h"

#define DEFAULT_TIMEOUT           60.0
#define DEFAULT_MAX_CONNECTIONS   16
#define MAX_ONE_SESSION           64  /* connections */
#define SESSION_SHARE             32  /* connections a session, past MAX_ONE_SESSION */
#define DEFAULT_MAX_RESPONSE_SIZE (G_GUINT64_CONSTANT (64) * 1024 * 1024)
#define DEFAULT_MAX_DOWNLOAD_SIZE (G_GUINT64_CONSTANT (4) * 1024 * 1024 * 1024)
#define DEFAULT_MAX_JSON_SIZE     (G_GUINT64_CONSTANT (8) * 1024 * 1024)
#define DEFAULT_USER_AGENT        "sandbox-api/" SANDBOX_VERSION_S
#define DEFAULT_MAX_RETRIES       3
#define DEFAULT_RETRY_DELAY       0.5
#define DEFAULT_MAX_RETRY_TIME    300.0

/**
 * SandboxClient:
 *
 * A client of one sandbox server, which runs untrusted bash commands in
 * throw-away containers and keeps their working directories as
 * downloadable environments. The client asks for the server's
 * specifications, usage and libraries, downloads environments or files of
 * them, checks whether they exist, and executes commands.
 *
 * Create one client for each server base URL with
 * [ctor@Sandbox.Client.new] and share it, between threads too. Every
 * operation comes as a blocking call (`sandbox_client_execute()`), which
 * may be made from any thread, and as an asynchronous pair
 * (`sandbox_client_execute_async()` and `sandbox_client_execute_finish()`),
 * whose callback runs once, in the thread-default main context of the
 * caller. An operation fails with %G_IO_ERROR_TIMED_OUT past
 * [property@Sandbox.Client:timeout], with %G_IO_ERROR_CANCELLED when its
 * [class@Gio.Cancellable] is cancelled, and with a [error@Sandbox.Error]
 * whose code is the status for an answer of 300 or more. The properties
 * with a setter may be changed from any thread. See the overview on
 * threads, timeouts and debugging (`SANDBOX_DEBUG`), and
 * [Retries and timeouts](retries.html).
 *
 * Since: 1.0
 */
/* What may change after construction, from any thread, under the mutex. */
typedef struct
{
  double  timeout;
  guint64 max_response_size;
  guint64 max_json_size;
  guint64 max_download_size;
  guint   max_retries;
  double  retry_delay;
  double  max_retry_time;
  double  connect_timeout;
  double  read_timeout;
} Settings;

struct _SandboxClient
{
  GObject         parent_instance;

  char           *base_url;
  char           *normalized_base_url;
  GError         *base_url_error;
  guint           max_connections;
  char           *user_agent;
  GProxyResolver *proxy_resolver;
  GTlsDatabase   *tls_database;
  GPtrArray      *sessions;       /* of SoupSession, never empty */
  guint           session_share;  /* the slots of the queue each one serves */
  SandboxQueue   *queue;

  GMutex          mutex;
  Settings        settings;
  GHashTable     *request_headers;
};

static void sandbox_client_initable_iface_init (GInitableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SandboxClient, sandbox_client, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE,
                                                      sandbox_client_initable_iface_init))

enum {
  PROP_0,
  PROP_BASE_URL,
  PROP_MAX_CONNECTIONS,
  PROP_USER_AGENT,
  PROP_PROXY_RESOLVER,
  PROP_TLS_DATABASE,
  /* The settings, from here on. */
  PROP_TIMEOUT,
  PROP_MAX_RESPONSE_SIZE,
  PROP_MAX_JSON_SIZE,
  PROP_MAX_DOWNLOAD_SIZE,
  PROP_MAX_RETRIES,
  PROP_RETRY_DELAY,
  PROP_MAX_RETRY_TIME,
  PROP_CONNECT_TIMEOUT,
  PROP_READ_TIMEOUT,
  N_PROPS
};

/* Where each setting's property keeps its value, a double, a guint64 or a
 * guint as its type says. */
static const gsize setting_offsets[N_PROPS] = {
  [PROP_TIMEOUT] = G_STRUCT_OFFSET (Settings, timeout),
  [PROP_MAX_RESPONSE_SIZE] = G_STRUCT_OFFSET (Settings, max_response_size),
  [PROP_MAX_JSON_SIZE] = G_STRUCT_OFFSET (Settings, max_json_size),
  [PROP_MAX_DOWNLOAD_SIZE] = G_STRUCT_OFFSET (Settings, max_download_size),
  [PROP_MAX_RETRIES] = G_STRUCT_OFFSET (Settings, max_retries),
  [PROP_RETRY_DELAY] = G_STRUCT_OFFSET (Settings, retry_delay),
  [PROP_MAX_RETRY_TIME] = G_STRUCT_OFFSET (Settings, max_retry_time),
  [PROP_CONNECT_TIMEOUT] = G_STRUCT_OFFSET (Settings, connect_timeout),
  [PROP_READ_TIMEOUT] = G_STRUCT_OFFSET (Settings, read_timeout),
};

static GParamSpec *properties[N_PROPS];

static Settings
get_settings (SandboxClient *self)
{
  Settings settings;

  g_mutex_lock (&self->mutex);
  settings = self->settings;
  g_mutex_unlock (&self->mutex);
  return settings;
}

/* Copies the @size bytes of @value into @field, a member of the settings;
 * notifies @prop when that changed it. */
static void
set_setting (SandboxClient *self,
             guint          prop,
             gpointer       field,
             gconstpointer  value,
             gsize          size)
{
  gboolean changed;

  g_mutex_lock (&self->mutex);
  changed = memcmp (field, value, size) != 0;
  memcpy (field, value, size);
  g_mutex_unlock (&self->mutex);
  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static gboolean
sandbox_client_initable_init (GInitable     *initable,
                              GCancellable  *cancellable,
                              GError       **error)
{
  return sandbox_client_check_base_url (SANDBOX_CLIENT (initable), error);
}

static void
sandbox_client_initable_iface_init (GInitableIface *iface)
{
  iface->init = sandbox_client_initable_init;
}

/* HTTP header names are case-insensitive (RFC 9110, 5.1). */
static guint
header_name_hash (gconstpointer name)
{
  g_autofree char *folded = g_ascii_strdown (name, -1);

  return g_str_hash (folded);
}

static gboolean
header_name_equal (gconstpointer a,
                   gconstpointer b)
{
  return g_ascii_strcasecmp (a, b) == 0;
}

static void
sandbox_client_constructed (GObject *object)
{
  SandboxClient *self = SANDBOX_CLIENT (object);
  guint n_sessions;

  G_OBJECT_CLASS (sandbox_client_parent_class)->constructed (object);

  if (self->base_url == NULL)
    g_set_error_literal (&self->base_url_error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_URL,
                         _("The client has no base URL"));
  else
    self->normalized_base_url = sandbox_url_normalize_base (self->base_url,
                                                            &self->base_url_error);

  /* For each message that waits for a connection, libsoup 3.2 walks its
   * whole queue once per connection being opened
   * (soup_session_steal_preconnection()): the cost grows with the cube of
   * one session's connections. So past MAX_ONE_SESSION, slot i of the
   * queue goes to session i / session_share, of SESSION_SHARE at most.
   *
   * The queue hands libsoup at most max-connections messages. One more
   * connection than its share lets a session open a new one while it has
   * yet to drop one that the server closed: at its limit, libsoup 3.2 keeps
   * a message waiting for a connection without watching its cancellable. */
  n_sessions = self->max_connections <= MAX_ONE_SESSION
               ? 1 : (self->max_connections + SESSION_SHARE - 1) / SESSION_SHARE;
  self->session_share = (self->max_connections + n_sessions - 1) / n_sessions;
  self->sessions = g_ptr_array_new_full (n_sessions, g_object_unref);
  for (guint i = 0; i < n_sessions; i++)
    {
      SoupSession *session = g_object_new (SOUP_TYPE_SESSION,
                                           "max-conns", self->session_share + 1,
                                           "max-conns-per-host", self->session_share + 1,
                                           "user-agent", self->user_agent,
                                           NULL);

      if (self->proxy_resolver != NULL)
        soup_session_set_proxy_resolver (session, self->proxy_resolver);
      if (self->tls_database != NULL)
        soup_session_set_tls_database (session, self->tls_database);
      sandbox_debug_attach_logger (session);
      g_ptr_array_add (self->sessions, session);
    }
  self->queue = sandbox_queue_new (self->max_connections);
}

static void
sandbox_client_finalize (GObject *object)
{
  SandboxClient *self = SANDBOX_CLIENT (object);

  g_clear_pointer (&self->base_url, g_free);
  g_clear_pointer (&self->normalized_base_url, g_free);
  g_clear_error (&self->base_url_error);
  g_clear_pointer (&self->user_agent, g_free);
  g_clear_object (&self->proxy_resolver);
  g_clear_object (&self->tls_database);
  g_clear_pointer (&self->sessions, g_ptr_array_unref);
  g_clear_pointer (&self->queue, sandbox_queue_unref);
  g_clear_pointer (&self->request_headers, g_hash_table_unref);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (sandbox_client_parent_class)->finalize (object);
}

static void
sandbox_client_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SandboxClient *self = SANDBOX_CLIENT (object);
  Settings settings = get_settings (self);
  glong offset = setting_offsets[prop_id];

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;
    case PROP_MAX_CONNECTIONS:
      g_value_set_uint (value, self->max_connections);
      break;
    case PROP_USER_AGENT:
      g_value_set_string (value, self->user_agent);
      break;
    case PROP_PROXY_RESOLVER:
      g_value_set_object (value, sandbox_client_get_proxy_resolver (self));
      break;
    case PROP_TLS_DATABASE:
      g_value_set_object (value, sandbox_client_get_tls_database (self));
      break;
    default:
      if (G_VALUE_HOLDS_DOUBLE (value))
        g_value_set_double (value, G_STRUCT_MEMBER (double, &settings, offset));
      else if (G_VALUE_HOLDS_UINT64 (value))
        g_value_set_uint64 (value, G_STRUCT_MEMBER (guint64, &settings, offset));
      else
        g_value_set_uint (value, G_STRUCT_MEMBER (guint, &settings, offset));
    }
}

static void
sandbox_client_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  SandboxClient *self = SANDBOX_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      self->base_url = g_value_dup_string (value);
      break;
    case PROP_MAX_CONNECTIONS:
      self->max_connections = g_value_get_uint (value);
      break;
    case PROP_USER_AGENT:
      g_free (self->user_agent);
      self->user_agent = g_strdup (g_value_get_string (value) != NULL
                                   ? g_value_get_string (value) : DEFAULT_USER_AGENT);
      break;
    case PROP_PROXY_RESOLVER:
      g_set_object (&self->proxy_resolver, g_value_get_object (value));
      break;
    case PROP_TLS_DATABASE:
      g_set_object (&self->tls_database, g_value_get_object (value));
      break;
    case PROP_TIMEOUT:
      sandbox_client_set_timeout (self, g_value_get_double (value));
      break;
    case PROP_MAX_RESPONSE_SIZE:
      sandbox_client_set_max_response_size (self, g_value_get_uint64 (value));
      break;
    case PROP_MAX_JSON_SIZE:
      sandbox_client_set_max_json_size (self, g_value_get_uint64 (value));
      break;
    case PROP_MAX_DOWNLOAD_SIZE:
      sandbox_client_set_max_download_size (self, g_value_get_uint64 (value));
      break;
    case PROP_MAX_RETRIES:
      sandbox_client_set_max_retries (self, g_value_get_uint (value));
      break;
    case PROP_RETRY_DELAY:
      sandbox_client_set_retry_delay (self, g_value_get_double (value));
      break;
    case PROP_MAX_RETRY_TIME:
      sandbox_client_set_max_retry_time (self, g_value_get_double (value));
      break;
    case PROP_CONNECT_TIMEOUT:
      sandbox_client_set_connect_timeout (self, g_value_get_double (value));
      break;
    case PROP_READ_TIMEOUT:
      sandbox_client_set_read_timeout (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

#define CONSTRUCT_ONLY (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS)
#define SETTABLE       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY | \
                        G_PARAM_STATIC_STRINGS)

static void
sandbox_client_class_init (SandboxClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = sandbox_client_constructed;
  object_class->finalize = sandbox_client_finalize;
  object_class->get_property = sandbox_client_get_property;
  object_class->set_property = sandbox_client_set_property;

  /**
   * SandboxClient:base-url: (getter get_base_url)
   *
   * The URL the endpoints are joined onto, such as `http://host:port/` or
   * `https://host/sandbox/`: an absolute `http` or `https` URL with no query
   * and no fragment; a trailing slash makes no difference. When it is missing
   * or invalid, [ctor@Sandbox.Client.new] fails with
   * %SANDBOX_ERROR_INVALID_URL, and so does every operation of a client made
   * with `g_object_new()`.
   *
   * Since: 1.0
   */
  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL, NULL, CONSTRUCT_ONLY);

  /**
   * SandboxClient:timeout: (getter get_timeout) (setter set_timeout)
   *
   * The deadline of each operation in seconds, 0 for none, 60 by default:
   * from the moment its request leaves the client's queue to the last byte of
   * the answer (to the headers for [method@Sandbox.Client.download_stream]).
   * Past it, the operation fails with %G_IO_ERROR_TIMED_OUT. See [Retries and
   * timeouts](retries.html).
   *
   * Since: 1.0
   */
  properties[PROP_TIMEOUT] =
    g_param_spec_double ("timeout", NULL, NULL, 0.0, G_MAXDOUBLE, DEFAULT_TIMEOUT, SETTABLE);

  /**
   * SandboxClient:max-connections: (getter get_max_connections)
   *
   * How many requests the client has in flight at once, 16 by default. The
   * operations started beyond that wait in the client's queue, first come
   * first served; cancelling one that waits ends it at once. A stream of
   * [method@Sandbox.Client.download_stream] holds its connection until it is
   * closed or finalized. Above 64, the connections are spread over several
   * HTTP sessions of at most 32 connections each, all with the client's
   * settings, which keeps hundreds of requests in flight as fast as a few.
   *
   * Since: 1.0
   */
  properties[PROP_MAX_CONNECTIONS] =
    g_param_spec_uint ("max-connections", NULL, NULL,
                       1, G_MAXUINT16, DEFAULT_MAX_CONNECTIONS, CONSTRUCT_ONLY);

  /**
   * SandboxClient:max-response-size: (getter get_max_response_size) (setter set_max_response_size)
   *
   * The largest answer, in bytes, read into memory (JSON answers, downloads
   * as [struct@GLib.Bytes]), 64 MiB by default. A larger one fails with
   * %SANDBOX_ERROR_RESPONSE_TOO_LARGE, unread when its size is announced.
   *
   * Since: 1.0
   */
  properties[PROP_MAX_RESPONSE_SIZE] =
    g_param_spec_uint64 ("max-response-size", NULL, NULL,
                         1, G_MAXUINT32, DEFAULT_MAX_RESPONSE_SIZE, SETTABLE);

  /**
   * SandboxClient:max-json-size: (getter get_max_json_size) (setter set_max_json_size)
   *
   * The largest JSON answer, in bytes, read and parsed, 8 MiB by default. A
   * larger one fails with %SANDBOX_ERROR_RESPONSE_TOO_LARGE, as does one of
   * more than 250,000 values; one that is not strict JSON nested at most 64
   * deep fails with %SANDBOX_ERROR_INVALID_RESPONSE.
   *
   * Since: 1.1
   */
  properties[PROP_MAX_JSON_SIZE] =
    g_param_spec_uint64 ("max-json-size", NULL, NULL,
                         1, G_MAXUINT32, DEFAULT_MAX_JSON_SIZE, SETTABLE);

  /**
   * SandboxClient:max-download-size: (getter get_max_download_size) (setter set_max_download_size)
   *
   * The largest body, in bytes, that [method@Sandbox.Client.download_to_file]
   * and [method@Sandbox.Client.download_to_directory] write, 4 GiB by
   * default; %G_MAXUINT64 for no limit. A larger one fails with
   * %SANDBOX_ERROR_RESPONSE_TOO_LARGE and its partial file is removed.
   *
   * Since: 1.1
   */
  properties[PROP_MAX_DOWNLOAD_SIZE] =
    g_param_spec_uint64 ("max-download-size", NULL, NULL,
                         1, G_MAXUINT64, DEFAULT_MAX_DOWNLOAD_SIZE, SETTABLE);

  /**
   * SandboxClient:user-agent: (getter get_user_agent)
   *
   * The `User-Agent` header of every request; by default (or %NULL),
   * `sandbox-api/` and the library's version.
   *
   * Since: 1.0
   */
  properties[PROP_USER_AGENT] =
    g_param_spec_string ("user-agent", NULL, NULL, DEFAULT_USER_AGENT, CONSTRUCT_ONLY);

  /**
   * SandboxClient:proxy-resolver: (getter get_proxy_resolver)
   *
   * The proxy resolver of the requests; by default, the system's.
   *
   * Since: 1.0
   */
  properties[PROP_PROXY_RESOLVER] =
    g_param_spec_object ("proxy-resolver", NULL, NULL, G_TYPE_PROXY_RESOLVER, CONSTRUCT_ONLY);

  /**
   * SandboxClient:tls-database: (getter get_tls_database)
   *
   * The database that `https` certificates are checked against; by default,
   * the system's.
   *
   * Since: 1.0
   */
  properties[PROP_TLS_DATABASE] =
    g_param_spec_object ("tls-database", NULL, NULL, G_TYPE_TLS_DATABASE, CONSTRUCT_ONLY);

  /**
   * SandboxClient:max-retries: (getter get_max_retries) (setter set_max_retries)
   *
   * How many times an operation is sent again after a failure certain to have
   * done nothing on the server (a `503` answer, a refused connection…): 3 by
   * default, 0 for never. See [Retries and timeouts](retries.html).
   *
   * Since: 1.1
   */
  properties[PROP_MAX_RETRIES] =
    g_param_spec_uint ("max-retries", NULL, NULL, 0, 100, DEFAULT_MAX_RETRIES, SETTABLE);

  /**
   * SandboxClient:retry-delay: (getter get_retry_delay) (setter set_retry_delay)
   *
   * The base of the waits between attempts, in seconds: the n-th wait is
   * drawn between half and all of `retry-delay × 2^(n-1)`, at most 30
   * seconds; 0.5 by default. See [Retries and timeouts](retries.html).
   *
   * Since: 1.1
   */
  properties[PROP_RETRY_DELAY] =
    g_param_spec_double ("retry-delay", NULL, NULL, 0.0, 3600.0, DEFAULT_RETRY_DELAY, SETTABLE);

  /**
   * SandboxClient:max-retry-time: (getter get_max_retry_time) (setter set_max_retry_time)
   *
   * When [property@Sandbox.Client:timeout] is 0, how long after its first
   * attempt an operation may still wait to retry, in seconds: 300 by default,
   * 0 for no limit. See [Retries and timeouts](retries.html).
   *
   * Since: 1.1
   */
  properties[PROP_MAX_RETRY_TIME] =
    g_param_spec_double ("max-retry-time", NULL, NULL,
                         0.0, G_MAXDOUBLE, DEFAULT_MAX_RETRY_TIME, SETTABLE);

  /**
   * SandboxClient:connect-timeout: (getter get_connect_timeout) (setter set_connect_timeout)
   *
   * How long, in seconds, setting up a new connection (name resolution,
   * connection, TLS handshake) may take; 0, the default, for no limit. See
   * [Retries and timeouts](retries.html).
   *
   * Since: 1.1
   */
  properties[PROP_CONNECT_TIMEOUT] =
    g_param_spec_double ("connect-timeout", NULL, NULL, 0.0, G_MAXDOUBLE, 0.0, SETTABLE);

  /**
   * SandboxClient:read-timeout: (getter get_read_timeout) (setter set_read_timeout)
   *
   * How long, in seconds, the server may go silent once the request is sent;
   * 0, the default, for no limit. See [Retries and timeouts](retries.html).
   *
   * Since: 1.1
   */
  properties[PROP_READ_TIMEOUT] =
    g_param_spec_double ("read-timeout", NULL, NULL, 0.0, G_MAXDOUBLE, 0.0, SETTABLE);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  sandbox_debug_init ();
}

static void
sandbox_client_init (SandboxClient *self)
{
  /* The rest is set as construct properties, to their defaults at least. */
  g_mutex_init (&self->mutex);
  self->request_headers = g_hash_table_new_full (header_name_hash, header_name_equal,
                                                 g_free, g_free);
}

/**
 * sandbox_client_new:
 * @base_url: the server's base URL, such as `http://localhost:7000/`
 * @error: return location for a #GError
 *
 * Creates a client of the sandbox server at @base_url. Nothing is sent
 * until the first operation.
 *
 * Returns: (transfer full): the new client, or %NULL when @base_url is not
 *   an absolute `http` or `https` URL (%SANDBOX_ERROR_INVALID_URL)
 *
 * Since: 1.0
 */
SandboxClient *
sandbox_client_new (const char  *base_url,
                    GError     **error)
{
  g_return_val_if_fail (base_url != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return g_initable_new (SANDBOX_TYPE_CLIENT, NULL, error, "base-url", base_url, NULL);
}

/**
 * sandbox_client_get_base_url: (get-property base-url)
 * @self: a client
 *
 * Gets [property@Sandbox.Client:base-url].
 *
 * Returns: (nullable): the base URL, as given
 *
 * Since: 1.0
 */
const char *
sandbox_client_get_base_url (SandboxClient *self)
{
  g_return_val_if_fail (SANDBOX_IS_CLIENT (self), NULL);
  return self->base_url;
}

/**
 * sandbox_client_get_timeout: (get-property timeout)
 * @self: a client
 *
 * Gets [property@Sandbox.Client:timeout].
 *
 * Returns: the timeout in seconds, 0 for none
 *
 * Since: 1.0
 */
double
sandbox_client_get_timeout (SandboxClient *self)
{
  g_return_val_if_fail (SANDBOX_IS_CLIENT (self), 0.0);
  return get_settings (self).timeout;
}

/**
 * sandbox_client_set_timeout: (set-property timeout)
 * @self: a client
 * @timeout: the timeout in seconds, 0 for none
 *
 * Sets [property@Sandbox.Client:timeout], from any thread.
 *
 * Since: 1.0
 */
void
sandbox_client_set_timeout (SandboxClient *self,
                            double         timeout)
{
  g_return_if_fail (SANDBOX_IS_CLIENT (self));
  g_return_if_fail (timeout >= 0.0);
  set_setting (self, PROP_TIMEOUT, &self->settings.timeout, &timeout, sizeof timeout);
}

/**
 * sandbox_client_get_max_connections: (get-property max-connections)
 * @self: a client
 *
 * Gets [property@Sandbox.Client:max-connections].
 *
 * Returns: the number of connections
 *
 * Since: 1.0
 */
guint
sandbox_client_get_max_connections (SandboxClient *self)
{
  g_return_val_if_fail (SANDBOX_IS_CLIENT (self), 0);
  return self->max_connections;
}

/**
 * sandbox_client_get_max_response_size: (get-property max-response-size)
 * @self: a client
 *
 * Gets [property@Sandbox.Client:max-response-size].
 *
 * Returns: the size in bytes
 *
 * Since: 1.0
 */
guint64
sandbox_client_get_max_response_size (SandboxClient *self)
{
  g_return_val_if_fail (SANDBOX_IS_CLIENT (self), 0);
  return get_settings (self).max_response_size;
}

/**
 * sandbox_client_set_max_response_size: (set-property max-response-size)
 * @self: a client
 * @max_response_size: a size in bytes, from 1 to 4 GiB - 1
 *
 * Sets [property@Sandbox.Client:max-response-size], from any thread.
 *
 * Since: 1.0
 */
void
sandbox_client_set_max_response_size (SandboxClient *self,
                                      guint64        max_response_size)
{
  g_return_if_fail (SANDBOX_IS_CLIENT (self));
  g_return_if_fail (max_response_size > 0 && max_response_size <= G_MAXUINT32);
  set_setting (self, PROP_MAX_RESPONSE_SIZE,
               &self->settings.max_response_size, &max_response_size, sizeof max_response_size);
}

/**
 * sandbox_client_get_max_json_size: (get-property max-json-size)
 * @self: a client
 *
 * Gets [property@Sandbox.Client:max-json-size].
 *
 * Returns: the size in bytes
 *
 * Since: 1.1
 */
guint64
sandbox_client_get_max_json_size (SandboxClient *self)
{
  g_return_val_if_fail (SANDBOX_IS_CLIENT (self), 0);
  return get_settings (self).max_json_size;
}

/**
 * sandbox_client_set_max_json_size: (set-property max-json-size)
 * @self: a client
 * @max_json_size: a size in bytes, from 1 to 4 GiB - 1
 *
 * Sets [property@Sandbox.Client:max-json-size], from any thread.
 *
 * Since: 1.1
 */
void
sandbox_client_set_max_json_size (SandboxClient *self,
                                  guint64        max_json_size)
{
  g_return_if_fail (SANDBOX_IS_CLIENT (self));
  g_return_if_fail (max_json_size > 0 && max_json_size <= G_MAXUINT32);
  set_setting (self, PROP_MAX_JSON_SIZE,
               &self->settings.max_json_size, &max_json_size, sizeof max_json_size);
}

/**
 * sandbox_client_get_max_download_size: (get-property max-download-size)
 * @self: a client
 *
 * Gets [property@Sandbox.Client:max-download-size].
 *
 * Returns: the size in bytes
 *
 * Since: 1.1
 */
guint64
sandbox_client_get_max_download_size (SandboxClient *self)
{
  g_return_val_if_fail (SANDBOX_IS_CLIENT (self), 0);
  return get_settings (self).max_download_size;
}

/**
 * sandbox_client_set_max_download_size: (set-property max-download-size)
 * @self: a client
 * @max_download_size: a size in bytes, at least 1; %G_MAXUINT64 for no limit
 *
 * Sets [property@Sandbox.Client:max-download-size], from any thread.
 *
 * Since: 1.1
 */
void
sandbox_client_set_max_download_size (SandboxClient *self,
                                      guint64        max_download_size)
{
  g_return_if_fail (SANDBOX_IS_CLIENT (self));
  g_return_if_fail (max_download_size > 0);
  set_setting (self, PROP_MAX_DOWNLOAD_SIZE,
               &self->settings.max_download_size, &max_download_size, sizeof max_download_size);
}

/**
 * sandbox_client_get_max_retries: (get-property max-retries)
 * @self: a client
 *
 * Gets [property@Sandbox.Client:max-retries].
 *
 * Returns: the number of retries, 0 when retries are off
 *
 * Since: 1.1
 */
guint
sandbox_client_get_max_retries (SandboxClient *self)
{
  g_return_val_if_fail (SANDBOX_IS_CLIENT (self), 0);
  return get_settings (self).max_retries;
}

/**
 * sandbox_client_set_max_retries: (set-property max-retries)
 * @self: a client
 * @max_retries: the number of retries, at most 100; 0 turns retries off
 *
 * Sets [property@Sandbox.Client:max-retries], from any thread.
 *
 * Since: 1.1
 */
void
sandbox_client_set_max_retries (SandboxClient *self,
                                guint          max_retries)
{
  g_return_if_fail (SANDBOX_IS_CLIENT (self));
  g_return_if_fail (max_retries <= 100);
  set_setting (self, PROP_MAX_RETRIES,
               &self->settings.max_retries, &max_retries, sizeof max_retries);
}

/**
 * sandbox_client_get_retry_delay: (get-property retry-delay)
 * @self: a client
 *
 * Gets [property@Sandbox.Client:retry-delay].
 *
 * Returns: the delay in seconds
 *
 * Since: 1.1
 */
double
sandbox_client_get_retry_delay (SandboxClient *self)
{
  g_return_val_if_fail (SANDBOX_IS_CLIENT (self), 0.0);
  return get_settings (self).retry_delay;
}

/**
 * sandbox_client_set_retry_delay: (set-property retry-delay)
 * @self: a client
 * @retry_delay: the base of the waits in seconds, at most 3600
 *
 * Sets [property@Sandbox.Client:retry-delay], from any thread.
 *
 * Since: 1.1
 */
void
sandbox_client_set_retry_delay (SandboxClient *self,
                                double         retry_delay)
{
  g_return_if_fail (SANDBOX_IS_CLIENT (self));
  g_return_if_fail (retry_delay >= 0.0 && retry_delay <= 3600.0);
  set_setting (self, PROP_RETRY_DELAY,
               &self->settings.retry_delay, &retry_delay, sizeof retry_delay);
}

/**
 * sandbox_client_get_max_retry_time: (get-property max-retry-time)
 * @self: a client
 *
 * Gets [property@Sandbox.Client:max-retry-time].
 *
 * Returns: the time in seconds, 0 for no limit
 *
 * Since: 1.1
 */
double
sandbox_client_get_max_retry_time (SandboxClient *self)
{
  g_return_val_if_fail (SANDBOX_IS_CLIENT (self), 0.0);
  return get_settings (self).max_retry_time;
}

/**
 * sandbox_client_set_max_retry_time: (set-property max-retry-time)
 * @self: a client
 * @max_retry_time: the time in seconds, 0 for no limit
 *
 * Sets [property@Sandbox.Client:max-retry-time], from any thread.
 *
 * Since: 1.1
 */
void
sandbox_client_set_max_retry_time (SandboxClient *self,
                                   double         max_retry_time)
{
  g_return_if_fail (SANDBOX_IS_CLIENT (self));
  g_return_if_fail (max_retry_time >= 0.0);
  set_setting (self, PROP_MAX_RETRY_TIME,
               &self->settings.max_retry_time, &max_retry_time, sizeof max_retry_time);
}

/**
 * sandbox_client_get_connect_timeout: (get-property connect-timeout)
 * @self: a client
 *
 * Gets [property@Sandbox.Client:connect-timeout].
 *
 * Returns: the timeout in seconds, 0 for none
 *
 * Since: 1.1
 */
double
sandbox_client_get_connect_timeout (SandboxClient *self)
{
  g_return_val_if_fail (SANDBOX_IS_CLIENT (self), 0.0);
  return get_settings (self).connect_timeout;
}

/**
 * sandbox_client_set_connect_timeout: (set-property connect-timeout)
 * @self: a client
 * @connect_timeout: the timeout in seconds, 0 for none
 *
 * Sets [property@Sandbox.Client:connect-timeout], from any thread.
 *
 * Since: 1.1
 */
void
sandbox_client_set_connect_timeout (SandboxClient *self,
                                    double         connect_timeout)
{
  g_return_if_fail (SANDBOX_IS_CLIENT (self));
  g_return_if_fail (connect_timeout >= 0.0);
  set_setting (self, PROP_CONNECT_TIMEOUT,
               &self->settings.connect_timeout, &connect_timeout, sizeof connect_timeout);
}

/**
 * sandbox_client_get_read_timeout: (get-property read-timeout)
 * @self: a client
 *
 * Gets [property@Sandbox.Client:read-timeout].
 *
 * Returns: the timeout in seconds, 0 for none
 *
 * Since: 1.1
 */
double
sandbox_client_get_read_timeout (SandboxClient *self)
{
  g_return_val_if_fail (SANDBOX_IS_CLIENT (self), 0.0);
  return get_settings (self).read_timeout;
}

/**
 * sandbox_client_set_read_timeout: (set-property read-timeout)
 * @self: a client
 * @read_timeout: the timeout in seconds, 0 for none
 *
 * Sets [property@Sandbox.Client:read-timeout], from any thread.
 *
 * Since: 1.1
 */
void
sandbox_client_set_read_timeout (SandboxClient *self,
                                 double         read_timeout)
{
  g_return_if_fail (SANDBOX_IS_CLIENT (self));
  g_return_if_fail (read_timeout >= 0.0);
  set_setting (self, PROP_READ_TIMEOUT,
               &self->settings.read_timeout, &read_timeout, sizeof read_timeout);
}

/**
 * sandbox_client_get_user_agent: (get-property user-agent)
 * @self: a client
 *
 * Gets [property@Sandbox.Client:user-agent].
 *
 * Returns: the user agent
 *
 * Since: 1.0
 */
const char *
sandbox_client_get_user_agent (SandboxClient *self)
{
  g_return_val_if_fail (SANDBOX_IS_CLIENT (self), NULL);
  return self->user_agent;
}

/**
 * sandbox_client_get_proxy_resolver: (get-property proxy-resolver)
 * @self: a client
 *
 * Gets [property@Sandbox.Client:proxy-resolver].
 *
 * Returns: (transfer none) (nullable): the proxy resolver in use
 *
 * Since: 1.0
 */
GProxyResolver *
sandbox_client_get_proxy_resolver (SandboxClient *self)
{
  g_return_val_if_fail (SANDBOX_IS_CLIENT (self), NULL);
  return self->sessions != NULL ? soup_session_get_proxy_resolver (self->sessions->pdata[0])
                                : self->proxy_resolver;
}

/**
 * sandbox_client_get_tls_database: (get-property tls-database)
 * @self: a client
 *
 * Gets [property@Sandbox.Client:tls-database].
 *
 * Returns: (transfer none) (nullable): the TLS database in use
 *
 * Since: 1.0
 */
GTlsDatabase *
sandbox_client_get_tls_database (SandboxClient *self)
{
  g_return_val_if_fail (SANDBOX_IS_CLIENT (self), NULL);
  return self->sessions != NULL ? soup_session_get_tls_database (self->sessions->pdata[0])
                                : self->tls_database;
}

/**
 * sandbox_client_set_request_header:
 * @self: a client
 * @name: a header name, such as `Authorization`
 * @value: (nullable): its value, or %NULL to stop sending it
 *
 * Adds a header to every request sent from now on, replacing one of the
 * same name, case-insensitively (the last spelling given is sent). It may
 * be called from any thread.
 *
 * The header goes to the base URL's origin only: a redirect to another
 * origin takes the request on without these headers to the end, even if a
 * later redirect leads back. Redirects within the origin keep them.
 *
 * Since: 1.0
 */
void
sandbox_client_set_request_header (SandboxClient *self,
                                   const char    *name,
                                   const char    *value)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_if_fail (SANDBOX_IS_CLIENT (self));
  g_return_if_fail (name != NULL && *name != '\0');
  g_return_if_fail (strpbrk (name, ":\r\n \t") == NULL);
  g_return_if_fail (value == NULL || strpbrk (value, "\r\n") == NULL);

  locker = g_mutex_locker_new (&self->mutex);
  if (value == NULL)
    g_hash_table_remove (self->request_headers, name);
  else
    g_hash_table_replace (self->request_headers, g_strdup (name), g_strdup (value));
}

/**
 * sandbox_client_dup_request_header:
 * @self: a client
 * @name: a header name, case-insensitive
 *
 * Gets the value of a header set with
 * [method@Sandbox.Client.set_request_header].
 *
 * Returns: (transfer full) (nullable): its value, or %NULL when it is not set
 *
 * Since: 1.0
 */
char *
sandbox_client_dup_request_header (SandboxClient *self,
                                   const char    *name)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (SANDBOX_IS_CLIENT (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  locker = g_mutex_locker_new (&self->mutex);
  return g_strdup (g_hash_table_lookup (self->request_headers, name));
}

SoupMessage *
sandbox_client_new_message (SandboxClient *self,
                            const char    *method,
                            const char    *url)
{
  SoupMessage *message = soup_message_new (method, url);
  SoupMessageHeaders *headers;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer name, value;

  g_assert (message != NULL);

  headers = soup_message_get_request_headers (message);
  g_mutex_lock (&self->mutex);
  g_hash_table_iter_init (&iter, self->request_headers);
  while (g_hash_table_iter_next (&iter, &name, &value))
    {
      soup_message_headers_replace (headers, name, value);
      g_ptr_array_add (names, g_strdup (name));
    }
  g_mutex_unlock (&self->mutex);

  g_ptr_array_add (names, NULL);
  sandbox_redirect_keep_headers_home (message, (const char * const *) names->pdata);

  return message;
}

void
sandbox_client_get_request_options (SandboxClient         *self,
                                    SoupMessage           *message,
                                    SandboxResponseKind    kind,
                                    SandboxRequestOptions *options)
{
  Settings settings = get_settings (self);

  *options = (SandboxRequestOptions) {
    .sessions = self->sessions,
    .session_share = self->session_share,
    .message = message,
    .kind = kind,
    .queue = self->queue,
    .timeout = settings.timeout,
    .max_response_size = settings.max_response_size,
    .max_json_size = settings.max_json_size,
    .max_retries = settings.max_retries,
    .retry_delay = settings.retry_delay,
    .max_retry_time = settings.max_retry_time,
    .connect_timeout = settings.connect_timeout,
    .read_timeout = settings.read_timeout,
  };
}

SoupMessage *
sandbox_client_new_request (SandboxClient          *self,
                            SandboxResponseKind     kind,
                            const char             *environment,
                            const char             *path,
                            SandboxRequestOptions  *options,
                            GError                **error)
{
  g_autofree char *url = NULL;
  SoupMessage *message;

  if (!sandbox_client_check_base_url (self, error))
    return NULL;

  if (environment == NULL)
    url = sandbox_url_for_endpoint (self->normalized_base_url, path);
  else if (sandbox_url_check_environment (environment, path, error))
    url = sandbox_url_for_environment (self->normalized_base_url, environment, path);
  else
    return NULL;

  /* A size is asked for without the body. */
  message = sandbox_client_new_message (self, kind == SANDBOX_RESPONSE_SIZE
                                              ? SOUP_METHOD_HEAD : SOUP_METHOD_GET, url);
  sandbox_client_get_request_options (self, message, kind, options);
  return message;
}

void
sandbox_client_request_async (SandboxClient       *self,
                              SandboxResponseKind  kind,
                              const char          *environment,
                              const char          *path,
                              gpointer             source_tag,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(SoupMessage) message = NULL;
  SandboxRequestOptions options;
  GError *error = NULL;

  message = sandbox_client_new_request (self, kind, environment, path, &options, &error);
  if (message != NULL)
    sandbox_request_send_async (&options, self, source_tag, cancellable, callback, user_data);
  else
    g_task_report_error (self, callback, user_data, source_tag, error);
}

const char *
sandbox_client_get_normalized_base_url (SandboxClient *self)
{
  return self->normalized_base_url;
}

gboolean
sandbox_client_check_base_url (SandboxClient  *self,
                               GError        **error)
{
  if (self->base_url_error == NULL)
    return TRUE;

  g_propagate_error (error, g_error_copy (self->base_url_error));
  return FALSE;
}
