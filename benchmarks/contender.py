#!/usr/bin/python3
# SPDX-FileCopyrightText: 2026 The sandbox-api developers
# SPDX-License-Identifier: LGPL-2.1-or-later
"""The Python contenders of benchmarks/run, with the same options as the C
ones (see bench-common.h):

  requests  what the reference Python client does: a module-level
            requests.get/requests.post per call, the whole body in memory;
            threads for concurrency
  aiohttp   one ClientSession, asyncio.gather, the whole body in memory
  gi        this library through introspection (python3-gi)
  dropin    sandbox_api, the drop-in for the reference client (bindings/python):
            Sandbox, threads for concurrency
  adropin   sandbox_api's ASandbox, asyncio.gather

Prints one JSON line: seconds, count, bytes."""

import argparse
import json
import os
import sys
import threading
import time

CONFIG_JSON = '{"commands": ["true"]}'
ENVIRONMENT = "7ee5d2d4-66fe-4a48-8e7b-2ab2e41f5b6a"


def report(seconds, count, size=0):
    print(json.dumps({"seconds": seconds, "count": count, "bytes": size}), flush=True)


def shares(count, threads):
    return [count // threads + (1 if t < count % threads else 0) for t in range(threads)]


def run_threads(count, threads, call):
    def work(n):
        for _ in range(n):
            call()

    workers = [threading.Thread(target=work, args=(n,)) for n in shares(count, threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()


class Requests:
    def __init__(self, args):
        import requests
        self.requests = requests
        self.url = args.url

    def specifications(self, args):
        for _ in range(args.count):
            answer = self.requests.get(self.url + "specifications/")
            answer.raise_for_status()
            answer.json()

    def execute_one(self):
        answer = self.requests.post(self.url + "execute/", data={"config": CONFIG_JSON})
        answer.raise_for_status()
        if answer.json()["status"] != 0:
            raise RuntimeError("execute failed")

    def execute(self, args):
        # requests has no asynchronous API: in-flight calls are threads.
        run_threads(args.count, args.threads or args.inflight, self.execute_one)

    def upload(self, args):
        with open(args.file, "rb") as environment:
            answer = self.requests.post(self.url + "execute/", data={"config": CONFIG_JSON},
                                        files={"environment": environment})
        answer.raise_for_status()
        answer.json()

    def download(self, args):
        answer = self.requests.get(self.url + f"environments/{ENVIRONMENT}/")
        answer.raise_for_status()
        return len(answer.content)


class Aiohttp:
    def __init__(self, args):
        import asyncio
        import aiohttp
        self.asyncio = asyncio
        self.aiohttp = aiohttp
        self.url = args.url

    def session(self, limit):
        return self.aiohttp.ClientSession(
            connector=self.aiohttp.TCPConnector(limit=limit),
            timeout=self.aiohttp.ClientTimeout(total=None))

    def run(self, coroutine):
        return self.asyncio.run(coroutine)

    async def get_json(self, session, path):
        async with session.get(self.url + path) as answer:
            answer.raise_for_status()
            return await answer.json(content_type=None)

    async def post_execute(self, session, environment=None):
        form = self.aiohttp.FormData()
        form.add_field("config", CONFIG_JSON)
        if environment is not None:
            form.add_field("environment", environment, filename="environment.tgz",
                           content_type="application/gzip")
        async with session.post(self.url + "execute/", data=form) as answer:
            answer.raise_for_status()
            if (await answer.json(content_type=None))["status"] != 0:
                raise RuntimeError("execute failed")

    def specifications(self, args):
        async def main():
            async with self.session(1) as session:
                for _ in range(args.count):
                    await self.get_json(session, "specifications/")
        self.run(main())

    def execute(self, args):
        async def main():
            async with self.session(args.threads or args.inflight) as session:
                await self.asyncio.gather(*(self.post_execute(session)
                                            for _ in range(args.count)))
        self.run(main())

    def upload(self, args):
        async def main():
            with open(args.file, "rb") as environment:
                body = environment.read()
            async with self.session(1) as session:
                await self.post_execute(session, body)
        self.run(main())

    def download(self, args):
        async def main():
            async with self.session(1) as session:
                async with session.get(self.url + f"environments/{ENVIRONMENT}/") as answer:
                    answer.raise_for_status()
                    return len(await answer.read())
        return self.run(main())


class Gi:
    def __init__(self, args):
        import gi
        gi.require_version("Sandbox", "1.0")
        from gi.repository import GLib, Gio, Sandbox
        self.GLib, self.Gio, self.Sandbox = GLib, Gio, Sandbox
        self.args = args

    def client(self, max_connections=1):
        client = self.Sandbox.Client(base_url=self.args.url, max_connections=max_connections,
                                     timeout=600.0)
        client.init(None)
        client.set_max_response_size(2 ** 32 - 1)
        return client

    def config(self):
        config = self.Sandbox.Config.new()
        config.add_command("true", False)
        return config

    def specifications(self, args):
        client = self.client()
        for _ in range(args.count):
            client.get_specifications(None)

    def execute(self, args):
        config = self.config()
        if args.threads:
            client = self.client(args.threads)
            run_threads(args.count, args.threads,
                        lambda: client.execute(config, None, None))
            return
        client = self.client(args.inflight)
        loop = self.GLib.MainLoop()
        pending = [args.count]

        def done(source, result):
            if source.execute_finish(result).get_status() != 0:
                raise RuntimeError("execute failed")
            pending[0] -= 1
            if pending[0] == 0:
                loop.quit()

        for _ in range(args.count):
            client.execute_async(config, None, None, done)
        loop.run()

    def upload(self, args):
        client = self.client()
        client.execute_file(self.config(), self.Gio.File.new_for_path(args.file), None)

    def download(self, args):
        client = self.client()
        if args.variant == "stream":
            stream, _ = client.download_stream(ENVIRONMENT, None, None)
            received = 0
            while True:
                block = stream.read_bytes(256 * 1024, None)
                if block.get_size() == 0:
                    return received
                received += block.get_size()
        return client.download(ENVIRONMENT, None, None).get_size()


class DropIn:
    """sandbox_api (bindings/python), the drop-in for the reference Python
    client, used as a program written for that client uses it: Sandbox,
    threads for concurrency."""

    def __init__(self, args):
        sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(
            os.path.abspath(__file__))), "bindings", "python"))
        import sandbox_api
        self.sandbox = sandbox_api.Sandbox(args.url, timeout=None)
        self.config = json.loads(CONFIG_JSON)

    def specifications(self, args):
        for _ in range(args.count):
            self.sandbox.specifications()

    def execute_one(self):
        if self.sandbox.execute(self.config)["status"] != 0:
            raise RuntimeError("execute failed")

    def execute(self, args):
        run_threads(args.count, args.threads or args.inflight, self.execute_one)

    def upload(self, args):
        with open(args.file, "rb") as environment:
            self.sandbox.execute(self.config, environment)

    def download(self, args):
        # getvalue(), as a program reads the BytesIO: getbuffer() would copy
        # what it shares with the bytes it was made from.
        return len(self.sandbox.download(ENVIRONMENT).getvalue())


class ADropIn(DropIn):
    """sandbox_api's ASandbox: asyncio.gather."""

    def __init__(self, args):
        super().__init__(args)
        import asyncio
        import sandbox_api
        self.asyncio = asyncio
        self.asandbox = sandbox_api.ASandbox(args.url, total=None)

    def run(self, coroutine):
        async def main():
            async with self.asandbox:
                return await coroutine
        return self.asyncio.run(main())

    def specifications(self, args):
        async def main():
            for _ in range(args.count):
                await self.asandbox.specifications()
        self.run(main())

    def execute(self, args):
        # As many in flight as the other contenders: a program written for
        # the Python client bounds them itself.
        async def one(slots):
            async with slots:
                if (await self.asandbox.execute(self.config))["status"] != 0:
                    raise RuntimeError("execute failed")

        async def main():
            slots = self.asyncio.Semaphore(args.threads or args.inflight)
            await self.asyncio.gather(*(one(slots) for _ in range(args.count)))
        self.run(main())

    def upload(self, args):
        async def main():
            with open(args.file, "rb") as environment:
                await self.asandbox.execute(self.config, environment)
        self.run(main())

    def download(self, args):
        async def main():
            return len((await self.asandbox.download(ENVIRONMENT)).getvalue())
        return self.run(main())


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("client", choices=["requests", "aiohttp", "gi", "dropin", "adropin"])
    parser.add_argument("--url", required=True)
    parser.add_argument("--op", required=True,
                        choices=["specifications", "execute", "upload", "download"])
    parser.add_argument("--variant", default="")
    parser.add_argument("--file")
    parser.add_argument("--count", type=int, default=1)
    parser.add_argument("--inflight", type=int, default=1)
    parser.add_argument("--threads", type=int, default=0)
    parser.add_argument("--size", type=int, default=0)
    args = parser.parse_args()

    contender = {"requests": Requests, "aiohttp": Aiohttp, "gi": Gi, "dropin": DropIn,
                 "adropin": ADropIn}[args.client](args)
    start = time.monotonic()
    received = getattr(contender, args.op)(args)
    seconds = time.monotonic() - start
    if args.op == "download" and received != args.size:
        sys.exit(f"download: {received} bytes instead of {args.size}")
    size = os.path.getsize(args.file) if args.op == "upload" else (received or 0)
    report(seconds, args.count if args.op in ("specifications", "execute") else 1, size)


if __name__ == "__main__":
    main()
