"""A real HTTP receiver for the exchange's tests: a ``ThreadingHTTPServer`` on 127.0.0.1 that answers each POST as
its script says (an HTTP status, or ``"timeout"``: it holds the answer past the sender's timeout), checks the
signature and the freshness of its timestamp (``signing.verify_fresh``, as the sandbox does: a signed body replayed
later is refused), and applies each event once by its ``Idempotency-Key`` — as a well-behaved subscriber would."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from devzone.exchange import signing


class Receiver:
    def __init__(self, secret: str = "", script=(), hold_seconds: float = 1.5):
        self.secret = secret
        self.script = list(script)  # answers for the first requests; then 200
        self.hold_seconds = hold_seconds
        self.requests: list[dict] = []  # every request, as it came
        self.applied: list[dict] = []  # the events taken, once each, in the order taken
        self._keys: set[str] = set()
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with receiver._lock:
                    n = len(receiver.requests)
                    answer = receiver.script[n] if n < len(receiver.script) else 200
                    signed = signing.verify_fresh(
                        receiver.secret,
                        self.headers.get("X-DevZone-Timestamp", ""),
                        body,
                        self.headers.get("X-DevZone-Signature", ""),
                        now=time.time(),
                    )
                    document = json.loads(body)
                    key = self.headers.get("Idempotency-Key", "")
                    receiver.requests.append(
                        {
                            "key": key,
                            "signed": signed,
                            "answer": answer,
                            "event": document,
                            "host": self.headers.get("Host", ""),
                        }
                    )
                    if signed and answer in (200, "timeout") and key not in receiver._keys:
                        receiver._keys.add(key)  # taken (a timed-out answer may still have been applied)
                        receiver.applied.append(document)
                if answer == "timeout":
                    time.sleep(receiver.hold_seconds)
                    answer = 200
                self.send_response(answer if signed else 401)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/events"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
