/* sandbox-error.h
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(SANDBOX_INSIDE) && !defined(SANDBOX_COMPILATION)
# error "Only <sandbox-api.h> can be included directly."
#endif

#include <glib.h>

#include "sandbox-version-macros.h"

G_BEGIN_DECLS

/**
 * SANDBOX_ERROR:
 *
 * The error domain of the sandbox-api library. Its codes are the values of
 * [error@Sandbox.Error].
 *
 * Since: 1.0
 */
#define SANDBOX_ERROR (sandbox_error_quark ())

/**
 * SandboxError:
 * @SANDBOX_ERROR_FAILED: a failure with no more precise code; treat any code
 *   you do not know as this one
 * @SANDBOX_ERROR_INVALID_URL: the base URL given to the client is not an
 *   absolute `http` or `https` URL
 * @SANDBOX_ERROR_INVALID_CONFIG: an execute configuration does not follow
 *   the protocol; the message names the problem
 * @SANDBOX_ERROR_INVALID_RESPONSE: the server's answer is not what the
 *   protocol promises (malformed or lenient JSON, JSON nested too deep, not
 *   an object, a member missing or of the wrong type, text that is not
 *   UTF-8, a malformed Content-Length, an answer that is not HTTP, a
 *   redirect loop, informational answers without end)
 * @SANDBOX_ERROR_RESPONSE_TOO_LARGE: the answer is larger than
 *   [property@Sandbox.Client:max-response-size] allows, or, for a JSON
 *   answer, than [property@Sandbox.Client:max-json-size], or it holds more
 *   JSON values than the library reads, or a download to a file or a
 *   directory is larger than [property@Sandbox.Client:max-download-size]
 * @SANDBOX_ERROR_INVALID_ARCHIVE: an environment is not a gzip'd tar
 *   archive, or a truncated or corrupt one; the message says what is wrong
 *   (Since: 1.1)
 * @SANDBOX_ERROR_UNSAFE_ARCHIVE: an environment holds a member that would be
 *   written outside the directory it is extracted into (a path with `..`
 *   or an absolute one, a link pointing outside), a device node, a FIFO, a
 *   socket, or a file with the setuid, setgid or sticky bit; the message
 *   names the member (Since: 1.1)
 * @SANDBOX_ERROR_ARCHIVE_TOO_LARGE: an environment expands past the caps of
 *   [class@Sandbox.EnvironmentReader] (Since: 1.1)
 * @SANDBOX_ERROR_FILE_CHANGED: a file being packed into an environment by
 *   [class@Sandbox.EnvironmentBuilder] changed size while it was being
 *   sent; the message names the file (Since: 1.1)
 * @SANDBOX_ERROR_MULTIPLE_CHOICES: status 300, Multiple Choices
 * @SANDBOX_ERROR_MOVED_PERMANENTLY: status 301, Moved Permanently
 * @SANDBOX_ERROR_FOUND: status 302, Found
 * @SANDBOX_ERROR_SEE_OTHER: status 303, See Other
 * @SANDBOX_ERROR_NOT_MODIFIED: status 304, Not Modified
 * @SANDBOX_ERROR_USE_PROXY: status 305, Use Proxy
 * @SANDBOX_ERROR_TEMPORARY_REDIRECT: status 307, Temporary Redirect
 * @SANDBOX_ERROR_PERMANENT_REDIRECT: status 308, Permanent Redirect
 * @SANDBOX_ERROR_BAD_REQUEST: status 400, Bad Request
 * @SANDBOX_ERROR_UNAUTHORIZED: status 401, Unauthorized
 * @SANDBOX_ERROR_PAYMENT_REQUIRED: status 402, Payment Required
 * @SANDBOX_ERROR_FORBIDDEN: status 403, Forbidden
 * @SANDBOX_ERROR_NOT_FOUND: status 404, Not Found; also when a saved
 *   environment is missing, which
 *   [func@Sandbox.Error.is_environment_missing] tells apart
 * @SANDBOX_ERROR_METHOD_NOT_ALLOWED: status 405, Method Not Allowed
 * @SANDBOX_ERROR_NOT_ACCEPTABLE: status 406, Not Acceptable
 * @SANDBOX_ERROR_PROXY_AUTHENTICATION_REQUIRED: status 407, Proxy Authentication Required
 * @SANDBOX_ERROR_REQUEST_TIMEOUT: status 408, Request Timeout
 * @SANDBOX_ERROR_CONFLICT: status 409, Conflict
 * @SANDBOX_ERROR_GONE: status 410, Gone
 * @SANDBOX_ERROR_LENGTH_REQUIRED: status 411, Length Required
 * @SANDBOX_ERROR_PRECONDITION_FAILED: status 412, Precondition Failed
 * @SANDBOX_ERROR_CONTENT_TOO_LARGE: status 413, Content Too Large
 * @SANDBOX_ERROR_URI_TOO_LONG: status 414, URI Too Long
 * @SANDBOX_ERROR_UNSUPPORTED_MEDIA_TYPE: status 415, Unsupported Media Type
 * @SANDBOX_ERROR_RANGE_NOT_SATISFIABLE: status 416, Range Not Satisfiable
 * @SANDBOX_ERROR_EXPECTATION_FAILED: status 417, Expectation Failed
 * @SANDBOX_ERROR_MISDIRECTED_REQUEST: status 421, Misdirected Request
 * @SANDBOX_ERROR_UNPROCESSABLE_CONTENT: status 422, Unprocessable Content
 * @SANDBOX_ERROR_LOCKED: status 423, Locked
 * @SANDBOX_ERROR_FAILED_DEPENDENCY: status 424, Failed Dependency
 * @SANDBOX_ERROR_UPGRADE_REQUIRED: status 426, Upgrade Required
 * @SANDBOX_ERROR_PRECONDITION_REQUIRED: status 428, Precondition Required
 * @SANDBOX_ERROR_TOO_MANY_REQUESTS: status 429, Too Many Requests
 * @SANDBOX_ERROR_REQUEST_HEADER_FIELDS_TOO_LARGE: status 431, Request Header Fields Too Large
 * @SANDBOX_ERROR_UNAVAILABLE_FOR_LEGAL_REASONS: status 451, Unavailable For Legal Reasons
 * @SANDBOX_ERROR_INTERNAL_SERVER_ERROR: status 500, Internal Server Error
 * @SANDBOX_ERROR_NOT_IMPLEMENTED: status 501, Not Implemented
 * @SANDBOX_ERROR_BAD_GATEWAY: status 502, Bad Gateway
 * @SANDBOX_ERROR_SERVICE_UNAVAILABLE: status 503, Service Unavailable
 * @SANDBOX_ERROR_GATEWAY_TIMEOUT: status 504, Gateway Timeout
 * @SANDBOX_ERROR_HTTP_VERSION_NOT_SUPPORTED: status 505, HTTP Version Not Supported
 * @SANDBOX_ERROR_VARIANT_ALSO_NEGOTIATES: status 506, Variant Also Negotiates
 * @SANDBOX_ERROR_INSUFFICIENT_STORAGE: status 507, Insufficient Storage
 * @SANDBOX_ERROR_LOOP_DETECTED: status 508, Loop Detected
 * @SANDBOX_ERROR_NOT_EXTENDED: status 510, Not Extended
 * @SANDBOX_ERROR_NETWORK_AUTHENTICATION_REQUIRED: status 511, Network Authentication Required
 *
 * Error codes of the %SANDBOX_ERROR domain.
 *
 * When the server answers with an HTTP status of 300 or more, the code is
 * the status itself, whether or not it has a name here: compare
 * `error->code` with the status number when you need one without a name.
 * The codes of the library's own are below 100, so they never collide with
 * a status.
 *
 * Connection failures, TLS failures, cancellation and timeouts are not in
 * this domain: they are reported in %G_IO_ERROR, %G_TLS_ERROR or
 * %G_RESOLVER_ERROR, as GIO reports them.
 *
 * Since: 1.0
 */
typedef enum
{
  SANDBOX_ERROR_FAILED = 1,
  SANDBOX_ERROR_INVALID_URL = 2,
  SANDBOX_ERROR_INVALID_CONFIG = 3,
  SANDBOX_ERROR_INVALID_RESPONSE = 4,
  SANDBOX_ERROR_RESPONSE_TOO_LARGE = 5,
  SANDBOX_ERROR_INVALID_ARCHIVE = 6,
  SANDBOX_ERROR_UNSAFE_ARCHIVE = 7,
  SANDBOX_ERROR_ARCHIVE_TOO_LARGE = 8,
  SANDBOX_ERROR_FILE_CHANGED = 9,

  SANDBOX_ERROR_MULTIPLE_CHOICES = 300,
  SANDBOX_ERROR_MOVED_PERMANENTLY = 301,
  SANDBOX_ERROR_FOUND = 302,
  SANDBOX_ERROR_SEE_OTHER = 303,
  SANDBOX_ERROR_NOT_MODIFIED = 304,
  SANDBOX_ERROR_USE_PROXY = 305,
  SANDBOX_ERROR_TEMPORARY_REDIRECT = 307,
  SANDBOX_ERROR_PERMANENT_REDIRECT = 308,
  SANDBOX_ERROR_BAD_REQUEST = 400,
  SANDBOX_ERROR_UNAUTHORIZED = 401,
  SANDBOX_ERROR_PAYMENT_REQUIRED = 402,
  SANDBOX_ERROR_FORBIDDEN = 403,
  SANDBOX_ERROR_NOT_FOUND = 404,
  SANDBOX_ERROR_METHOD_NOT_ALLOWED = 405,
  SANDBOX_ERROR_NOT_ACCEPTABLE = 406,
  SANDBOX_ERROR_PROXY_AUTHENTICATION_REQUIRED = 407,
  SANDBOX_ERROR_REQUEST_TIMEOUT = 408,
  SANDBOX_ERROR_CONFLICT = 409,
  SANDBOX_ERROR_GONE = 410,
  SANDBOX_ERROR_LENGTH_REQUIRED = 411,
  SANDBOX_ERROR_PRECONDITION_FAILED = 412,
  SANDBOX_ERROR_CONTENT_TOO_LARGE = 413,
  SANDBOX_ERROR_URI_TOO_LONG = 414,
  SANDBOX_ERROR_UNSUPPORTED_MEDIA_TYPE = 415,
  SANDBOX_ERROR_RANGE_NOT_SATISFIABLE = 416,
  SANDBOX_ERROR_EXPECTATION_FAILED = 417,
  SANDBOX_ERROR_MISDIRECTED_REQUEST = 421,
  SANDBOX_ERROR_UNPROCESSABLE_CONTENT = 422,
  SANDBOX_ERROR_LOCKED = 423,
  SANDBOX_ERROR_FAILED_DEPENDENCY = 424,
  SANDBOX_ERROR_UPGRADE_REQUIRED = 426,
  SANDBOX_ERROR_PRECONDITION_REQUIRED = 428,
  SANDBOX_ERROR_TOO_MANY_REQUESTS = 429,
  SANDBOX_ERROR_REQUEST_HEADER_FIELDS_TOO_LARGE = 431,
  SANDBOX_ERROR_UNAVAILABLE_FOR_LEGAL_REASONS = 451,
  SANDBOX_ERROR_INTERNAL_SERVER_ERROR = 500,
  SANDBOX_ERROR_NOT_IMPLEMENTED = 501,
  SANDBOX_ERROR_BAD_GATEWAY = 502,
  SANDBOX_ERROR_SERVICE_UNAVAILABLE = 503,
  SANDBOX_ERROR_GATEWAY_TIMEOUT = 504,
  SANDBOX_ERROR_HTTP_VERSION_NOT_SUPPORTED = 505,
  SANDBOX_ERROR_VARIANT_ALSO_NEGOTIATES = 506,
  SANDBOX_ERROR_INSUFFICIENT_STORAGE = 507,
  SANDBOX_ERROR_LOOP_DETECTED = 508,
  SANDBOX_ERROR_NOT_EXTENDED = 510,
  SANDBOX_ERROR_NETWORK_AUTHENTICATION_REQUIRED = 511,
} SandboxError;

SANDBOX_AVAILABLE_IN_1_0
GQuark sandbox_error_quark (void);
SANDBOX_AVAILABLE_IN_1_1
gboolean sandbox_error_is_environment_missing (const GError *error);

G_END_DECLS
