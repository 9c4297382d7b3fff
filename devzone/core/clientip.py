"""The client's address, also behind a reverse proxy. ``X-Forwarded-For`` is believed only when the request
comes from one of ``DEVZONE_TRUSTED_PROXIES`` (addresses or networks): the list is read from the right, past
the trusted proxies, and the first address that is not one of them is the client. Anyone else's header is
ignored, so a client cannot choose the address that audit rows, lockouts and rate limits see."""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(spec: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(s.strip(), strict=False) for s in spec if s.strip())


def _trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in _networks(tuple(settings.DEVZONE_TRUSTED_PROXIES)))


def client_ip(request) -> str:
    peer = request.META.get("REMOTE_ADDR", "")
    if not _trusted(peer):
        return peer
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    for hop in reversed(hops):
        if not _trusted(hop):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return peer  # a malformed header from behind our own proxy: keep the proxy's address
    return peer


#: how much of an IPv6 address names one source for lockouts and rate limits: one line, one machine holds a
#: whole /64 (a home connection, a cloud VM) and may take a new address from it for every guess
IPV6_SOURCE_PREFIX = 64


def source_key(value: str) -> str:
    """The source an address counts as for lockouts and rate limits: an IPv4 address itself (an IPv4-mapped IPv6
    address as its IPv4 address), an IPv6 address as the first address of its /64 (``2001:db8:1:2::``: still an
    address, as django-axes' column needs); anything that is no address (a user name, '') unchanged. The audit
    trail keeps the full address (``address``)."""
    try:
        ip = ipaddress.ip_address(value)
    except ValueError:
        return value
    if ip.version == 6:
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/{IPV6_SOURCE_PREFIX}", strict=False).network_address)
    return str(ip)


def lockout_ip(request) -> str:
    """django-axes' ``AXES_CLIENT_IP_CALLABLE``: the client's address (``client_ip``) as its lockout source
    (``source_key``: an IPv6 client by its /64), so that rotating addresses within one's own /64 never escapes
    the lock on the account from that source."""
    return source_key(client_ip(request))


def address(request) -> str:
    """The client's address, resolved once per request by ``ClientIpMiddleware``: what DevZone's own code reads
    (audit, rate limits, lockouts), never the raw peer."""
    resolved = request.META.get(RESOLVED)
    return resolved if resolved is not None else client_ip(request)


RESOLVED = "devzone.client_ip"


class ClientIpMiddleware:
    """First in the chain: the client's address is resolved once (``address``), and ``REMOTE_ADDR`` becomes it
    for the libraries after it (django-axes)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META[RESOLVED] = request.META["REMOTE_ADDR"] = client_ip(request)
        return self.get_response(request)
