/* test-client-faults.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "test-fault-server.h"
#include "test-server.h"
#include "test-util.h"

/* Fault injection: every operation, blocking and asynchronous, against
 * servers that break the connection, the framing, the status line or the
 * headers (fault_cases, /faults/…), and against answers whose JSON has a
 * member of every wrong type, missing or extra (execute_members, roots,
 * /answers/…). Each case checks the outcome the documentation promises (a
 * value, or an error of the documented domain and code with a UTF-8
 * message), that it comes within the deadline, that an asynchronous call
 * calls back once in the caller's context (test-util.c), and, where the
 * server sends without end, that the resident size stays bounded. */

#define MIB                (1024 * 1024)
#define MAX_GROWTH         (32 * MIB)
#define READ_BLOCK         (64 * 1024)

typedef enum
{
  OP_SPECIFICATIONS,
  OP_USAGE,
  OP_LIBRARIES,
  OP_DOWNLOAD,
  OP_DOWNLOAD_STREAM,
  OP_CHECK,
  OP_EXECUTE,
  OP_EXECUTE_ARCHIVE,
  N_OPS
} Op;

static const struct
{
  const char *name;
  const char *method;
  const char *path;
} ops[N_OPS] = {
  [OP_SPECIFICATIONS] = { "specifications", "GET", "/specifications/" },
  [OP_USAGE] = { "usage", "GET", "/usages/" },
  [OP_LIBRARIES] = { "libraries", "GET", "/libraries/" },
  [OP_DOWNLOAD] = { "download", "GET", "/environments/" TEST_UUID "/" },
  [OP_DOWNLOAD_STREAM] = { "download-stream", "GET", "/files/" TEST_UUID "/dir/file1.txt/" },
  [OP_CHECK] = { "check", "HEAD", "/environments/" TEST_UUID "/" },
  [OP_EXECUTE] = { "execute", "POST", "/execute/" },
  [OP_EXECUTE_ARCHIVE] = { "execute-archive", "POST", "/execute/" },
};

typedef enum
{
  DOMAIN_SANDBOX,
  DOMAIN_IO,
} Domain;

typedef enum
{
  OUTCOME_OK,          /* the whole, right answer */
  OUTCOME_HALF,        /* what came of a close-delimited body, which cannot tell */
  OUTCOME_ERROR,       /* the operation fails */
  OUTCOME_READ_ERROR,  /* download_stream: the stream opens, reading it fails */
  OUTCOME_ENDLESS,     /* download_stream: reading goes on as far as the test reads */
  OUTCOME_SIZE_HUGE,   /* check: the pebibyte the server announces */
} Outcome;

/* An error of @domain and @code, or, when @either, of @alt_domain and
 * @alt_code: where the documentation allows both. A @text, when given, is
 * in the error's message. */
typedef struct
{
  Outcome     outcome;
  Domain      domain;
  int         code;
  gboolean    either;
  Domain      alt_domain;
  int         alt_code;
  const char *text;
} Expect;

#define OK              { OUTCOME_OK, 0, 0, FALSE, 0, 0, NULL }
#define HALF            { OUTCOME_HALF, 0, 0, FALSE, 0, 0, NULL }
#define ENDLESS         { OUTCOME_ENDLESS, 0, 0, FALSE, 0, 0, NULL }
#define SIZE_HUGE       { OUTCOME_SIZE_HUGE, 0, 0, FALSE, 0, 0, NULL }
#define IO(code)        { OUTCOME_ERROR, DOMAIN_IO, G_IO_ERROR_ ## code, FALSE, 0, 0, NULL }
#define SANDBOX(code)   { OUTCOME_ERROR, DOMAIN_SANDBOX, SANDBOX_ERROR_ ## code, FALSE, 0, 0, NULL }
#define STATUS(code)    { OUTCOME_ERROR, DOMAIN_SANDBOX, code, FALSE, 0, 0, NULL }
/* The status, with the server's text in the message. */
#define STATUS_TEXT(code, text) { OUTCOME_ERROR, DOMAIN_SANDBOX, code, FALSE, 0, 0, text }
#define READ_IO(code)   { OUTCOME_READ_ERROR, DOMAIN_IO, G_IO_ERROR_ ## code, FALSE, 0, 0, NULL }
/* The deadline, or an invalid answer if the client gives up first. */
#define TIMEOUT_OR_INVALID \
  { OUTCOME_ERROR, DOMAIN_IO, G_IO_ERROR_TIMED_OUT, TRUE, DOMAIN_SANDBOX, \
    SANDBOX_ERROR_INVALID_RESPONSE, NULL }
/* The same for every kind of operation: the five columns of a FaultCase. */
#define EVERY(expect)   expect, expect, expect, expect, expect
/* An answer that breaks off in its body: a stream opens and its reads fail;
 * a check (HEAD) reads no body. */
#define BROKEN_BODY(code) IO (code), IO (code), IO (code), READ_IO (code), OK
/* A status beyond the named ones, with the server's text but to a HEAD. */
#define ODD_STATUS(code) \
  STATUS_TEXT (code, TEST_FAULT_STATUS_TEXT), STATUS_TEXT (code, TEST_FAULT_STATUS_TEXT), \
  STATUS_TEXT (code, TEST_FAULT_STATUS_TEXT), STATUS_TEXT (code, TEST_FAULT_STATUS_TEXT), \
  STATUS (code)

typedef enum
{
  FLAG_STALLS = 1 << 0,  /* only the deadline ends it: a short one keeps the run short */
  FLAG_MEMORY = 1 << 1,  /* the server sends without end: the resident size is checked */
} Flags;

/* The servers the SoupServer fixture can play. */
typedef enum
{
  SOUP_FAULT_REDIRECT_LOOP,         /* A → B → A */
  SOUP_FAULT_REDIRECT_SELF,         /* A → A */
  SOUP_FAULT_REDIRECT_UNREACHABLE,  /* to a port nothing listens on */
  N_SOUP_FAULTS
} SoupFault;

/* One fault, and what it must do to each kind of operation: the JSON
 * answers (GETs and executes), the download into memory, the streamed
 * download, the check. Executes are never redirected, hence a column of
 * their own. */
typedef struct
{
  const char *name;
  gboolean    soup;        /* played by test-server.c, else by test-fault-server.c */
  int         fault;       /* TestFault, or SoupFault when @soup */
  Flags       flags;
  Expect      json;
  Expect      execute;
  Expect      bytes;
  Expect      stream;
  Expect      check;
} FaultCase;

static const FaultCase fault_cases[] = {
  { NULL, FALSE, TEST_FAULT_NONE, 0, EVERY (OK) },

  /* The connection breaks. */
  { NULL, FALSE, TEST_FAULT_RESET_BEFORE_HEADERS, 0, EVERY (IO (CONNECTION_CLOSED)) },
  { NULL, FALSE, TEST_FAULT_CLOSE_BEFORE_HEADERS, 0, EVERY (IO (PARTIAL_INPUT)) },
  { NULL, FALSE, TEST_FAULT_RESET_AFTER_HEADERS, 0, BROKEN_BODY (CONNECTION_CLOSED) },
  { NULL, FALSE, TEST_FAULT_RESET_MID_BODY, 0, BROKEN_BODY (CONNECTION_CLOSED) },

  /* The body is cut short. */
  { NULL, FALSE, TEST_FAULT_TRUNCATED_LENGTH, 0, BROKEN_BODY (PARTIAL_INPUT) },
  { NULL, FALSE, TEST_FAULT_TRUNCATED_EOF, 0,
    SANDBOX (INVALID_RESPONSE), SANDBOX (INVALID_RESPONSE), HALF, HALF,
    SANDBOX (INVALID_RESPONSE) },

  /* A byte a second: the deadline ends it; a stream's reads are the
   * caller's, ended by the caller's cancellable. */
  { NULL, FALSE, TEST_FAULT_DRIP_HEADERS, FLAG_STALLS, EVERY (IO (TIMED_OUT)) },
  { NULL, FALSE, TEST_FAULT_DRIP_BODY, FLAG_STALLS,
    IO (TIMED_OUT), IO (TIMED_OUT), IO (TIMED_OUT), READ_IO (CANCELLED), OK },

  /* Without end. */
  { NULL, FALSE, TEST_FAULT_INFINITE_LENGTH, FLAG_MEMORY,
    SANDBOX (RESPONSE_TOO_LARGE), SANDBOX (RESPONSE_TOO_LARGE),
    SANDBOX (RESPONSE_TOO_LARGE), ENDLESS, SIZE_HUGE },
  { NULL, FALSE, TEST_FAULT_INFINITE_EOF, FLAG_MEMORY,
    SANDBOX (RESPONSE_TOO_LARGE), SANDBOX (RESPONSE_TOO_LARGE),
    SANDBOX (RESPONSE_TOO_LARGE), ENDLESS, SANDBOX (INVALID_RESPONSE) },
  { NULL, FALSE, TEST_FAULT_INFINITE_CHUNKED, FLAG_MEMORY,
    SANDBOX (RESPONSE_TOO_LARGE), SANDBOX (RESPONSE_TOO_LARGE),
    SANDBOX (RESPONSE_TOO_LARGE), ENDLESS, SANDBOX (INVALID_RESPONSE) },

  /* Headers too large, or without end: libsoup stops reading them at
   * 64 KiB and says "Header too big", a transport error; fewer headers of
   * a fair size are read. */
  { NULL, FALSE, TEST_FAULT_HUGE_HEADER, FLAG_MEMORY, EVERY (IO (PARTIAL_INPUT)) },
  { NULL, FALSE, TEST_FAULT_ENDLESS_HEADER, FLAG_MEMORY, EVERY (IO (PARTIAL_INPUT)) },
  { NULL, FALSE, TEST_FAULT_MANY_HEADERS, FLAG_MEMORY, EVERY (OK) },
  { NULL, FALSE, TEST_FAULT_TOO_MANY_HEADERS, FLAG_MEMORY, EVERY (IO (PARTIAL_INPUT)) },
  { NULL, FALSE, TEST_FAULT_ENDLESS_HEADERS, FLAG_MEMORY, EVERY (IO (PARTIAL_INPUT)) },

  /* Informational answers first. */
  { NULL, FALSE, TEST_FAULT_CONTINUE_100, 0, EVERY (OK) },
  { NULL, FALSE, TEST_FAULT_PROCESSING_102, 0, EVERY (OK) },
  { NULL, FALSE, TEST_FAULT_ENDLESS_102, FLAG_STALLS | FLAG_MEMORY,
    EVERY (TIMEOUT_OR_INVALID) },

  /* Not HTTP, or statuses out of its range. Below 100 there is no status
   * to report: the answer is invalid; from 300 on, the code is the status,
   * named or not. */
  { NULL, FALSE, TEST_FAULT_GARBAGE_STATUS, 0, EVERY (SANDBOX (INVALID_RESPONSE)) },
  { NULL, FALSE, TEST_FAULT_HTTP_09, 0, EVERY (SANDBOX (INVALID_RESPONSE)) },
  { NULL, FALSE, TEST_FAULT_STATUS_0, 0, EVERY (SANDBOX (INVALID_RESPONSE)) },
  { NULL, FALSE, TEST_FAULT_STATUS_99, 0, EVERY (SANDBOX (INVALID_RESPONSE)) },
  { NULL, FALSE, TEST_FAULT_STATUS_600, 0, ODD_STATUS (600) },
  { NULL, FALSE, TEST_FAULT_STATUS_999, 0, ODD_STATUS (999) },

  /* Redirects that lead nowhere: libsoup gives up after 20, which makes
   * an invalid answer; an execute is never redirected, the status is its
   * error. */
  { "redirect-loop", TRUE, SOUP_FAULT_REDIRECT_LOOP, 0,
    SANDBOX (INVALID_RESPONSE), STATUS (302), SANDBOX (INVALID_RESPONSE),
    SANDBOX (INVALID_RESPONSE), SANDBOX (INVALID_RESPONSE) },
  { "redirect-self", TRUE, SOUP_FAULT_REDIRECT_SELF, 0,
    SANDBOX (INVALID_RESPONSE), STATUS (307), SANDBOX (INVALID_RESPONSE),
    SANDBOX (INVALID_RESPONSE), SANDBOX (INVALID_RESPONSE) },
  { "redirect-unreachable", TRUE, SOUP_FAULT_REDIRECT_UNREACHABLE, 0,
    IO (CONNECTION_REFUSED), STATUS (307), IO (CONNECTION_REFUSED),
    IO (CONNECTION_REFUSED), IO (CONNECTION_REFUSED) },

  /* Last: a client that cannot keep up with them may hang, and the
   * watchdog then ends the run. */
  { NULL, FALSE, TEST_FAULT_FLOOD_102, FLAG_STALLS | FLAG_MEMORY,
    EVERY (TIMEOUT_OR_INVALID) },
};

/* The client's max-response-size in these tests; under valgrind, smaller
 * sizes keep the run short. */
static guint64
max_response_size (void)
{
  return test_running_on_valgrind () ? MIB / 4 : 4 * MIB;
}

/* How far an endless download stream is read: twice the growth allowed. */
static goffset
stream_read_limit (void)
{
  return test_running_on_valgrind () ? MIB : 2 * MAX_GROWTH;
}

/* The deadline of the cases that only it can end, and of the others. */
static double
client_timeout (Flags flags)
{
  if (test_running_on_valgrind ())
    return 4.0;
  return (flags & FLAG_STALLS) ? 0.5 : 5.0;
}

/* How late past the deadline an operation may end, on a loaded machine. */
static double
deadline_margin (void)
{
  return test_running_on_valgrind () ? 20.0 : 5.0;
}

static GQuark
domain_quark (Domain domain)
{
  return domain == DOMAIN_IO ? G_IO_ERROR : SANDBOX_ERROR;
}

static const char *
describe_expect (const Expect *expect,
                 char         *buffer,
                 gsize         size)
{
  static const char *outcomes[] = {
    "success", "half the body", "error", "read error", "endless stream", "huge size",
  };

  if (expect->either)
    g_snprintf (buffer, size, "%s %s %d or %s %d", outcomes[expect->outcome],
                g_quark_to_string (domain_quark (expect->domain)), expect->code,
                g_quark_to_string (domain_quark (expect->alt_domain)), expect->alt_code);
  else if (expect->outcome == OUTCOME_ERROR || expect->outcome == OUTCOME_READ_ERROR)
    g_snprintf (buffer, size, "%s %s %d", outcomes[expect->outcome],
                g_quark_to_string (domain_quark (expect->domain)), expect->code);
  else
    g_snprintf (buffer, size, "%s", outcomes[expect->outcome]);

  return buffer;
}

/* The checks go on after a failed assertion (the tables hold cases the
 * library may fail today): each says whether what follows may use the
 * value. */
static void
assert_expected_error (const GError *error,
                       const Expect *expect)
{
  g_assert_nonnull (error);
  if (error == NULL)
    return;

  g_test_message ("error: %s (%s %d)", error->message,
                  g_quark_to_string (error->domain), error->code);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_cmpstr (error->message, !=, "");
  if (expect->text != NULL)
    g_assert_nonnull (strstr (error->message, expect->text));
  if (expect->either && g_error_matches (error, domain_quark (expect->alt_domain),
                                         expect->alt_code))
    return;
  g_assert_error (error, domain_quark (expect->domain), expect->code);
}

/* TRUE when @value came, with no error. */
static gboolean
assert_value (gconstpointer  value,
              const GError  *error)
{
  if (error != NULL)
    g_test_message ("unexpected error: %s (%s %d)", error->message,
                    g_quark_to_string (error->domain), error->code);
  g_assert_no_error (error);
  g_assert_nonnull (value);

  return error == NULL && value != NULL;
}

/* When @expect's outcome is @failure, that the error came and no value;
 * else that the value came. TRUE when the caller is to check the value. */
static gboolean
assert_outcome (gconstpointer  value,
                const GError  *error,
                const Expect  *expect,
                Outcome        failure)
{
  if (expect->outcome != failure)
    return assert_value (value, error);

  if (value != NULL)
    g_test_message ("a value came instead of the error");
  g_assert_null (value);
  assert_expected_error (error, expect);
  return FALSE;
}

static GBytes *
expected_content (Op op)
{
  g_autoptr(GBytes) content = test_fault_dup_content (op == OP_CHECK ? "GET" : ops[op].method,
                                                      ops[op].path);

  g_assert_nonnull (content);
  return g_steal_pointer (&content);
}

static GBytes *
first_half (GBytes *bytes)
{
  return g_bytes_new_from_bytes (bytes, 0, g_bytes_get_size (bytes) / 2);
}

/* Cancels a cancellable after a while from a thread of its own, so that a
 * blocking read can be ended; joined before the test ends. As a watchdog,
 * it aborts instead: a case that hangs then names itself. */
typedef struct
{
  GCancellable *cancellable;
  GThread      *thread;
  GMutex        mutex;
  GCond         cond;
  gint64        end_time;
  gboolean      stopped;
  gboolean      watchdog;
} Canceller;

static gpointer
canceller_thread (gpointer user_data)
{
  Canceller *canceller = user_data;
  gboolean stopped;

  g_mutex_lock (&canceller->mutex);
  while (!canceller->stopped &&
         g_cond_wait_until (&canceller->cond, &canceller->mutex, canceller->end_time))
    ;
  stopped = canceller->stopped;
  g_mutex_unlock (&canceller->mutex);

  if (!stopped && canceller->watchdog)
    g_error ("%s still runs long after its deadline: it hangs", g_test_get_path ());
  if (!stopped)
    g_cancellable_cancel (canceller->cancellable);

  return NULL;
}

static void
canceller_start (Canceller *canceller,
                 double     seconds,
                 gboolean   watchdog)
{
  canceller->cancellable = g_cancellable_new ();
  g_mutex_init (&canceller->mutex);
  g_cond_init (&canceller->cond);
  canceller->stopped = FALSE;
  canceller->watchdog = watchdog;
  canceller->end_time = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);
  canceller->thread = g_thread_new ("test-canceller", canceller_thread, canceller);
}

static void
canceller_stop (Canceller *canceller)
{
  g_mutex_lock (&canceller->mutex);
  canceller->stopped = TRUE;
  g_cond_signal (&canceller->cond);
  g_mutex_unlock (&canceller->mutex);
  g_thread_join (canceller->thread);
  g_clear_object (&canceller->cancellable);
  g_mutex_clear (&canceller->mutex);
  g_cond_clear (&canceller->cond);
}

/* Reads what the stream gives, up to stream_read_limit(), under a
 * cancellable of the caller's that fires after @seconds. Keeps the first
 * bytes to compare. */
static GBytes *
read_stream (GInputStream  *stream,
             double         seconds,
             gboolean      *out_endless,
             GError       **error)
{
  g_autoptr(GByteArray) kept = g_byte_array_new ();
  g_autofree guint8 *block = g_malloc (READ_BLOCK);
  Canceller canceller;
  goffset total = 0;
  gboolean ok = TRUE;

  *out_endless = FALSE;
  canceller_start (&canceller, seconds, FALSE);
  while (total < stream_read_limit ())
    {
      gssize n = g_input_stream_read (stream, block, READ_BLOCK, canceller.cancellable, error);

      if (n < 0)
        {
          ok = FALSE;
          break;
        }
      if (n == 0)
        break;
      if (kept->len < MIB)
        g_byte_array_append (kept, block, (guint) n);
      total += n;
    }
  canceller_stop (&canceller);

  *out_endless = total >= stream_read_limit ();
  g_test_message ("read %" G_GOFFSET_FORMAT " bytes of the stream", total);

  return ok ? g_byte_array_free_to_bytes (g_steal_pointer (&kept)) : NULL;
}

static void
check_stream (SandboxClient *client,
              TestMode       mode,
              const Expect  *expect,
              Flags          flags,
              gint64         start)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GBytes) content = expected_content (OP_DOWNLOAD_STREAM);
  g_autoptr(GBytes) received = NULL;
  g_autoptr(GError) error = NULL;
  double limit = client_timeout (flags) + deadline_margin ();
  gboolean endless = FALSE;
  gint64 read_start;

  g_main_context_push_thread_default (context);
  stream = run_download_stream (client, TEST_UUID, "dir/file1.txt", NULL, mode, NULL, &error);
  g_assert_cmpfloat (test_elapsed_since (start), <, limit);

  if (assert_outcome (stream, error, expect, OUTCOME_ERROR))
    {
      read_start = g_get_monotonic_time ();
      received = read_stream (stream, client_timeout (flags), &endless, &error);
      g_assert_cmpfloat (test_elapsed_since (read_start), <, limit);

      if (assert_outcome (received, error, expect, OUTCOME_READ_ERROR))
        {
          g_autoptr(GBytes) half = first_half (content);

          g_assert_true (endless == (expect->outcome == OUTCOME_ENDLESS));
          if (expect->outcome == OUTCOME_OK)
            g_assert_true (g_bytes_equal (received, content));
          else if (expect->outcome == OUTCOME_HALF)
            g_assert_true (g_bytes_equal (received, half));
        }

      /* Closing a stream that is not at its end neither hangs nor reads on. */
      read_start = g_get_monotonic_time ();
      g_input_stream_close (stream, NULL, NULL);
      g_clear_object (&stream);
      g_assert_cmpfloat (test_elapsed_since (read_start), <, limit);
    }

  while (g_main_context_iteration (context, FALSE))
    ;
  g_main_context_pop_thread_default (context);
}

static void
check_json_node (JsonNode     *node,
                 const GError *error,
                 Op            op,
                 const Expect *expect)
{
  if (assert_outcome (node, error, expect, OUTCOME_ERROR))
    {
      g_autoptr(GBytes) content = expected_content (op);
      g_autoptr(JsonNode) expected = json_from_string (g_bytes_get_data (content, NULL), NULL);

      g_assert_cmpint (expect->outcome, ==, OUTCOME_OK);
      g_assert_true (json_node_equal (node, expected));
    }
}

static void
check_execution (SandboxExecution *execution,
                 const GError     *error,
                 const Expect     *expect)
{
  if (assert_outcome (execution, error, expect, OUTCOME_ERROR))
    {
      g_assert_cmpint (expect->outcome, ==, OUTCOME_OK);
      g_assert_cmpint (sandbox_execution_get_status (execution), ==, SANDBOX_STATUS_SUCCESS);
      g_assert_cmpstr (sandbox_execution_get_environment (execution), ==, TEST_UUID);
    }
}

static SandboxExecution *
execute (SandboxClient  *client,
         Op              op,
         TestMode        mode,
         GError        **error)
{
  g_autoptr(SandboxConfig) config = test_config_new_echo ();
  g_autoptr(GBytes) archive = test_environment_archive ();
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (archive);

  return run_execute (client, config, op == OP_EXECUTE_ARCHIVE ? stream : NULL, mode,
                      NULL, error);
}

/* Runs @op once and checks it ends as @expect says, in time. */
static void
check_operation (SandboxClient *client,
                 Op             op,
                 TestMode       mode,
                 const Expect  *expect,
                 Flags          flags)
{
  g_autoptr(GError) error = NULL;
  double limit = client_timeout (flags) + deadline_margin ();
  gint64 start = g_get_monotonic_time ();
  char buffer[128];

  g_test_message ("%s, %s: expecting %s", ops[op].name,
                  mode == TEST_MODE_SYNC ? "blocking" : "asynchronous",
                  describe_expect (expect, buffer, sizeof buffer));

  switch (op)
    {
    case OP_SPECIFICATIONS:
    case OP_USAGE:
    case OP_LIBRARIES:
      {
        static const TestInfo infos[] = {
          [OP_SPECIFICATIONS] = TEST_INFO_SPECIFICATIONS,
          [OP_USAGE] = TEST_INFO_USAGE,
          [OP_LIBRARIES] = TEST_INFO_LIBRARIES,
        };
        g_autoptr(JsonNode) node = run_get_info (client, infos[op], mode, NULL, &error);

        check_json_node (node, error, op, expect);
      }
      break;

    case OP_DOWNLOAD:
      {
        g_autoptr(GBytes) bytes = run_download (client, TEST_UUID, NULL, mode, NULL, &error);
        g_autoptr(GBytes) content = expected_content (op);
        g_autoptr(GBytes) half = first_half (content);

        if (assert_outcome (bytes, error, expect, OUTCOME_ERROR))
          g_assert_true (g_bytes_equal (bytes, expect->outcome == OUTCOME_HALF ? half : content));
      }
      break;

    case OP_DOWNLOAD_STREAM:
      check_stream (client, mode, expect, flags, start);
      break;

    case OP_CHECK:
      {
        goffset size = run_check (client, TEST_UUID, NULL, mode, NULL, &error);
        g_autoptr(GBytes) content = expected_content (op);

        /* -2: the check failed. */
        if (assert_outcome (GINT_TO_POINTER (size != -2), error, expect, OUTCOME_ERROR))
          g_assert_cmpint (size, ==, expect->outcome == OUTCOME_SIZE_HUGE
                           ? TEST_FAULT_INFINITE_SIZE
                           : (goffset) g_bytes_get_size (content));
      }
      break;

    case OP_EXECUTE:
    case OP_EXECUTE_ARCHIVE:
      {
        g_autoptr(SandboxExecution) execution = execute (client, op, mode, &error);

        check_execution (execution, error, expect);
      }
      break;

    case N_OPS:
    default:
      g_assert_not_reached ();
    }

  g_assert_cmpfloat (test_elapsed_since (start), <, limit);
}

static const Expect *
fault_case_expect (const FaultCase *fault_case,
                   Op               op)
{
  switch (op)
    {
    case OP_DOWNLOAD:
      return &fault_case->bytes;
    case OP_DOWNLOAD_STREAM:
      return &fault_case->stream;
    case OP_CHECK:
      return &fault_case->check;
    case OP_EXECUTE:
    case OP_EXECUTE_ARCHIVE:
      return &fault_case->execute;
    case OP_SPECIFICATIONS:
    case OP_USAGE:
    case OP_LIBRARIES:
    case N_OPS:
    default:
      return &fault_case->json;
    }
}

/* Makes the SoupServer fixture answer @op's route with @fault. */
static void
set_soup_fault (TestServer *server,
                SoupFault   fault,
                Op          op)
{
  const char *method = ops[op].method;
  const char *path = ops[op].path;
  g_autofree char *unreachable = NULL;
  g_autofree char *location = NULL;

  switch (fault)
    {
    case SOUP_FAULT_REDIRECT_LOOP:
      {
        TestAnswer to_b = { .status = 302, .mode = TEST_ANSWER_EOF, .location = "/loop-b/" };
        TestAnswer to_a = { .status = 302, .mode = TEST_ANSWER_EOF, .location = path };

        test_server_set_answer (server, method, path, &to_b);
        test_server_set_answer (server, method, "/loop-b/", &to_a);
      }
      break;

    case SOUP_FAULT_REDIRECT_SELF:
      {
        TestAnswer to_self = { .status = 307, .mode = TEST_ANSWER_EOF, .location = path };

        test_server_set_answer (server, method, path, &to_self);
      }
      break;

    case SOUP_FAULT_REDIRECT_UNREACHABLE:
      {
        TestAnswer away = { .status = 307, .mode = TEST_ANSWER_EOF };

        unreachable = test_unused_port_url ();
        location = g_strconcat (unreachable, path + 1, NULL);
        away.location = location;
        test_server_set_answer (server, method, path, &away);
      }
      break;

    case N_SOUP_FAULTS:
    default:
      g_assert_not_reached ();
    }
}

typedef struct
{
  const FaultCase *fault_case;
  Op               op;
  TestMode         mode;
} FaultTest;

/* Under valgrind, tens of times slower, each fault meets one operation of
 * each way to read an answer, each blocking or asynchronous: the others
 * share their code paths. */
static gboolean
runs_under_valgrind (Op       op,
                     TestMode mode)
{
  switch (op)
    {
    case OP_SPECIFICATIONS:
    case OP_CHECK:
      return mode == TEST_MODE_ASYNC;
    case OP_DOWNLOAD_STREAM:
    case OP_EXECUTE_ARCHIVE:
      return mode == TEST_MODE_SYNC;
    case OP_USAGE:
    case OP_LIBRARIES:
    case OP_DOWNLOAD:
    case OP_EXECUTE:
    case N_OPS:
    default:
      return FALSE;
    }
}

static void
test_fault (gconstpointer data)
{
  const FaultTest *test = data;
  const FaultCase *fault_case = test->fault_case;
  g_autoptr(TestFaultServer) fault_server = NULL;
  g_autoptr(TestServer) soup_server = NULL;
  g_autoptr(SandboxClient) client = NULL;
  Canceller watchdog;
  goffset baseline = 0;

  if (test_running_on_valgrind () && !runs_under_valgrind (test->op, test->mode))
    {
      g_test_skip ("under valgrind, only asynchronous specifications and check, blocking "
                   "download_stream and execute with an archive are tried: the other cases "
                   "share their code paths");
      return;
    }

  if (fault_case->soup)
    {
      soup_server = test_server_new ();
      set_soup_fault (soup_server, fault_case->fault, test->op);
      client = test_client_new (test_server_get_url (soup_server));
    }
  else
    {
      fault_server = test_fault_server_new (fault_case->fault);
      client = test_client_new (test_fault_server_get_url (fault_server));
    }
  sandbox_client_set_timeout (client, client_timeout (fault_case->flags));
  sandbox_client_set_max_response_size (client, max_response_size ());
  /* Each fault once: what is retried, and how, is test-client-retry's. */
  sandbox_client_set_max_retries (client, 0);

  if (fault_case->flags & FLAG_MEMORY)
    baseline = test_reset_peak_rss ();

  canceller_start (&watchdog, 3 * (client_timeout (fault_case->flags) + deadline_margin ()),
                   TRUE);
  check_operation (client, test->op, test->mode, fault_case_expect (fault_case, test->op),
                   fault_case->flags);
  canceller_stop (&watchdog);

  /* A loop is given up, not followed for ever. */
  if (soup_server != NULL)
    g_assert_cmpuint (test_server_get_n_requests (soup_server), <=, 21);

  if (fault_case->flags & FLAG_MEMORY)
    {
      goffset growth = test_read_peak_rss () - baseline;

      g_test_message ("peak resident size grew by %" G_GOFFSET_FORMAT " KiB", growth / 1024);
      if (test_memory_is_checked ())
        g_assert_cmpint (growth, <, MAX_GROWTH);
    }

  g_clear_object (&client);
}

/* Wrong types in the answers' JSON. */

typedef enum
{
  JSON_STRING,
  JSON_INTEGER,
  JSON_FLOAT,
  JSON_BOOLEAN,
  JSON_NULL,
  JSON_ARRAY,
  JSON_OBJECT,
  JSON_MISSING,
  N_JSON_KINDS
} JsonKind;

static const struct
{
  const char *name;
  const char *text;
} json_kinds[N_JSON_KINDS] = {
  [JSON_STRING] = { "string", "\"text\"" },
  [JSON_INTEGER] = { "integer", "7" },
  [JSON_FLOAT] = { "float", "1.5" },
  [JSON_BOOLEAN] = { "boolean", "true" },
  [JSON_NULL] = { "null", "null" },
  [JSON_ARRAY] = { "array", "[]" },
  [JSON_OBJECT] = { "object", "{}" },
  [JSON_MISSING] = { "missing", NULL },
};

#define KIND(kind) (1u << (kind))

/* The members of an execute answer, and the kinds each may be. */
static const struct
{
  const char *name;
  gboolean    in_item;   /* a member of each `execution` item */
  guint       valid;     /* KIND() of what the protocol allows */
} execute_members[] = {
  { "status", FALSE, KIND (JSON_INTEGER) },
  { "execution", FALSE, KIND (JSON_ARRAY) },
  { "total_time", FALSE, KIND (JSON_INTEGER) | KIND (JSON_FLOAT) },
  { "result", FALSE, KIND (JSON_STRING) | KIND (JSON_NULL) | KIND (JSON_MISSING) },
  { "environment", FALSE, KIND (JSON_STRING) | KIND (JSON_NULL) | KIND (JSON_MISSING) },
  /* "text" is no date. */
  { "expire", FALSE, KIND (JSON_NULL) | KIND (JSON_MISSING) },
  /* Members the protocol does not know are kept, whatever they hold. */
  { "extra", FALSE, ~0u & ~KIND (JSON_MISSING) },
  { "command", TRUE, KIND (JSON_STRING) },
  { "exit_code", TRUE, KIND (JSON_INTEGER) },
  { "stdout", TRUE, KIND (JSON_STRING) },
  { "stderr", TRUE, KIND (JSON_STRING) },
  { "time", TRUE, KIND (JSON_INTEGER) | KIND (JSON_FLOAT) },
  { "extra", TRUE, ~0u & ~KIND (JSON_MISSING) },
  /* The item itself: only an object with all its members will do. */
  { NULL, TRUE, 0 },
};

typedef struct
{
  guint    member;     /* index in execute_members */
  JsonKind kind;
  Op       op;
  TestMode mode;
} AnswerTest;

/* The protocol's answer with one member replaced by @kind, or removed. */
static char *
execute_answer_with (guint    member,
                     JsonKind kind)
{
  g_autoptr(JsonNode) root = json_from_string (TEST_EXECUTION_JSON, NULL);
  g_autoptr(JsonNode) value = NULL;
  const char *name = execute_members[member].name;
  JsonObject *object = json_node_get_object (root);
  JsonArray *items = json_object_get_array_member (object, "execution");

  if (kind != JSON_MISSING)
    value = json_from_string (json_kinds[kind].text, NULL);

  if (execute_members[member].in_item && name == NULL)
    {
      json_array_remove_element (items, 0);
      if (value != NULL)
        json_array_add_element (items, g_steal_pointer (&value));
    }
  else
    {
      if (execute_members[member].in_item)
        object = json_array_get_object_element (items, 0);
      if (value != NULL)
        json_object_set_member (object, name, g_steal_pointer (&value));
      else
        json_object_remove_member (object, name);
    }

  return json_to_string (root, FALSE);
}

static JsonNode *
member_of (JsonNode *root,
           guint     member)
{
  JsonObject *object = json_node_get_object (root);

  if (execute_members[member].in_item)
    {
      JsonArray *items = json_object_get_array_member (object, "execution");

      if (execute_members[member].name == NULL)
        return json_array_get_element (items, 0);
      object = json_array_get_object_element (items, 0);
    }

  return json_object_get_member (object, execute_members[member].name);
}

/* A client of a new fake server whose answer to @op's route is @text, as
 * JSON; the server is freed by the caller. */
static SandboxClient *
json_answer_client_new (TestServer **server,
                        Op           op,
                        const char  *text)
{
  g_autoptr(GBytes) body = g_bytes_new (text, strlen (text));
  TestAnswer answer = { .status = 200, .content_type = "application/json", .body = body,
                        .mode = TEST_ANSWER_EOF };
  SandboxClient *client;

  *server = test_server_new ();
  test_server_set_answer (*server, ops[op].method, ops[op].path, &answer);
  client = test_client_new (test_server_get_url (*server));
  sandbox_client_set_timeout (client, client_timeout (0));
  return client;
}

static void
test_execute_answer (gconstpointer data)
{
  const AnswerTest *test = data;
  g_autoptr(TestServer) server = NULL;
  g_autoptr(SandboxClient) client = NULL;
  g_autofree char *text = execute_answer_with (test->member, test->kind);
  g_autoptr(SandboxExecution) execution = NULL;
  g_autoptr(GError) error = NULL;
  gboolean valid = (execute_members[test->member].valid & KIND (test->kind)) != 0;
  static const Expect success = OK, invalid = SANDBOX (INVALID_RESPONSE);
  gint64 start = g_get_monotonic_time ();

  if (test_running_on_valgrind () &&
      (test->op != OP_EXECUTE || test->mode != TEST_MODE_ASYNC ||
       !(test->kind == JSON_STRING || test->kind == JSON_NULL || test->kind == JSON_MISSING)))
    {
      g_test_skip ("under valgrind, only a string, null and a missing member are tried, "
                   "asynchronously with no archive: the other cases go through the same "
                   "checks");
      return;
    }

  g_test_message ("answer: %s; expecting %s", text, valid ? "success" : "an invalid answer");
  client = json_answer_client_new (&server, test->op, text);
  execution = execute (client, test->op, test->mode, &error);
  g_assert_cmpfloat (test_elapsed_since (start), <, client_timeout (0) + deadline_margin ());

  if (!assert_outcome (execution, error, valid ? &success : &invalid, OUTCOME_ERROR))
    return;
  {
    JsonNode *root = sandbox_execution_get_json (execution);
    g_autoptr(JsonNode) sent = json_from_string (text, NULL);
    JsonNode *got = member_of (root, test->member);
    GListModel *commands = sandbox_execution_get_commands (execution);
    guint n_commands = g_list_model_get_n_items (commands);

    /* The answer is kept as it came, unknown members included. */
    g_assert_true (json_node_equal (root, sent));
    g_assert_true (test->kind == JSON_MISSING ? got == NULL : got != NULL);

    if (g_strcmp0 (execute_members[test->member].name, "status") == 0)
      g_assert_cmpint (sandbox_execution_get_status (execution), ==, 7);
    else
      g_assert_cmpint (sandbox_execution_get_status (execution), ==, SANDBOX_STATUS_SUCCESS);

    if (g_strcmp0 (execute_members[test->member].name, "execution") == 0)
      g_assert_cmpuint (n_commands, ==, 0);
    else
      g_assert_cmpuint (n_commands, ==, 1);

    if (g_strcmp0 (execute_members[test->member].name, "total_time") == 0)
      g_assert_cmpfloat (sandbox_execution_get_total_time (execution), ==,
                         test->kind == JSON_INTEGER ? 7.0 : 1.5);

    if (!execute_members[test->member].in_item &&
        g_strcmp0 (execute_members[test->member].name, "result") == 0)
      g_assert_cmpstr (sandbox_execution_get_result (execution), ==,
                       test->kind == JSON_STRING ? "text" : NULL);

    if (g_strcmp0 (execute_members[test->member].name, "environment") == 0)
      g_assert_cmpstr (sandbox_execution_get_environment (execution), ==,
                       test->kind == JSON_STRING ? "text" : NULL);

    if (g_strcmp0 (execute_members[test->member].name, "expire") == 0)
      g_assert_null (sandbox_execution_get_expire (execution));

    if (execute_members[test->member].in_item && n_commands > 0)
      {
        g_autoptr(SandboxCommandResult) result = g_list_model_get_item (commands, 0);
        const char *name = execute_members[test->member].name;

        if (g_strcmp0 (name, "command") == 0)
          g_assert_cmpstr (sandbox_command_result_get_command (result), ==, "text");
        else if (g_strcmp0 (name, "exit_code") == 0)
          g_assert_cmpint (sandbox_command_result_get_exit_code (result), ==, 7);
        else if (g_strcmp0 (name, "stdout") == 0)
          g_assert_cmpstr (sandbox_command_result_get_stdout (result), ==, "text");
        else if (g_strcmp0 (name, "stderr") == 0)
          g_assert_cmpstr (sandbox_command_result_get_stderr (result), ==, "text");
        else if (g_strcmp0 (name, "time") == 0)
          g_assert_cmpfloat (sandbox_command_result_get_time (result), ==,
                             test->kind == JSON_INTEGER ? 7.0 : 1.5);
      }
  }
}

/* Answers of the JSON operations whose root is no object. */

static const struct
{
  const char *name;
  const char *text;
} roots[] = {
  { "string", "\"text\"" },
  { "integer", "7" },
  { "float", "1.5" },
  { "boolean", "false" },
  { "null", "null" },
  { "array", "[{\"host\": {}}]" },
  { "empty", "" },
  { "blank", " \r\n\t " },
};

typedef struct
{
  guint    root;
  Op       op;
  TestMode mode;
} RootTest;

static void
test_root (gconstpointer data)
{
  const RootTest *test = data;
  g_autoptr(TestServer) server = NULL;
  g_autoptr(SandboxClient) client = NULL;
  Expect expect = SANDBOX (INVALID_RESPONSE);

  if (test_running_on_valgrind () &&
      (test->mode == TEST_MODE_SYNC || (test->op != OP_SPECIFICATIONS && test->op != OP_EXECUTE)))
    {
      g_test_skip ("under valgrind, only asynchronous specifications and execute are tried: "
                   "the other cases go through the same checks");
      return;
    }

  client = json_answer_client_new (&server, test->op, roots[test->root].text);
  check_operation (client, test->op, test->mode, &expect, 0);
}

/* Downloads to a file and into a directory, against bodies that come too
 * slowly, stall or never end: the client's timeout and max-download-size
 * end them, and neither the temporary file nor a partial member is left.
 * The caller's cancellable fires well after the deadline: a download that
 * ignores the deadline then fails with the wrong error. */
typedef enum
{
  TRANSFER_FILE,
  TRANSFER_DIRECTORY,
  N_TRANSFERS
} Transfer;

typedef struct
{
  TestFault fault;
  Expect    file;
  Expect    directory;
} TransferCase;

static const TransferCase transfer_cases[] = {
  { TEST_FAULT_NONE, OK, OK },
  { TEST_FAULT_DRIP_BODY, IO (TIMED_OUT), IO (TIMED_OUT) },
  { TEST_FAULT_STALL_BODY, IO (TIMED_OUT), IO (TIMED_OUT) },
  { TEST_FAULT_INFINITE_LENGTH, SANDBOX (RESPONSE_TOO_LARGE), SANDBOX (RESPONSE_TOO_LARGE) },
  { TEST_FAULT_INFINITE_EOF, SANDBOX (RESPONSE_TOO_LARGE), SANDBOX (INVALID_ARCHIVE) },
  { TEST_FAULT_INFINITE_CHUNKED, SANDBOX (RESPONSE_TOO_LARGE), SANDBOX (INVALID_ARCHIVE) },
  { TEST_FAULT_ENDLESS_ARCHIVE, SANDBOX (RESPONSE_TOO_LARGE), SANDBOX (RESPONSE_TOO_LARGE) },
};

typedef struct
{
  const TransferCase *transfer_case;
  Transfer            transfer;
  TestMode            mode;
  gboolean            caller_cancels;  /* the caller gives up before the deadline */
} TransferTest;

static double
transfer_timeout (void)
{
  return test_running_on_valgrind () ? 4.0 : 1.5;
}

/* Every file under @path holds what the environment's member of that name
 * holds: none is cut short. Returns how many there are. */
static guint
assert_members_whole (const char *path,
                      const char *relative)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (dir);
  if (dir == NULL)
    return 0;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      g_autofree char *child_relative = relative != NULL
                                        ? g_build_filename (relative, name, NULL)
                                        : g_strdup (name);

      if (g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        {
          n += assert_members_whole (child, child_relative);
          continue;
        }
      {
        g_autoptr(GBytes) archive = test_environment_archive ();
        g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (archive);
        g_autoptr(SandboxEnvironmentReader) reader = sandbox_environment_reader_new (stream);
        g_autoptr(GBytes) expected = NULL;
        g_autofree char *contents = NULL;
        gsize length = 0;

        for (;;)
          {
            g_autoptr(SandboxEnvironmentMember) member = sandbox_environment_reader_next (reader,
                                                                                         NULL,
                                                                                         NULL);

            if (member == NULL)
              break;
            if (g_strcmp0 (sandbox_environment_member_get_path (member), child_relative) == 0)
              {
                expected = sandbox_environment_reader_read_bytes (reader, NULL, NULL);
                break;
              }
          }
        g_test_message ("found %s", child_relative);
        g_assert_nonnull (expected);
        g_assert_true (g_file_get_contents (child, &contents, &length, NULL));
        if (expected != NULL)
          g_assert_cmpmem (contents, length, g_bytes_get_data (expected, NULL),
                           g_bytes_get_size (expected));
        n++;
      }
    }
  return n;
}

static void
test_transfer_fault (gconstpointer data)
{
  const TransferTest *test = data;
  const Expect *expect = test->transfer == TRANSFER_FILE ? &test->transfer_case->file
                                                         : &test->transfer_case->directory;
  g_autoptr(TestFaultServer) server = test_fault_server_new (test->transfer_case->fault);
  g_autoptr(SandboxClient) client = test_client_new (test_fault_server_get_url (server));
  g_autoptr(GError) error = NULL;
  g_autofree char *top = g_dir_make_tmp ("sandbox-transfer-XXXXXX", NULL);
  g_autofree char *target = g_build_filename (top, "target", NULL);
  g_autoptr(GFile) destination = g_file_new_for_path (target);
  double limit = transfer_timeout () + deadline_margin ();
  double give_up = test->caller_cancels ? transfer_timeout () / 3 : 2 * limit;
  Canceller caller;
  gint64 start;
  gboolean ok;

  g_assert_nonnull (top);
  sandbox_client_set_timeout (client, test->caller_cancels ? 3 * limit : transfer_timeout ());
  sandbox_client_set_max_download_size (client, max_response_size ());
  sandbox_client_set_max_retries (client, 0);

  canceller_start (&caller, give_up, FALSE);
  start = g_get_monotonic_time ();
  if (test->transfer == TRANSFER_FILE)
    ok = run_download_to_file (client, TEST_UUID, "dir/file1.txt", destination, test->mode,
                               NULL, caller.cancellable, &error);
  else
    ok = run_download_to_directory (client, TEST_UUID, destination, test->mode, NULL,
                                    caller.cancellable, &error);
  g_test_message ("ended after %.1f s", test_elapsed_since (start));
  canceller_stop (&caller);

  if (test->caller_cancels)
    {
      g_assert_false (ok);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    }
  else if (expect->outcome == OUTCOME_OK)
    {
      assert_value (GINT_TO_POINTER (ok), error);
    }
  else
    {
      g_assert_false (ok);
      assert_expected_error (error, expect);
      g_assert_cmpfloat (test_elapsed_since (start), <, limit);
    }

  /* Nothing but the whole download: no temporary file beside it, no
   * member cut short inside it. */
  if (test->transfer == TRANSFER_FILE)
    {
      g_autoptr(GDir) dir = g_dir_open (top, 0, NULL);
      const char *name;

      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_test_message ("left: %s", name);
          g_assert_true (ok && strcmp (name, "target") == 0);
        }
    }
  else if (g_file_test (target, G_FILE_TEST_IS_DIR))
    {
      guint n = assert_members_whole (target, NULL);

      if (ok)
        g_assert_cmpuint (n, >, 0);
    }

  test_remove_tree (top);
}

/* Registers @test, a copy of @size bytes of it freed with the test, at
 * the path @format makes followed by the mode's name. */
static void G_GNUC_PRINTF (5, 6)
add_test (GTestDataFunc  func,
          gconstpointer  test,
          gsize          size,
          TestMode       mode,
          const char    *format,
          ...)
{
  g_autofree char *prefix = NULL;
  g_autofree char *path = NULL;
  va_list args;

  va_start (args, format);
  prefix = g_strdup_vprintf (format, args);
  va_end (args);
  path = g_strdup_printf ("%s/%s", prefix, mode == TEST_MODE_SYNC ? "sync" : "async");
  g_test_add_data_func_full (path, g_memdup2 (test, size), func, g_free);
}

static void
add_transfer_tests (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (transfer_cases); i++)
    for (Transfer transfer = 0; transfer < N_TRANSFERS; transfer++)
      for (TestMode mode = TEST_MODE_SYNC; mode <= TEST_MODE_ASYNC; mode++)
        for (int cancels = 0; cancels <= 1; cancels++)
          {
            TransferTest test = { &transfer_cases[i], transfer, mode, cancels };

            /* The caller gives up on what would stall. */
            if (cancels && transfer_cases[i].fault != TEST_FAULT_STALL_BODY)
              continue;
            add_test (test_transfer_fault, &test, sizeof test, mode, "/transfer-faults/%s%s/%s",
                      test_fault_get_name (transfer_cases[i].fault), cancels ? "-cancelled" : "",
                      transfer == TRANSFER_FILE ? "to-file" : "to-directory");
          }
}

static void
add_fault_tests (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (fault_cases); i++)
    {
      const FaultCase *fault_case = &fault_cases[i];
      const char *name = fault_case->name != NULL
                         ? fault_case->name : test_fault_get_name (fault_case->fault);

      for (Op op = 0; op < N_OPS; op++)
        {
          for (TestMode mode = TEST_MODE_SYNC; mode <= TEST_MODE_ASYNC; mode++)
            {
              FaultTest test = { fault_case, op, mode };

              add_test (test_fault, &test, sizeof test, mode, "/faults/%s/%s", name,
                        ops[op].name);
            }
        }
    }
}

static void
add_answer_tests (void)
{
  static const Op execute_ops[] = { OP_EXECUTE, OP_EXECUTE_ARCHIVE };
  static const Op json_ops[] = {
    OP_SPECIFICATIONS, OP_USAGE, OP_LIBRARIES, OP_EXECUTE, OP_EXECUTE_ARCHIVE
  };

  for (guint m = 0; m < G_N_ELEMENTS (execute_members); m++)
    {
      for (JsonKind kind = 0; kind < N_JSON_KINDS; kind++)
        {
          const char *member = execute_members[m].name != NULL
                               ? execute_members[m].name : "item";

          /* An unknown member that is not there is the plain answer; an
           * item that is not there, an empty `execution`. */
          if ((g_strcmp0 (member, "extra") == 0 || execute_members[m].name == NULL) &&
              kind == JSON_MISSING)
            continue;

          for (guint o = 0; o < G_N_ELEMENTS (execute_ops); o++)
            {
              for (TestMode mode = TEST_MODE_SYNC; mode <= TEST_MODE_ASYNC; mode++)
                {
                  AnswerTest test = { m, kind, execute_ops[o], mode };

                  add_test (test_execute_answer, &test, sizeof test, mode,
                            "/answers/execute/%s%s/%s/%s",
                            execute_members[m].in_item ? "execution-item-" : "",
                            execute_members[m].in_item &&
                            execute_members[m].name == NULL ? "itself" : member,
                            json_kinds[kind].name, ops[execute_ops[o]].name);
                }
            }
        }
    }

  for (guint r = 0; r < G_N_ELEMENTS (roots); r++)
    {
      for (guint o = 0; o < G_N_ELEMENTS (json_ops); o++)
        {
          for (TestMode mode = TEST_MODE_SYNC; mode <= TEST_MODE_ASYNC; mode++)
            {
              RootTest test = { r, json_ops[o], mode };

              add_test (test_root, &test, sizeof test, mode, "/answers/root/%s/%s",
                        roots[r].name, ops[json_ops[o]].name);
            }
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* A case the library fails is reported, and the others still run. */
  g_test_set_nonfatal_assertions ();

  add_answer_tests ();
  add_fault_tests ();
  add_transfer_tests ();

  return g_test_run ();
}
