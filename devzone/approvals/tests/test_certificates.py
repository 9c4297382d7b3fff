"""Certificates under the zone's seal: issuing (PDF with embedded fonts, SM2 signature OpenSSL accepts), the key
at rest, rotation, revocation, and the public verification page and API, which never answer 500 to garbage."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from devzone.approvals import certificates as certs
from devzone.approvals import seal
from devzone.approvals.choices import CertificateStatus, Status
from devzone.approvals.models import (
    Application,
    ApprovalItem,
    ApprovalSeal,
    Certificate,
    Intake,
    SourceDepartment,
)
from devzone.core.actors import system_actor
from devzone.core.choices import Role
from devzone.core.errors import DomainError, NotFoundError, PermissionDeniedError
from devzone.core.models import AuditEvent
from devzone.testing import factories as f

OPENSSL = shutil.which("openssl")
GRANTED_ON = dt.date(2026, 11, 23)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
MB = 1024 * 1024

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _isolated_keys_and_files(settings, tmp_path, monkeypatch):
    """Certificates go to a temporary media root; the seal master key comes from the environment, so tests
    never write into var/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DEVZONE_PUBLIC_URL = "https://zwfw.example.gov.cn"
    monkeypatch.setenv(seal.MASTER_KEY_ENV, os.urandom(32).hex())


def make_application(zone, *, n: int = 1, result_type: str = "建设工程规划许可证") -> Application:
    """A granted application built with the ORM (the state machine is tested elsewhere)."""
    project = f.ProjectFactory(zone=zone, name=f"年产5万吨高性能复合材料项目{n}")
    dept, _ = SourceDepartment.objects.get_or_create(zone=zone, name="县住建委")
    item = ApprovalItem.objects.create(
        zone=zone,
        code=f"JS{n:04d}",
        name="建设工程规划许可",
        source_department=dept,
        legal_limit_days=20,
        promised_limit_days=10,
        result_type=result_type,
    )
    clerk = f.user_with_role(Role.WINDOW_CLERK, zone=zone, user__username=f"clerk_{zone.pk}_{n}")
    intake = Intake.objects.create(
        zone=zone,
        number=f"SL{zone.pk:02d}{n:06d}",
        project=project,
        enterprise=project.enterprise,
        channel="window",
        submitted_by=clerk,
        submitted_on=GRANTED_ON - dt.timedelta(days=10),
        applicant_name="王经办",
        applicant_phone="13800000000",
        construction_site="智造新城纬三路以北",
        construction_scale="总建筑面积42000平方米",
    )
    return Application.objects.create(
        zone=zone,
        intake=intake,
        item=item,
        project=project,
        enterprise=project.enterprise,
        status=Status.GRANTED,
        submitted_on=intake.submitted_on,
        concluded_on=GRANTED_ON,
    )


@pytest.fixture
def jibei(city):
    return f.ZoneFactory(city=city, name="济南济北经济开发区", short_name="济北经济开发区")


@pytest.fixture
def certificate(zone_a) -> Certificate:
    app = make_application(zone_a)
    return certs.issue_certificate(
        actor=system_actor(),
        application=app,
        issued_on=GRANTED_ON,
        valid_until=GRANTED_ON + dt.timedelta(days=365),
    )


def pdf_of(cert: Certificate) -> bytes:
    with cert.pdf.open("rb") as fh:
        return fh.read()


# --- Issuing -------------------------------------------------------------------------------------------


def test_it_issues_a_signed_certificate_and_gives_the_zone_a_seal(zone_a):
    assert not ApprovalSeal.objects.filter(zone=zone_a).exists()
    app = make_application(zone_a)
    cert = certs.issue_certificate(actor=system_actor(), application=app, issued_on=GRANTED_ON)
    data = pdf_of(cert)
    assert data.startswith(b"%PDF-")
    the_seal = ApprovalSeal.objects.get(zone=zone_a)
    assert the_seal.is_active and cert.seal == the_seal
    assert cert.number == f"{certs.zone_prefix(zone_a)}SP2026000001"
    assert len(cert.verify_code) == 16 and set(cert.verify_code) <= set(certs.CODE_ALPHABET)
    assert (cert.holder, cert.holder_credit_code) == (app.enterprise.name, app.enterprise.credit_code)
    assert cert.title == "建设工程规划许可证" and cert.issued_on == GRANTED_ON and cert.valid_until is None
    assert cert.digest_sm3 == seal.sm3_hex(data)
    assert seal.verify(the_seal.public_key, data, bytes.fromhex(cert.signature))
    assert cert.structure["structure"] == "SES_Signature"
    assert cert.structure["toSign"]["dataHash"] == cert.digest_sm3
    assert cert.structure["toSign"]["eseal"]["esID"] == the_seal.serial
    assert seal.verify_seal_record(the_seal.structure, the_seal.public_key)
    assert AuditEvent.objects.filter(object_id=str(cert.pk), note__contains="签发电子证照").exists()
    with pytest.raises(DomainError, match="已签发"):
        certs.issue_certificate(actor=system_actor(), application=app, issued_on=GRANTED_ON)


def test_the_pdf_shows_the_facts_and_embeds_its_chinese_fonts(certificate):
    reader = PdfReader(io.BytesIO(pdf_of(certificate)))
    assert len(reader.pages) == 1
    text = "".join(reader.pages[0].extract_text().split())  # letter-spaced titles extract with spaces
    app = certificate.application
    for fact in (
        certificate.number,
        app.enterprise.name,
        app.enterprise.credit_code,
        app.project.name,
        "建设工程规划许可证",
        "2026年11月23日",
        "自2026年11月23日至2027年11月23日",
        certs.format_code(certificate.verify_code),
    ):
        assert "".join(fact.split()) in text, fact
    fonts = []
    for ref in reader.pages[0]["/Resources"]["/Font"].values():
        font = ref.get_object()
        descendants = font.get("/DescendantFonts")
        described = descendants[0].get_object() if descendants else font
        descriptor = described["/FontDescriptor"].get_object()
        fonts.append(
            (str(font["/BaseFont"]), any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")))
        )
    assert any("CJK-SC" in name for name, _ in fonts)
    assert all(embedded for _, embedded in fonts), fonts


@pytest.mark.skipif(OPENSSL is None, reason="the openssl binary is not installed")
def test_openssl_verifies_the_certificate_with_the_seals_public_key(certificate, tmp_path):
    (tmp_path / "cert.pdf").write_bytes(pdf_of(certificate))
    (tmp_path / "sig.der").write_bytes(bytes.fromhex(certificate.signature))
    (tmp_path / "pub.pem").write_text(seal.public_key_pem(certificate.seal.public_key))

    def openssl_verify(pdf: str) -> subprocess.CompletedProcess:
        return subprocess.run(  # noqa: S603
            [OPENSSL, "pkeyutl", "-verify", "-rawin", "-digest", "sm3", "-pubin", "-inkey", "pub.pem",
             "-sigfile", "sig.der", "-in", pdf, "-pkeyopt", "distid:1234567812345678"],
            cwd=tmp_path, capture_output=True, text=True, check=False,
        )  # fmt: skip

    done = openssl_verify("cert.pdf")
    assert "Signature Verified Successfully" in done.stdout, done.stderr
    tampered = bytearray(pdf_of(certificate))
    tampered[len(tampered) // 2] ^= 0x01
    (tmp_path / "tampered.pdf").write_bytes(bytes(tampered))
    assert "Signature Verified Successfully" not in openssl_verify("tampered.pdf").stdout


def test_numbers_follow_zone_letters_year_and_sequence(jibei):
    assert certs.zone_prefix(jibei) == "JB"
    first = certs.issue_certificate(
        actor=system_actor(), application=make_application(jibei, n=1), issued_on=GRANTED_ON
    )
    second = certs.issue_certificate(
        actor=system_actor(), application=make_application(jibei, n=2), issued_on=GRANTED_ON
    )
    assert (first.number, second.number) == ("JBSP2026000001", "JBSP2026000002")
    assert first.seal == second.seal and first.verify_code != second.verify_code


def test_the_private_key_is_never_stored_in_clear(certificate):
    row = ApprovalSeal.objects.get(pk=certificate.seal_id)
    private_key = seal.decrypt_private_key(
        row.private_key_encrypted, master_key=seal.load_master_key(None), context=row.serial
    )
    assert seal.public_key_of(private_key) == row.public_key
    stored = [str(v) for v in ApprovalSeal.objects.filter(pk=row.pk).values().get().values()]
    stored += [str(e.changes) + e.note for e in AuditEvent.objects.all()]
    stored += [str(certificate.structure), str(row.structure)]
    for text in stored:
        assert private_key not in text.lower()


# --- Verification --------------------------------------------------------------------------------------


def test_a_genuine_pdf_and_its_code_verify_as_valid(certificate):
    by_pdf = certs.verify_pdf(pdf_of(certificate))
    assert by_pdf.status == "valid" and by_pdf.label == "有效"
    assert (by_pdf.number, by_pdf.holder, by_pdf.title) == (
        certificate.number,
        certificate.holder,
        certificate.title,
    )
    assert by_pdf.issued_on == GRANTED_ON and by_pdf.seal_serial == certificate.seal.serial
    assert by_pdf.zone == certificate.zone.name
    assert by_pdf.issuer == f"{certificate.zone.name}管理委员会"
    typed = certs.format_code(certificate.verify_code).lower()  # as a person types it from paper
    assert certs.verify_by_code(typed).status == "valid"


def test_any_single_changed_byte_makes_the_pdf_invalid(certificate):
    original = pdf_of(certificate)

    @settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(position=st.integers(min_value=0, max_value=len(original) - 1), flip=st.integers(1, 255))
    def check(position, flip):
        tampered = bytearray(original)
        tampered[position] ^= flip
        result = certs.verify_pdf(bytes(tampered))
        assert result.status == "invalid" and result.label == "无效"
        assert result.number == ""  # an invalid file learns nothing about stored certificates

    check()
    assert certs.verify_pdf(original + b"\n").status == "invalid"  # appended bytes too
    assert certs.verify_pdf(original[:-1]).status == "invalid"


def test_a_tampered_archive_is_not_vouched_for(certificate):
    with open(certificate.pdf.path, "r+b") as fh:
        fh.seek(100)
        byte = fh.read(1)
        fh.seek(100)
        fh.write(bytes([byte[0] ^ 0xFF]))
    assert certs.verify_by_code(certificate.verify_code).status == "invalid"


def test_unknown_and_malformed_codes_are_invalid(certificate):
    assert certs.verify_by_code("2" * 16).status == "invalid"
    for junk in (
        "",
        None,
        "abc",
        "O" * 16,
        "1" * 16,
        "x" * 1000,
        "'; drop table --",
        "验证码验证码验证码验证码验证码验证",
    ):
        assert certs.verify_by_code(junk).status == "invalid"


def test_a_revoked_certificate_reads_revoked(certificate):
    certs.revoke_certificate(
        actor=system_actor(),
        certificate=certificate,
        on=GRANTED_ON + dt.timedelta(days=30),
        reason="违反告知承诺",
    )
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.REVOKED
    for result in (certs.verify_by_code(certificate.verify_code), certs.verify_pdf(pdf_of(certificate))):
        assert result.status == "revoked" and result.label == "已撤销"
        assert result.revoked_on == GRANTED_ON + dt.timedelta(days=30)
    with pytest.raises(DomainError, match="已撤销"):
        certs.revoke_certificate(actor=system_actor(), certificate=certificate, on=GRANTED_ON, reason="again")


def test_rotation_keeps_older_certificates_verifiable(zone_a, zone_a_leader, zone_b_leader, zone_a_reviewer):
    old_cert = certs.issue_certificate(
        actor=system_actor(), application=make_application(zone_a, n=1), issued_on=GRANTED_ON
    )
    old_seal = old_cert.seal
    with pytest.raises(PermissionDeniedError):
        certs.seal_rotate(actor=zone_a_reviewer, zone=zone_a)
    with pytest.raises(NotFoundError):
        certs.seal_rotate(actor=zone_b_leader, zone=zone_a)
    new_seal = certs.seal_rotate(actor=zone_a_leader, zone=zone_a)
    old_seal.refresh_from_db()
    assert not old_seal.is_active and old_seal.retired_at is not None
    assert (
        new_seal.is_active and new_seal.public_key != old_seal.public_key and new_seal.name == old_seal.name
    )
    new_cert = certs.issue_certificate(
        actor=system_actor(), application=make_application(zone_a, n=2), issued_on=GRANTED_ON
    )
    assert new_cert.seal == new_seal
    for cert in (old_cert, new_cert):
        assert certs.verify_pdf(pdf_of(cert)).status == "valid"
        assert certs.verify_by_code(cert.verify_code).seal_serial == cert.seal.serial
    # the old signature does not verify under the new key: each certificate really is checked with its own seal
    assert not seal.verify(new_seal.public_key, pdf_of(old_cert), bytes.fromhex(old_cert.signature))


def test_a_zone_with_an_active_seal_gets_no_second_one(zone_a):
    certs.seal_create(actor=system_actor(), zone=zone_a)
    with pytest.raises(DomainError, match="轮换"):
        certs.seal_create(actor=system_actor(), zone=zone_a)


# --- The public page and API -----------------------------------------------------------------------------


def test_the_public_page_verifies_codes_and_files_anonymously(client, certificate):
    page = reverse("verify:page")
    assert client.get(page).status_code == 200
    by_qr = client.get(reverse("verify:code", args=[certificate.verify_code]))
    assert by_qr.status_code == 200 and 'data-verdict="valid"' in by_qr.text and "有效" in by_qr.text
    assert certificate.holder in by_qr.text
    upload = client.post(page, {"pdf": io.BytesIO(pdf_of(certificate))})
    assert upload.status_code == 200 and 'data-verdict="valid"' in upload.text
    tampered = bytearray(pdf_of(certificate))
    tampered[-20] ^= 0x20
    bad = client.post(page, {"pdf": io.BytesIO(bytes(tampered))})
    assert 'data-verdict="invalid"' in bad.text and "无效" in bad.text and certificate.holder not in bad.text


def test_the_public_page_shows_revoked(client, certificate):
    certs.revoke_certificate(
        actor=system_actor(), certificate=certificate, on=GRANTED_ON, reason="违反告知承诺"
    )
    response = client.get(reverse("verify:page"), {"code": certificate.verify_code})
    assert 'data-verdict="revoked"' in response.text and "已撤销" in response.text
    assert "违反告知承诺" not in response.text  # the reason is not public


@pytest.mark.parametrize(
    ("upload", "status", "expected"),
    [
        (b"", 400, "文件为空"),
        (PNG, 200, "不是PDF文件"),
        (b"%PDF-1.7\n garbage that is no certificate", 200, "不一致"),
        (b"%PDF-" + b"\x00" * (30 * MB), 413, "超过20MB"),
    ],
    ids=["empty", "png", "fake-pdf", "30MB"],
)
def test_the_public_page_answers_garbage_uploads_with_a_message(client, upload, status, expected):
    response = client.post(reverse("verify:page"), {"pdf": io.BytesIO(upload)})
    assert response.status_code == status
    assert expected in response.text


def test_the_public_page_refuses_oversized_bodies_before_reading_them(client):
    response = client.post(
        reverse("verify:page"), data=b"x" * 10, content_type="multipart/form-data; boundary=z",
        CONTENT_LENGTH=str(30 * MB),
    )  # fmt: skip
    assert response.status_code == 413 and "超过20MB" in response.text


def test_the_public_page_answers_garbage_codes_and_bodies_without_error(client):
    for code in ("", "   ", "2" * 16, "x" * 500, "<script>alert(1)</script>", "验证"):
        response = client.get(reverse("verify:page"), {"code": code})
        assert response.status_code == 200
        assert "<script>alert(1)</script>" not in response.text
    assert client.get(reverse("verify:code", args=["NOT-A-REAL-CODE"])).status_code == 200
    assert client.post(reverse("verify:page"), {}).status_code == 400  # no file chosen
    broken = client.post(
        reverse("verify:page"), data=b"--z\r\nContent-Disposition: form-data; name=\"pdf\"; filename=",
        content_type="multipart/form-data; boundary=z",
    )  # fmt: skip
    assert broken.status_code in (200, 400)


def test_the_upload_form_is_csrf_protected(certificate):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post(reverse("verify:page"), {"pdf": io.BytesIO(pdf_of(certificate))}).status_code == 403
    form = strict.get(reverse("verify:page"))
    token = form.cookies["csrftoken"].value
    ok = strict.post(
        reverse("verify:page"), {"pdf": io.BytesIO(pdf_of(certificate)), "csrfmiddlewaretoken": token}
    )
    assert ok.status_code == 200 and 'data-verdict="valid"' in ok.text


def test_the_api_verifies_anonymously(client, certificate):
    by_code = client.get(f"/api/v1/verify/{certificate.verify_code}")
    assert by_code.status_code == 200
    body = by_code.json()
    assert body["status"] == "valid" and body["label"] == "有效" and body["number"] == certificate.number
    assert body["holder"] == certificate.holder and body["issued_on"] == GRANTED_ON.isoformat()
    assert body["seal_serial"] == certificate.seal.serial
    by_pdf = client.post("/api/v1/verify", {"file": io.BytesIO(pdf_of(certificate))})
    assert by_pdf.status_code == 200 and by_pdf.json()["status"] == "valid"
    certs.revoke_certificate(actor=system_actor(), certificate=certificate, on=GRANTED_ON, reason="撤销")
    assert client.get(f"/api/v1/verify/{certificate.verify_code}").json()["label"] == "已撤销"


@pytest.mark.parametrize(
    ("upload", "status", "verdict"),
    [
        (b"", 400, None),
        (PNG, 200, "invalid"),
        (b"%PDF-1.4 not a certificate", 200, "invalid"),
        (b"%PDF-" + b"\x00" * (30 * MB), 413, None),
    ],
    ids=["empty", "png", "fake-pdf", "30MB"],
)
def test_the_api_answers_garbage_uploads_without_error(client, upload, status, verdict):
    response = client.post("/api/v1/verify", {"file": io.BytesIO(upload)})
    assert response.status_code == status, response.content[:300]
    body = response.json()
    if verdict:
        assert body["status"] == verdict and body["message"]
    else:
        assert body["title"]  # problem+json with a message


def test_the_api_answers_garbage_codes_and_requests_without_error(client):
    for code in ("2" * 16, "abc", "x" * 300, "%E9%AA%8C"):
        response = client.get(f"/api/v1/verify/{code}")
        assert response.status_code == 200 and response.json()["status"] == "invalid"
    assert client.post("/api/v1/verify", {}).status_code == 422  # no file field


# --- Downloads for users in scope ----------------------------------------------------------------------


@pytest.mark.isolation
def test_downloads_are_for_users_in_scope(
    client_for, certificate, zone_a_reviewer, zone_b_leader, enterprise_user, client
):
    names = ("certificates:pdf", "certificates:signature", "certificates:seal_key")
    urls = [reverse(name, args=[certificate.pk]) for name in names]
    reviewer = client_for(zone_a_reviewer)
    pdf, sig, pem = (reviewer.get(url) for url in urls)
    assert all(r.status_code == 200 for r in (pdf, sig, pem))
    data = b"".join(pdf.streaming_content)
    assert data == pdf_of(certificate)
    assert seal.verify(seal.public_key_from_pem(pem.content.decode()), data, sig.content)
    assert f"{certificate.number}.pdf" in pdf["Content-Disposition"]
    for url in urls:
        assert client_for(zone_b_leader).get(url).status_code == 404  # another zone: not even its existence
        assert client_for(enterprise_user).get(url).status_code == 404  # another enterprise's certificate
        assert client.get(url).status_code == 302  # anonymous: to the login page


def test_the_holder_downloads_its_own_certificate(client_for, certificate):
    holder = f.user_with_role(Role.ENTERPRISE_USER, enterprise=certificate.application.enterprise)
    assert client_for(holder).get(reverse("certificates:pdf", args=[certificate.pk])).status_code == 200


# --- The management command --------------------------------------------------------------------------


def test_the_seal_command_creates_rotates_and_exports(jibei, capsys):
    leader = f.user_with_role(Role.ZONE_LEADER, zone=jibei, user__username="jb_leader")
    call_command("seal", "create", "--zone", "济北经济开发区")
    first = ApprovalSeal.objects.get(zone=jibei, is_active=True)
    assert first.name == "济南济北经济开发区管理委员会行政审批专用章"
    with pytest.raises(CommandError, match="轮换"):
        call_command("seal", "create", "--zone", "济北经济开发区")
    with pytest.raises(CommandError, match="不存在"):
        call_command("seal", "create", "--zone", "没有这个开发区")
    call_command("seal", "rotate", "--zone", "济北经济开发区", "--as", "jb_leader")
    second = ApprovalSeal.objects.get(zone=jibei, is_active=True)
    assert second != first and leader.is_active
    capsys.readouterr()
    call_command("seal", "export-public", "--zone", "济南济北经济开发区")
    out = capsys.readouterr().out
    assert seal.public_key_from_pem(out) == second.public_key
    call_command("seal", "export-public", "--zone", "济北经济开发区", "--all")
    assert capsys.readouterr().out.count("BEGIN PUBLIC KEY") == 2


def test_the_verification_address_is_always_a_full_url(settings):
    from django.core.checks import run_checks

    from devzone.approvals.certificates import verify_url

    settings.DEVZONE_PUBLIC_URL = "http://127.0.0.1:8000"  # the default (make demo: its own host and port)
    assert verify_url("ABCDEFGHJKMNPQRS").startswith("http://127.0.0.1:8000/verify/")
    assert any(m.id == "devzone.W001" for m in run_checks(include_deployment_checks=True))
    settings.DEVZONE_PUBLIC_URL = "https://zwfw.example.gov.cn/"
    assert verify_url("ABCDEFGHJKMNPQRS") == "https://zwfw.example.gov.cn/verify/ABCDEFGHJKMNPQRS/"
    assert not any(m.id == "devzone.W001" for m in run_checks(include_deployment_checks=True))


def test_a_filing_certificate_says_filed_not_licensed(zone_a):
    """A 备案 is not a 行政许可: its certificate's wording comes from the item's result type."""
    app = make_application(zone_a, n=7, result_type="山东省建设项目备案证明")
    ApprovalItem.objects.filter(pk=app.item_id).update(
        legal_nature="filing",
        result_kind="filing_proof",
        legal_basis="《企业投资项目核准和备案管理条例》第十三条",
    )
    app.item.refresh_from_db()
    cert = certs.issue_certificate(actor=system_actor(), application=app, issued_on=GRANTED_ON)
    text = "".join(PdfReader(io.BytesIO(pdf_of(cert))).pages[0].extract_text().split())
    assert "本事项已予备案，特此证明" in text
    assert "准予行政许可" not in text and "特发此证" not in text and "许可事项" not in text


def test_guessing_verification_codes_is_rate_limited_per_address(client, certificate):
    """Wrong codes per address are limited (shared cache); a genuine code counts nothing, another address is
    not affected."""
    genuine = client.get(reverse("verify:code", args=[certificate.verify_code]), REMOTE_ADDR="10.1.1.1")
    assert genuine.status_code == 200
    statuses = [
        client.get(
            reverse("verify:page"), {"code": f"ABCDEFGHJKMNPQ{n:02d}"}, REMOTE_ADDR="10.1.1.1"
        ).status_code
        for n in range(61)
    ]
    assert (
        statuses[-1] == 429
        and "查询次数过多"
        in client.get(
            reverse("verify:page"), {"code": certificate.verify_code}, REMOTE_ADDR="10.1.1.1"
        ).content.decode()
    )
    other = client.get(reverse("verify:code", args=[certificate.verify_code]), REMOTE_ADDR="10.2.2.2")
    assert other.status_code == 200 and "证照真实" in other.content.decode()
