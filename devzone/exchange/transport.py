"""One POST of a delivery: plain Python (http.client), free of Django.

- **Only to the addresses checked.** The host is resolved and checked (exchange.addresses) right before the
  connection, and the connection is made to those addresses, with the name kept where it belongs: in the
  ``Host`` header and, for https, in the TLS server name (SNI) and the certificate's check. The name is never
  resolved a second time, so a DNS answer that changes in between (rebinding) reaches nothing else
  (``PinnedHTTPConnection`` and ``PinnedHTTPSConnection``: http.client's connections whose ``connect()`` opens
  the socket to the checked addresses).
- **One deadline for the whole request.** ``timeout`` seconds from the start cover the resolution, the
  connection, the TLS handshake, sending the body and reading the answer's status line and headers. A socket's
  own timeout is per operation only (urllib's too): a receiver that trickles a byte now and then would hold the
  job for as long as it likes. A timer shuts the socket down at the deadline, which ends any read or write in
  progress at once.
- **The answer is the status code.** A redirect is not followed (it is the receiver's answer, not a new address);
  the body of the answer is not read.

``post`` never raises for a network failure: it returns ``(status, "")`` or ``(None, reason)``, ``reason`` a code
(``"timeout:5"``, ``"refused"``, ``"blocked:loopback 127.0.0.1"`` …) that ``models.REASONS`` words for the reader
of the log, in their language (never a raw socket error)."""

from __future__ import annotations

import errno
import http.client
import socket
import ssl
import sys
import threading
import time
from urllib.parse import quote, urlsplit

from devzone.exchange.addresses import Refused, checked

_PATH_SAFE = "/%:@!$&'()*+,;=-._~"  # what a path and query keep as they are; anything else is percent-encoded


def post(url: str, body: bytes, headers: dict, *, timeout: float, allowed=()) -> tuple[int | None, str]:
    """POST ``body`` to ``url`` within ``timeout`` seconds in all: (status code, "") or (None, reason)."""
    deadline = time.monotonic() + timeout
    try:
        parts = urlsplit(url)
        host, port = parts.hostname, parts.port
        if parts.scheme not in ("http", "https"):  # the form allows no other; never a file: or ftp: URL
            return None, "scheme"
        if not host or port == 0:
            return None, "bad_url"
        name = host.encode("idna").decode(
            "ascii"
        )  # a Chinese domain name as the DNS and the TLS check know it
    except (ValueError, UnicodeError):
        return None, "bad_url"
    https = parts.scheme == "https"
    port = port or (443 if https else 80)
    try:
        addresses = checked(name, port, allowed, deadline - time.monotonic())
    except Refused as refused:
        return None, refused.reason
    target = quote(parts.path or "/", safe=_PATH_SAFE) + (
        f"?{quote(parts.query, safe=_PATH_SAFE)}" if parts.query else ""
    )
    if https:
        conn: http.client.HTTPConnection = PinnedHTTPSConnection(
            name, port, addresses=addresses, deadline=deadline, context=ssl.create_default_context()
        )
    else:
        conn = PinnedHTTPConnection(name, port, addresses=addresses, deadline=deadline)
    expired = threading.Event()
    timer = threading.Timer(max(deadline - time.monotonic(), 0.0), _cut, (conn, expired))
    timer.daemon = True
    timer.start()
    try:
        conn.request("POST", target, body=body, headers=headers)
        status = conn.getresponse().status
        if expired.is_set():  # cut at the deadline: the headers read until then only seemed to end
            return None, f"timeout:{timeout:g}"
        return status, ""
    except Exception as e:  # noqa: BLE001 — every failure of the attempt is its reason, never the job's crash
        return None, f"timeout:{timeout:g}" if expired.is_set() else reason_of(e, timeout)
    finally:
        timer.cancel()
        conn.close()


class _Checked:
    """What both connections share: the addresses that the SSRF check approved and the whole POST's deadline
    (``time.monotonic()``). ``connect()`` opens a TCP connection to them instead of resolving the host's name
    again; the name stays the connection's ``host``, for the ``Host`` header and TLS."""

    addresses: list[str]
    deadline: float
    port: int
    source_address: tuple | None

    def checked_socket(self) -> socket.socket:
        """A TCP connection to the first checked address that answers, each of its reads and writes bounded by
        what is left of the deadline."""
        error: OSError = TimeoutError()
        for address in self.addresses:
            left = self.deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError
            try:
                sock = socket.create_connection((address, self.port), left, self.source_address)
            except OSError as e:
                error = e
                continue
            try:
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # as http.client's connect sets it
            except OSError as e:
                if e.errno != errno.ENOPROTOOPT:
                    sock.close()
                    raise
            sock.settimeout(max(self.deadline - time.monotonic(), 0.001))  # no single read past the deadline
            return sock
        raise error


class PinnedHTTPConnection(_Checked, http.client.HTTPConnection):
    """An HTTP connection to ``host`` made to the checked ``addresses`` (tried in order) within ``deadline``."""

    def __init__(self, host: str, port: int, *, addresses: list[str], deadline: float):
        super().__init__(host, port, timeout=max(deadline - time.monotonic(), 0.001))
        self.addresses, self.deadline = list(addresses), deadline

    def connect(self) -> None:
        sys.audit("http.client.connect", self, self.host, self.port)  # as http.client's own connect
        self.sock = self.checked_socket()


class PinnedHTTPSConnection(_Checked, http.client.HTTPSConnection):
    """The same over TLS: the handshake names ``host`` (SNI) and the certificate is checked against ``host``,
    never against the address connected to."""

    def __init__(
        self, host: str, port: int, *, addresses: list[str], deadline: float, context: ssl.SSLContext
    ):
        super().__init__(host, port, timeout=max(deadline - time.monotonic(), 0.001), context=context)
        self.addresses, self.deadline, self.tls = list(addresses), deadline, context

    def connect(self) -> None:
        sys.audit("http.client.connect", self, self.host, self.port)
        # the plain socket is the connection's until the handshake ends: the deadline's cut (``_cut``) ends a
        # handshake that stalls too
        self.sock = self.checked_socket()
        self.sock = self.tls.wrap_socket(self.sock, server_hostname=self.host)


def _cut(conn: http.client.HTTPConnection, expired: threading.Event) -> None:
    """At the deadline: shut the connection's socket down, which ends the read or write in progress at once."""
    expired.set()
    sock = conn.sock
    if sock is not None:
        try:
            socket.socket.shutdown(sock, socket.SHUT_RDWR)  # the plain socket's, also under TLS
        except OSError:
            pass


def reason_of(error: BaseException, timeout: float) -> str:
    """The reason code of a failed attempt (``models.REASONS``)."""
    if isinstance(error, TimeoutError):  # socket.timeout is TimeoutError
        return f"timeout:{timeout:g}"
    if isinstance(error, ssl.SSLCertVerificationError):
        return "tls_certificate"
    if isinstance(error, ssl.SSLError):
        return "tls"
    if isinstance(error, ConnectionRefusedError):
        return "refused"
    if isinstance(error, ConnectionResetError | BrokenPipeError | http.client.RemoteDisconnected):
        return "closed"
    if isinstance(error, http.client.InvalidURL | UnicodeError | ValueError):
        return "bad_url"
    if isinstance(error, http.client.HTTPException):
        return "protocol"
    if isinstance(error, OSError):
        return "unreachable"
    return f"error:{type(error).__name__}"
