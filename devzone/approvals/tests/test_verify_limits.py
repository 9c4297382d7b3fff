"""The public certificate verification's rate limits (approvals.ratelimit), page and API together, per client
address: unknown codes are counted (genuine ones are not), every PDF upload is counted; over a limit the API
answers 429 as problem+json and the page says so, both with ``Retry-After``."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from devzone.approvals import certificates as certs
from devzone.approvals.ratelimit import PDF_UPLOADS, WRONG_CODES
from devzone.approvals.tests.test_certificates import GRANTED_ON, pdf_of
from devzone.core.actors import system_actor

pytestmark = pytest.mark.django_db

API = "/api/v1/verify"
JUNK_PDF = b"%PDF-1.4 not a certificate"


def unknown(n: int) -> str:
    """A well-formed verify code that no certificate carries."""
    return f"ABCDEFGHJKMNPQ{n % 100:02d}"


def assert_api_refused(response, message: str, limit) -> None:
    assert response.status_code == 429
    assert response["Content-Type"].startswith("application/problem+json")
    assert response["Retry-After"] == str(limit.window_seconds)
    body = response.json()
    assert body["status"] == 429 and message in body["title"]


def assert_page_refused(response, message: str, limit) -> None:
    assert response.status_code == 429 and response["Retry-After"] == str(limit.window_seconds)
    assert message in response.text and 'data-verdict="error"' in response.text


def test_unknown_codes_are_limited_per_address_across_the_page_and_the_api(client, certificate):
    """A guesser switching between the page and the API gets the same budget; another address is not
    affected."""
    guesser = {"REMOTE_ADDR": "10.1.1.1"}
    half = WRONG_CODES.max_events // 2
    for n in range(half):
        assert client.get(reverse("verify:page"), {"code": unknown(n)}, **guesser).status_code == 200
    for n in range(half, WRONG_CODES.max_events):
        assert client.get(f"{API}/{unknown(n)}", **guesser).json()["status"] == "invalid"
    assert_api_refused(client.get(f"{API}/{unknown(99)}", **guesser), "验证码查询次数过多", WRONG_CODES)
    # while refused, the page says so plainly (even for a genuine code: the limit is the address's)
    page = client.get(reverse("verify:code", args=[certificate.verify_code]), **guesser)
    assert_page_refused(page, "无效验证码查询次数过多，请10分钟后再试", WRONG_CODES)
    # malformed codes count as unknown ones
    assert client.get(f"{API}/not-a-code", **guesser).status_code == 429
    other = {"REMOTE_ADDR": "10.2.2.2"}
    assert client.get(f"{API}/{certificate.verify_code}", **other).json()["status"] == "valid"
    assert client.get(f"{API}/{unknown(1)}", **other).json()["status"] == "invalid"


def test_genuine_codes_are_not_counted(client, certificate):
    """An office checking many genuine certificates from one NAT address is never refused, by page or API,
    revoked certificates included; its few typos do not add up with them."""
    office = {"REMOTE_ADDR": "10.3.3.3"}
    for n in range(WRONG_CODES.max_events + 5):
        if n % 2:
            response = client.get(f"{API}/{certificate.verify_code}", **office)
            assert response.status_code == 200 and response.json()["status"] == "valid"
        else:
            response = client.get(reverse("verify:code", args=[certificate.verify_code]), **office)
            assert response.status_code == 200 and 'data-verdict="valid"' in response.text
    certs.revoke_certificate(actor=system_actor(), certificate=certificate, on=GRANTED_ON, reason="撤销")
    for _ in range(5):
        assert client.get(f"{API}/{certificate.verify_code}", **office).json()["status"] == "revoked"
    assert WRONG_CODES.count("10.3.3.3") == 0
    assert client.get(f"{API}/{unknown(1)}", **office).json()["status"] == "invalid"
    assert WRONG_CODES.count("10.3.3.3") == 1


def test_every_pdf_upload_is_counted_per_address_across_the_page_and_the_api(client, certificate):
    """Checking a file is the expensive part: every upload counts, genuine or not; over the limit neither the
    page nor the API reads another file from that address, while another address still can."""
    sender = {"REMOTE_ADDR": "10.4.4.4"}
    genuine = pdf_of(certificate)
    page = reverse("verify:page")
    first = client.post(page, {"pdf": io.BytesIO(genuine)}, **sender)
    assert first.status_code == 200 and 'data-verdict="valid"' in first.text
    assert client.post(API, {"file": io.BytesIO(genuine)}, **sender).json()["status"] == "valid"
    for n in range(PDF_UPLOADS.max_events - 2):
        if n % 2:
            assert client.post(API, {"file": io.BytesIO(JUNK_PDF)}, **sender).status_code == 200
        else:
            assert client.post(page, {"pdf": io.BytesIO(JUNK_PDF)}, **sender).status_code == 200
    refused = client.post(API, {"file": io.BytesIO(genuine)}, **sender)
    assert_api_refused(refused, "上传核验次数过多", PDF_UPLOADS)
    refused_page = client.post(page, {"pdf": io.BytesIO(genuine)}, **sender)
    assert_page_refused(refused_page, "上传核验次数过多，请10分钟后再试", PDF_UPLOADS)
    # uploads and codes are separate budgets: the same address may still look a code up
    assert client.get(f"{API}/{certificate.verify_code}", **sender).json()["status"] == "valid"
    other = client.post(API, {"file": io.BytesIO(genuine)}, REMOTE_ADDR="10.5.5.5")
    assert other.status_code == 200 and other.json()["status"] == "valid"


def test_clients_behind_a_trusted_proxy_are_counted_apart(client, certificate, settings):
    """Behind the zone's reverse proxy the client's own address is counted (core.clientip), not the proxy's:
    one guesser does not lock out everyone else coming through the same proxy."""
    settings.DEVZONE_TRUSTED_PROXIES = ["10.9.0.0/16"]
    guesser = {"REMOTE_ADDR": "10.9.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.7"}
    for n in range(WRONG_CODES.max_events):
        client.get(f"{API}/{unknown(n)}", **guesser)
    assert client.get(f"{API}/{unknown(1)}", **guesser).status_code == 429
    # a forged header from the guesser's own side does not buy a new budget
    forged = {**guesser, "HTTP_X_FORWARDED_FOR": "198.51.100.1, 203.0.113.7"}
    assert client.get(f"{API}/{unknown(1)}", **forged).status_code == 429
    neighbour = {"REMOTE_ADDR": "10.9.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.8"}
    assert client.get(f"{API}/{certificate.verify_code}", **neighbour).json()["status"] == "valid"


def test_the_published_description_declares_the_429_and_its_retry_after(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    for operation, counted in (
        (paths["/api/v1/verify/{code}"]["get"], "unknown codes"),
        (paths["/api/v1/verify"]["post"], "PDF uploads"),
    ):
        answer = operation["responses"]["429"]
        assert counted in answer["description"]
        assert answer["headers"]["Retry-After"]["schema"] == {"type": "integer"}
        problem = answer["content"]["application/problem+json"]["schema"]
        assert problem == {"$ref": "#/components/schemas/Problem"}
