"""Which addresses a subscriber's receiver may have: plain Python, free of Django (the allowed networks are handed
in from ``DEVZONE_EXCHANGE_ALLOWED_NETWORKS``).

An administrator types the receiver's URL and the delivery job POSTs to it from inside DevZone's network, then
logs what came back. Left unchecked, an address of the server itself (127.0.0.1, [::1], 0.0.0.0), of the cloud's
metadata service (169.254.169.254) or of any internal host (10.x, 192.168.x …) — written as an IP or as a DNS
name that resolves to one — turns the delivery log into a port scanner of the internal network. So:

- the host is resolved when the subscriber is saved and again at each send, and **every** address it resolves to
  must be public (a name with one public and one internal address is refused), unless it lies in one of the
  allowed networks (a provincial platform on the government network, 10.x);
- the POST then connects to the addresses checked (exchange.transport), never to a second resolution of the name:
  a name whose DNS answer changes between the check and the connection (DNS rebinding) reaches nothing else.

A refusal is a ``Refused`` carrying a reason code (``models.REASONS`` words it in the reader's language)."""

from __future__ import annotations

import functools
import ipaddress
import re
import socket
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from urllib.parse import urlsplit, urlunsplit

Address = ipaddress.IPv4Address | ipaddress.IPv6Address

# getaddrinfo cannot be given a timeout: it runs in one of these threads, and the caller stops waiting at its
# deadline (a hung resolution finishes in its thread when the system resolver gives up; resolv.conf's timeouts).
_RESOLVER = ThreadPoolExecutor(max_workers=4, thread_name_prefix="exchange-resolve")


class Refused(Exception):
    """An address the delivery may not use, or a host that cannot be resolved: ``code`` names the reason,
    ``detail`` the host or address (stored as ``"code:detail"`` in the attempt log)."""

    def __init__(self, code: str, detail: str = ""):
        self.code, self.detail = code, detail
        super().__init__(self.reason)

    @property
    def reason(self) -> str:
        return f"{self.code}:{self.detail}" if self.detail else self.code


def kind_of(address: Address) -> str | None:
    """Why ``address`` is not a public one ("loopback", "link_local" …), or None for a public address. An
    IPv4 address written as IPv6 (::ffff:127.0.0.1) is judged as the IPv4 address it is."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    for kind, test in (
        ("loopback", address.is_loopback),
        ("unspecified", address.is_unspecified),
        ("link_local", address.is_link_local),
        ("multicast", address.is_multicast),
        ("reserved", address.is_reserved),
        ("private", address.is_private or getattr(address, "is_site_local", False)),
        ("not_global", not address.is_global),  # what is left: the carrier-grade NAT space 100.64.0.0/10 …
    ):
        if test:
            return kind
    return None


@functools.lru_cache(maxsize=8)
def _networks(allowed: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(n, strict=False) for n in allowed)


def check(address: str, allowed=()) -> None:
    """Refuse (``Refused("blocked", "<kind> <address>")``) an address that is not public and lies in none of the
    ``allowed`` networks (CIDR texts)."""
    ip = ipaddress.ip_address(address)
    kind = kind_of(ip)
    if kind is None:
        return
    mapped = ip.ipv4_mapped if isinstance(ip, ipaddress.IPv6Address) else None
    if any(ip in n or (mapped is not None and mapped in n) for n in _networks(tuple(allowed))):
        return
    raise Refused("blocked", f"{kind} {ip}")


def literal(host: str) -> str | None:
    """``host`` as an IP address ("::1" for "[::1]"'s hostname), or None when it is a name."""
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        return None


def resolve(host: str, port: int, timeout: float) -> list[str]:
    """The addresses ``host`` resolves to now, in the resolver's order, each once; an IP address is itself.
    ``Refused("dns", host)`` when the name does not resolve, ``Refused("dns_timeout", host)`` after ``timeout``
    seconds."""
    ip = literal(host)
    if ip is not None:
        return [ip]
    if timeout <= 0:
        raise Refused("dns_timeout", host)
    future = _RESOLVER.submit(socket.getaddrinfo, host, port, type=socket.SOCK_STREAM)
    try:
        found = future.result(timeout)
    except FutureTimeout:
        raise Refused("dns_timeout", host) from None
    except (OSError, UnicodeError, ValueError):
        raise Refused("dns", host) from None
    out: list[str] = []
    for _family, _type, _proto, _name, sockaddr in found:
        address = str(ipaddress.ip_address(str(sockaddr[0])))  # an IPv6 zone ("fe80::1%eth0") kept
        if address not in out:
            out.append(address)
    if not out:
        raise Refused("dns", host)
    return out


def checked(host: str, port: int, allowed=(), timeout: float = 5.0) -> list[str]:
    """The addresses of ``host`` the delivery may connect to: all of them, or ``Refused`` when one is not allowed
    (or the name does not resolve)."""
    addresses = resolve(host, port, timeout)
    for address in addresses:
        check(address, allowed)
    return addresses


# A query parameter whose name says it carries a credential (token, api_key, access-key, secret, password, sig,
# signature, auth, authorization, credential, session …): compared on the name's words, split at "_", "-", "."
# and between camelCase humps, so that "apiKey" and "X-Auth-Token" are caught but "monkey" is not.
_SECRET_WORDS = frozenset(
    {
        "token", "tokens", "key", "keys", "apikey", "accesskey", "secret", "secrets", "clientsecret",
        "password", "passwd", "pwd", "pass", "passphrase", "sig", "signature", "sign", "auth", "authorization",
        "credential", "credentials", "session", "sessionid", "sid", "jwt", "bearer", "otp", "hmac",
        "accesstoken", "apitoken", "authtoken", "privatekey",
    }
)  # fmt: skip


_SECRET_ENDINGS = (
    "token",
    "secret",
    "password",
    "passwd",
    "signature",
    "apikey",
    "authkey",
    "accesskey",
    "secretkey",
)


def looks_secret(name: str) -> bool:
    """Whether a query parameter's name says it carries a credential."""
    words = [w.lower() for w in re.split(r"[_\-.\s\[\]]+|(?<=[a-z0-9])(?=[A-Z])", name) if w]
    return (
        any(w in _SECRET_WORDS or w.endswith(_SECRET_ENDINGS) for w in words)
        or "".join(words) in _SECRET_WORDS
    )


def masked(url: str) -> str:
    """``url`` as the pages show it: a user and password before the host, the value of a query parameter named
    like a secret and a fragment replaced by "***" (an address stored before the service refused them); an
    address with none of them as it is."""
    try:
        parts = urlsplit(url)
        netloc = parts.netloc
    except ValueError:
        return url
    if "@" in netloc:
        netloc = "***@" + netloc.rsplit("@", 1)[1]
    query = "&".join(
        f"{name}=***" if looks_secret(name) else pair
        for pair in parts.query.split("&")
        if pair
        for name in [pair.partition("=")[0]]
    )
    fragment = "***" if parts.fragment else ""
    if netloc == parts.netloc and query == parts.query and not fragment:
        return url  # nothing to hide: as typed
    return urlunsplit((parts.scheme, netloc, parts.path, query, fragment))
