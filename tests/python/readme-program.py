# readme-program.py: the examples of the Python client's README, as a
# program written for that client: run unchanged on sandbox_api.
#
#   readme-program.py URL
#
# SPDX-FileCopyrightText: 2026 The sandbox-api developers
# SPDX-License-Identifier: LGPL-2.1-or-later

import asyncio
import pprint
import sys

from sandbox_api import ASandbox, Sandbox, Sandbox404, SandboxError
from sandbox_api.utils import validate

url = sys.argv[1]

sandbox = Sandbox(url)
sandbox = Sandbox(url, timeout=2.5)
pprint.pp(sandbox.specifications())
pprint.pp(sandbox.usage())

config = {
    "commands": [
        "echo $((2+2))"
    ]
}
valid, message = validate(config)
assert valid, message
result = sandbox.execute(config)
pprint.pp(result)
print(result["execution"][0]["stdout"])

s = sandbox
try:
    file = s.download("872b604c-9cce-42e2-8888-9a0311f3a724", "unknown")
except Sandbox404:
    print("'unknown' does not exists in environment '872b604c-9cce-42e2-8888-9a0311f3a724'")
except SandboxError as e:
    print("Sandbox responded with a '%d' status code" % e.response.status_code)


async def main():
    sandbox = ASandbox(url, total=2.5, connect=0.5)
    await sandbox.close()

    async with ASandbox(url) as sandbox:
        usage, specs, execution = await asyncio.gather(
            sandbox.usage(),
            sandbox.specifications(),
            sandbox.execute({
                "commands": [
                    "echo $((2+2))"
                ]
            })
        )
    print("async:", execution["execution"][0]["stdout"])


asyncio.run(main())
