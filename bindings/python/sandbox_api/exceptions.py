# exceptions.py: SandboxError and one Sandbox{STATUS} class for each HTTP
# status from 300 on.
#
# SPDX-FileCopyrightText: 2026 The sandbox-api developers
# SPDX-License-Identifier: LGPL-2.1-or-later

from http import HTTPStatus

STATUSES = (
    300, 301, 302, 303, 304, 305, 307, 308, 400, 401, 402, 403, 404, 405, 406,
    407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 421, 422, 423, 424,
    426, 428, 429, 431, 451, 500, 501, 502, 503, 504, 505, 506, 507, 508, 510,
    511,
)


def get_status_code(response) -> int:
    """The status of a response: its status_code (as requests names it) or
    its status (as aiohttp does)."""
    return getattr(response, "status_code", None) or response.status


class Response:
    """What the server answered, as the exceptions carry it: status_code
    (and status, its aiohttp name), reason, url."""

    def __init__(self, status_code: int, url: str = "", reason: str = None):
        self.status_code = self.status = status_code
        self.url = url
        try:
            self.reason = reason or HTTPStatus(status_code).phrase
        except ValueError:
            self.reason = reason or ""

    def __repr__(self):
        return "<Response [%d]>" % self.status_code


class SandboxError(Exception):
    """The base of the exceptions of sandbox_api: the server answered with a
    status of 300 or more (`response.status_code`); `message` says more."""

    def __init__(self, response, message: str = None):
        super().__init__(response, message)
        self.response = response
        self.message = message

    def __str__(self):
        return "Sandbox responded with status %d" % get_status_code(self.response)


def status_exceptions(response) -> SandboxError:
    """The exception for the status of `response` (an object with a
    status_code or a status): Sandbox{STATUS}, SandboxError for a status
    without a class of its own."""
    return _BY_STATUS.get(get_status_code(response), SandboxError)(response)



class Sandbox300(SandboxError):
    """Status 300."""


class Sandbox301(SandboxError):
    """Status 301."""


class Sandbox302(SandboxError):
    """Status 302."""


class Sandbox303(SandboxError):
    """Status 303."""


class Sandbox304(SandboxError):
    """Status 304."""


class Sandbox305(SandboxError):
    """Status 305."""


class Sandbox307(SandboxError):
    """Status 307."""


class Sandbox308(SandboxError):
    """Status 308."""


class Sandbox400(SandboxError):
    """Status 400."""


class Sandbox401(SandboxError):
    """Status 401."""


class Sandbox402(SandboxError):
    """Status 402."""


class Sandbox403(SandboxError):
    """Status 403."""


class Sandbox404(SandboxError):
    """Status 404."""


class Sandbox405(SandboxError):
    """Status 405."""


class Sandbox406(SandboxError):
    """Status 406."""


class Sandbox407(SandboxError):
    """Status 407."""


class Sandbox408(SandboxError):
    """Status 408."""


class Sandbox409(SandboxError):
    """Status 409."""


class Sandbox410(SandboxError):
    """Status 410."""


class Sandbox411(SandboxError):
    """Status 411."""


class Sandbox412(SandboxError):
    """Status 412."""


class Sandbox413(SandboxError):
    """Status 413."""


class Sandbox414(SandboxError):
    """Status 414."""


class Sandbox415(SandboxError):
    """Status 415."""


class Sandbox416(SandboxError):
    """Status 416."""


class Sandbox417(SandboxError):
    """Status 417."""


class Sandbox421(SandboxError):
    """Status 421."""


class Sandbox422(SandboxError):
    """Status 422."""


class Sandbox423(SandboxError):
    """Status 423."""


class Sandbox424(SandboxError):
    """Status 424."""


class Sandbox426(SandboxError):
    """Status 426."""


class Sandbox428(SandboxError):
    """Status 428."""


class Sandbox429(SandboxError):
    """Status 429."""


class Sandbox431(SandboxError):
    """Status 431."""


class Sandbox451(SandboxError):
    """Status 451."""


class Sandbox500(SandboxError):
    """Status 500."""


class Sandbox501(SandboxError):
    """Status 501."""


class Sandbox502(SandboxError):
    """Status 502."""


class Sandbox503(SandboxError):
    """Status 503."""


class Sandbox504(SandboxError):
    """Status 504."""


class Sandbox505(SandboxError):
    """Status 505."""


class Sandbox506(SandboxError):
    """Status 506."""


class Sandbox507(SandboxError):
    """Status 507."""


class Sandbox508(SandboxError):
    """Status 508."""


class Sandbox510(SandboxError):
    """Status 510."""


class Sandbox511(SandboxError):
    """Status 511."""


_BY_STATUS = {status: globals()["Sandbox%d" % status] for status in STATUSES}
