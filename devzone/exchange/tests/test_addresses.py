"""SSRF: a subscriber's address may not name the server itself, the cloud's metadata service or an internal host —
by IP or by a DNS name resolving to one — unless its network is allowed (``DEVZONE_EXCHANGE_ALLOWED_NETWORKS``).
Refused when saved (beside 接收地址) and again at each send (the address stored before, or a name whose DNS
answer changed): nothing is POSTed, and the log says why in the reader's words, not what an internal service
answered. The POST goes to the address that was checked, with the name in the Host header and the TLS server
name (no second lookup for a rebinding DNS answer to slip into)."""

from __future__ import annotations

import contextlib
import datetime as dt
import socket
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.urls import reverse

from devzone.core import events
from devzone.core.errors import DomainError
from devzone.exchange import addresses, delivery
from devzone.exchange.models import Attempt, Delivery, Subscriber
from devzone.exchange.services import subscriber_create, subscriber_update
from devzone.testing import factories as f
from devzone.testing.receiver import Receiver

pytestmark = pytest.mark.django_db
KIND = "projects.milestone.reached"
NAME = "hcp.example.gov.cn"
PUBLIC = "202.102.134.68"  # a public address (never connected to: the tests' DNS sends the name elsewhere)


@pytest.fixture(autouse=True)
def _nothing_allowed(settings):
    settings.DEVZONE_EXCHANGE_ALLOWED_NETWORKS = []  # the default of a deployment
    settings.DEVZONE_EXCHANGE_TIMEOUT = 1


@pytest.fixture
def dns(monkeypatch):
    """A DNS of the test's own: ``dns[name] = [answer, …]``, each lookup taking the next answer (the last one
    stays), an answer an address or a tuple of addresses; every other name as the system resolves it.
    ``dns.lookups`` lists the lookups."""
    real = socket.getaddrinfo

    class Fake(dict):
        lookups: list[str] = []

    table = Fake()

    def getaddrinfo(host, port, *args, **kwargs):
        if host not in table:
            return real(host, port, *args, **kwargs)
        table.lookups.append(host)
        answers = table[host]
        answer = answers.pop(0) if len(answers) > 1 else answers[0]
        return [
            (socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port))
            for a in ((answer,) if isinstance(answer, str) else answer)
        ]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    table.lookups = []
    return table


class _Internal(BaseHTTPRequestHandler):
    """An internal service that must never be reached: it records every POST."""

    hits: list = []

    def do_POST(self):  # noqa: N802 (http.server's name)
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.hits.append((self.path, self.headers.get("Host")))
        self.send_response(403)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def internal(monkeypatch):
    monkeypatch.setattr(_Internal, "hits", [])
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Internal)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def send_one(zone) -> Delivery:
    events.emit(KIND, obj=f.ProjectFactory(zone=zone), payload={"n": 1})
    delivery.fan_out()
    delivery.deliver_due()
    return Delivery.objects.get()


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
        "http://127.0.0.1:6379/",
        "http://[::1]:5432/",
        "http://[::ffff:127.0.0.1]:5432/",  # loopback written as IPv6
        "http://10.0.0.5/internal-admin",
        "http://192.168.1.1/",
        "http://0.0.0.0:8000/",
        "http://224.0.0.1/",
        "http://100.64.0.1/",  # carrier-grade NAT: not public either
        "http://localhost:8000/",  # a name that resolves to loopback
    ],
)
def test_an_internal_address_is_refused_beside_the_url_and_nothing_is_saved(sysadmin, url):
    with pytest.raises(DomainError) as refused:
        subscriber_create(actor=sysadmin, name="内部", url=url, kinds=[KIND])
    assert list(refused.value.errors) == ["url"]
    assert "DEVZONE_EXCHANGE_ALLOWED_NETWORKS" in str(refused.value.errors["url"])
    assert not Subscriber.objects.exists()


def test_a_name_resolving_to_an_internal_address_is_refused_on_the_page(client_for, sysadmin, dns):
    dns[NAME] = ["10.1.2.3"]
    r = client_for(sysadmin).post(
        reverse("exchange:subscriber_new"), {"name": "省平台", "url": f"https://{NAME}/in", "kinds": [KIND]}
    )
    assert r.status_code == 200
    assert "内网地址 10.1.2.3" in r.context["form"].errors["url"][0]
    sub, _secret = subscriber_create(actor=sysadmin, name="省平台", url=f"https://{PUBLIC}/in", kinds=[KIND])
    with pytest.raises(DomainError):  # and when an address is changed
        subscriber_update(
            actor=sysadmin, subscriber=sub, name="省平台", url=f"https://{NAME}/in", kinds=[KIND], active=True
        )


def test_a_name_with_one_internal_address_among_public_ones_is_refused(sysadmin, dns):
    dns[NAME] = [(PUBLIC, "169.254.169.254")]
    with pytest.raises(addresses.Refused) as refused:
        addresses.checked(NAME, 443, [], timeout=1)
    assert refused.value.reason == "blocked:link_local 169.254.169.254"
    with pytest.raises(DomainError) as refused:
        subscriber_create(actor=sysadmin, name="省平台", url=f"https://{NAME}/in", kinds=[KIND])
    assert "链路本地地址（含云主机元数据服务） 169.254.169.254" in str(refused.value.errors["url"])


def test_an_allowed_network_lets_a_provincial_platform_on_10_x_in(sysadmin, settings):
    settings.DEVZONE_EXCHANGE_ALLOWED_NETWORKS = ["10.20.0.0/16"]
    sub, _secret = subscriber_create(
        actor=sysadmin, name="省平台", url="http://10.20.3.4:8080/in", kinds=[KIND]
    )
    assert sub.url == "http://10.20.3.4:8080/in"
    with pytest.raises(DomainError):  # the rest of 10.x is still internal
        subscriber_create(actor=sysadmin, name="别的", url="http://10.21.0.1/", kinds=[KIND])


def test_a_name_that_does_not_resolve_yet_is_accepted_and_checked_at_each_send(sysadmin, zone_a):
    sub, _secret = subscriber_create(
        actor=sysadmin, name="省平台", url="https://receiver.invalid/in", kinds=[KIND]
    )
    d = send_one(zone_a)
    (attempt,) = Attempt.objects.filter(delivery=d)
    assert (attempt.status_code, attempt.error) == (None, "dns:receiver.invalid")
    assert attempt.reason == "无法解析接收地址的主机名 receiver.invalid"
    assert sub.url == "https://receiver.invalid/in"


def test_a_name_resolving_to_loopback_at_send_reaches_no_internal_service(
    sysadmin, zone_a, client_for, dns, internal
):
    dns[NAME] = [PUBLIC, "127.0.0.1"]  # public when saved; loopback when sent (DNS rebinding)
    sub, _secret = subscriber_create(
        actor=sysadmin, name="看似外部", url=f"http://{NAME}:{internal}/internal/admin", kinds=[KIND]
    )
    d = send_one(zone_a)
    assert _Internal.hits == []
    (attempt,) = Attempt.objects.filter(delivery=d)
    assert (attempt.status_code, attempt.error) == (None, "blocked:loopback 127.0.0.1")
    page = client_for(sysadmin).get(reverse("exchange:subscriber_detail", args=[sub.pk])).content.decode()
    assert "接收地址解析为本机回环地址 127.0.0.1，不在允许的网段内，未发送" in page
    assert "403" not in page  # nothing of what an internal service would answer


def test_an_internal_address_stored_before_the_check_is_refused_at_send(sysadmin, zone_a, internal):
    sub, _secret = subscriber_create(actor=sysadmin, name="旧", url=f"https://{PUBLIC}/in", kinds=[KIND])
    Subscriber.objects.filter(pk=sub.pk).update(url=f"http://127.0.0.1:{internal}/")  # saved before the check
    d = send_one(zone_a)
    assert _Internal.hits == []
    assert d.last_error == "blocked:loopback 127.0.0.1" and d.last_status_code is None


def test_the_post_goes_to_the_checked_address_with_the_name_in_the_host_header(
    sysadmin, zone_a, settings, dns
):
    """The name is looked up once per send; a second answer (here an internal one) is never used."""
    settings.DEVZONE_EXCHANGE_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    with Receiver() as receiver:
        port = receiver.server.server_address[1]
        dns[NAME] = ["127.0.0.1", "127.0.0.1", "10.9.9.9"]  # saved, sent; a second lookup would get 10.9.9.9
        _sub, receiver.secret = subscriber_create(
            actor=sysadmin, name="省平台", url=f"http://{NAME}:{port}/events", kinds=[KIND]
        )
        d = send_one(zone_a)
    assert d.last_status_code == 200 and len(receiver.applied) == 1
    assert dns.lookups == [NAME, NAME]  # once when saved, once for the send
    assert receiver.requests[0]["host"] == f"{NAME}:{port}"


def _internal_on(host: str, port: int) -> ThreadingHTTPServer:
    """The internal service (``_Internal``) on ``host`` at ``port``: another loopback address, the same port as
    the receiver, so that a connection that resolved the name again would reach it instead."""
    server = ThreadingHTTPServer((host, port), _Internal)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.mark.parametrize("scheme", ["http", "https"])
def test_the_connection_goes_to_the_checked_address_whatever_dns_answers_when_it_connects(
    sysadmin, zone_a, settings, dns, monkeypatch, scheme
):
    """The send's check approves 127.0.0.1; from then on the DNS answers 127.0.0.2, where an internal service
    listens on the same port. The POST (for https, the handshake naming the host) reaches the checked address;
    the internal service sees nothing."""
    monkeypatch.setattr(_Internal, "hits", [])
    settings.DEVZONE_EXCHANGE_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    sni: list = []
    with contextlib.ExitStack() as stack:
        if scheme == "http":
            receiver = stack.enter_context(Receiver())
            port = receiver.server.server_address[1]
        else:
            listener = stack.enter_context(contextlib.closing(_tls_server(sni)))
            port = listener.getsockname()[1]
        internal = _internal_on("127.0.0.2", port)
        stack.callback(internal.server_close)
        stack.callback(internal.shutdown)
        dns[NAME] = ["127.0.0.1", "127.0.0.1", "127.0.0.2"]  # saved, checked at the send; then rebound
        _sub, secret = subscriber_create(
            actor=sysadmin, name="省平台", url=f"{scheme}://{NAME}:{port}/events", kinds=[KIND]
        )
        if scheme == "http":
            receiver.secret = secret
        d = send_one(zone_a)
        assert socket.getaddrinfo(NAME, port)[0][4][0] == "127.0.0.2"  # what a lookup answers by now
    assert _Internal.hits == []
    if scheme == "http":
        assert d.last_status_code == 200 and len(receiver.applied) == 1
        assert receiver.requests[0]["host"] == f"{NAME}:{port}"
    else:
        assert sni == [NAME]  # the handshake reached the checked address, naming the host
        assert d.last_error == "tls_certificate"


def _tls_server(sni: list):
    """An https server on 127.0.0.1 with a self-signed certificate for NAME that records the TLS server name."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, NAME)])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(NAME)]), critical=False)
        .sign(key, hashes.SHA256())
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    import tempfile

    with tempfile.NamedTemporaryFile("wb", suffix=".pem", delete=False) as pem:
        pem.write(cert.public_bytes(serialization.Encoding.PEM))
        pem.write(
            key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
    context.load_cert_chain(pem.name)
    context.sni_callback = lambda sock, name, ctx: sni.append(name)
    listener = socket.create_server(("127.0.0.1", 0))

    def serve():
        try:
            conn, _ = listener.accept()
            with context.wrap_socket(conn, server_side=True):
                pass
        except OSError:
            pass  # the client refuses the self-signed certificate

    threading.Thread(target=serve, daemon=True).start()
    return listener


def test_https_names_the_host_in_sni_and_checks_its_certificate(sysadmin, zone_a, settings, dns):
    settings.DEVZONE_EXCHANGE_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    sni: list = []
    listener = _tls_server(sni)
    try:
        dns[NAME] = ["127.0.0.1"]
        subscriber_create(
            actor=sysadmin, name="省平台", url=f"https://{NAME}:{listener.getsockname()[1]}/in", kinds=[KIND]
        )
        d = send_one(zone_a)
    finally:
        listener.close()
    assert sni == [NAME]  # the name, not the address connected to
    assert d.last_error == "tls_certificate"  # checked against the name (and not trusted here)
