/* test-fault-server.h
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A sandbox server that misbehaves below HTTP, where a SoupServer cannot:
 * plain sockets on 127.0.0.1 with an ephemeral port, a thread for each
 * connection. It reads each request whole (but for one fault), then
 * answers it as the fake server of test-server.c would (same routes, same
 * bodies), broken in the one way it was made with. */

typedef enum
{
  TEST_FAULT_NONE,                  /* a correct answer, Content-Length, then close */
  TEST_FAULT_RESET_BEFORE_HEADERS,  /* RST instead of an answer */
  TEST_FAULT_CLOSE_BEFORE_HEADERS,  /* FIN instead of an answer */
  TEST_FAULT_RESET_AFTER_HEADERS,   /* the headers (Content-Length), then RST */
  TEST_FAULT_RESET_MID_BODY,        /* the headers, half the body, then RST */
  TEST_FAULT_TRUNCATED_LENGTH,      /* Content-Length, half the body, then FIN */
  TEST_FAULT_TRUNCATED_EOF,         /* no Content-Length, half the body, then FIN */
  TEST_FAULT_DRIP_HEADERS,          /* the whole answer, one byte a second */
  TEST_FAULT_DRIP_BODY,             /* the headers at once, the body a byte a second */
  TEST_FAULT_INFINITE_LENGTH,       /* Content-Length of a pebibyte, bytes without end */
  TEST_FAULT_INFINITE_EOF,          /* no Content-Length, bytes without end */
  TEST_FAULT_INFINITE_CHUNKED,      /* chunks without end */
  TEST_FAULT_HUGE_HEADER,           /* one header of 8 MiB, then the answer */
  TEST_FAULT_ENDLESS_HEADER,        /* one header that never ends */
  TEST_FAULT_MANY_HEADERS,          /* 1,500 headers (40 KiB), then the answer */
  TEST_FAULT_TOO_MANY_HEADERS,      /* 10,000 headers (270 KiB), then the answer */
  TEST_FAULT_ENDLESS_HEADERS,       /* headers without end */
  TEST_FAULT_CONTINUE_100,          /* 100 Continue, then the answer */
  TEST_FAULT_PROCESSING_102,        /* 102 Processing, then the answer */
  TEST_FAULT_ENDLESS_102,           /* 102 Processing every 100 ms, without end */
  TEST_FAULT_FLOOD_102,             /* 102 Processing as fast as the client takes them */
  TEST_FAULT_GARBAGE_STATUS,        /* binary garbage instead of a status line */
  TEST_FAULT_HTTP_09,               /* the body alone, HTTP/0.9 style */
  TEST_FAULT_STATUS_0,              /* "HTTP/1.1 000" */
  TEST_FAULT_STATUS_99,             /* "HTTP/1.1 099" */
  TEST_FAULT_STATUS_600,
  TEST_FAULT_STATUS_999,
  TEST_FAULT_UNAVAILABLE,           /* 503 Service Unavailable, as the real server says it */
  TEST_FAULT_UNAVAILABLE_RETRY_AFTER, /* the same with "Retry-After: 1" */
  TEST_FAULT_UNAVAILABLE_UNREAD,     /* the same as soon as the request's headers came, the
                                     * rest unread, as HAProxy answers when no server is up */
  TEST_FAULT_STALL_HEADERS,         /* nothing at all, until the server is freed */
  TEST_FAULT_STALL_BODY,            /* the headers and half the body, then nothing */
  TEST_FAULT_TRICKLE_BODY,          /* the headers, then the body a byte every 0.3 s */
  TEST_FAULT_ENDLESS_ARCHIVE,       /* no Content-Length, a gzip'd tar of one member of a
                                     * gibibyte, stored, whose data never ends */
  TEST_N_FAULTS
} TestFault;

/* What a HEAD answer of TEST_FAULT_INFINITE_LENGTH announces. */
#define TEST_FAULT_INFINITE_SIZE (G_GINT64_CONSTANT (1) << 50)
/* The body of the answers with a status of 600 or 999. */
#define TEST_FAULT_STATUS_TEXT   "A status from another world"
/* What the real server answers when no container frees up in time. */
#define TEST_FAULT_OVERLOADED_TEXT "Sandbox overloaded, retry after a few seconds."
/* TEST_FAULT_TRICKLE_BODY: the interval, and how many bytes come that way
 * before the rest comes at once. */
#define TEST_FAULT_TRICKLE_US    (300 * 1000)
#define TEST_FAULT_TRICKLE_BYTES 10

typedef struct _TestFaultServer TestFaultServer;

TestFaultServer *test_fault_server_new            (TestFault        fault);
void             test_fault_server_free           (TestFaultServer *self);
const char      *test_fault_server_get_url        (TestFaultServer *self);
guint            test_fault_server_get_n_requests (TestFaultServer *self);
void             test_fault_server_set_script     (TestFaultServer *self,
                                                   const TestFault *faults,
                                                   guint            n_faults);
gint64           test_fault_server_get_request_time (TestFaultServer *self,
                                                     guint            index);
GBytes          *test_fault_server_dup_request_body (TestFaultServer *self,
                                                     guint            index);
const char      *test_fault_get_name              (TestFault        fault);
GBytes          *test_fault_dup_content           (const char      *method,
                                                   const char      *path);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestFaultServer, test_fault_server_free)

G_END_DECLS
