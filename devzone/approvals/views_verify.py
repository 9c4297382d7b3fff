"""Certificate pages: the public verification page (no login) and the downloads of a certificate's PDF, detached
signature and seal public key for logged-in users whose scope includes the certificate."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpResponse, JsonResponse, StreamingHttpResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from devzone.approvals import licences, selectors
from devzone.approvals import seal as crypto
from devzone.approvals.certificates import (
    format_code,
    max_pdf_bytes,
    max_pdf_mb,
    normalize_code,
    verify_by_code,
    verify_pdf,
)
from devzone.approvals.forms import YearForm
from devzone.approvals.models import Certificate
from devzone.approvals.ratelimit import PDF_UPLOADS, WRONG_CODES, refusal_message, retry_after
from devzone.core import files
from devzone.core.ratelimit import Limit, count, refused
from devzone.core.web import scoped_or_404

# Room for the multipart envelope and the CSRF field around a file of at most ``max_pdf_bytes()``.
_ENVELOPE = 64 * 1024


class _SizeLimitHandler(FileUploadHandler):
    """Stops reading an upload past the limit instead of spooling it to a temporary file."""

    def __init__(self, request, limit: int):
        super().__init__(request)
        self.limit = limit
        self.received = 0
        self.too_large = False

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            self.too_large = True
            raise StopUpload(connection_reset=False)  # the rest of the body is read and dropped
        return raw_data

    def file_complete(self, file_size):
        return None


def _too_large_by_header(request) -> bool:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > max_pdf_bytes() + _ENVELOPE
    except ValueError:
        return False


def _page(request, *, result=None, error: str = "", code: str = "", status: int = 200):
    return render(
        request,
        "approvals/verify.html",
        {
            "result": result,
            "error": error,
            "code": code,
            "max_mb": max_pdf_mb(),
        },
        status=status,
    )


def _too_many(request, limit: Limit, *, code: str = ""):
    """The page with the refusal of an address over ``limit`` (approvals.ratelimit): 429, ``Retry-After``."""
    response = _page(request, error=refusal_message(limit), code=code, status=429)
    response["Retry-After"] = retry_after(limit)
    return response


@csrf_exempt  # CSRF is checked below, once the size-limiting upload handler is in place
@require_http_methods(["GET", "POST"])
def verify_page(request):
    """GET: the form, or the verdict for ``?code=``. POST: the verdict for an uploaded PDF."""
    if request.method == "POST":
        if refused(PDF_UPLOADS, request):  # refuse before reading the body
            return _too_many(request, PDF_UPLOADS)
        count(PDF_UPLOADS, request)  # every upload: reading and hashing it is the cost
        if _too_large_by_header(request):  # refuse before reading the body
            return _page(request, error=_("文件超过%(n)dMB，无法核验") % {"n": max_pdf_mb()}, status=413)
        handler = _SizeLimitHandler(request, max_pdf_bytes())
        request.upload_handlers.insert(0, handler)
        try:  # parse here, so that a malformed body gets this page rather than a bare 400
            request.POST, request.FILES  # noqa: B018
        except (MultiPartParserError, BadRequest):
            return _page(request, error=_("上传的数据无法读取，请重新选择文件"), status=400)
        return _verify_upload(request, handler)
    raw = request.GET.get("code")
    if raw is None:
        return _page(request)
    if not raw.strip():
        return _page(request, error=_("请输入证照上的验证码"))
    return _code_verdict(request, raw)


@csrf_protect
def _verify_upload(request, handler: _SizeLimitHandler):
    upload = request.FILES.get("pdf")
    if handler.too_large:
        return _page(request, error=_("文件超过%(n)dMB，无法核验") % {"n": max_pdf_mb()}, status=413)
    if upload is None:
        return _page(request, error=_("请选择要核验的证照PDF文件"), status=400)
    if upload.size == 0:
        return _page(request, error=_("文件为空，请选择证照PDF文件"), status=400)
    data = upload.read(max_pdf_bytes() + 1)
    return _page(request, result=verify_pdf(data))


@require_http_methods(["GET"])
def verify_code_page(request, code: str):
    """/verify/<code>/: where the certificate's QR code points."""
    return _code_verdict(request, code)


def _code_verdict(request, code: str):
    # Guessing codes is slow: unknown codes per address are limited (approvals.ratelimit); genuine ones count
    # nothing.
    if refused(WRONG_CODES, request):
        return _too_many(request, WRONG_CODES, code=code.strip()[:40])
    result = verify_by_code(code)
    if result.unknown_code:
        count(WRONG_CODES, request)
    normalized = normalize_code(code)
    return _page(request, result=result, code=format_code(normalized) if normalized else code.strip()[:40])


# --- Downloads for users in scope ---------------------------------------------------------------------


def _certificate(request, pk: int) -> Certificate:
    return scoped_or_404(
        Certificate.objects.for_user(request.user).select_related("seal"), pk, user=request.user
    )


@login_required
@require_http_methods(["GET"])
def certificate_pdf(request, pk: int):
    cert = _certificate(request, pk)
    return files.download(request, cert.pdf, filename=f"{cert.number}.pdf", content_type="application/pdf")


@login_required
@require_http_methods(["GET"])
def certificate_signature(request, pk: int):
    """The detached SM2 signature of the PDF (DER), for ``openssl pkeyutl -verify`` (see seal.py)."""
    cert = _certificate(request, pk)
    response = HttpResponse(bytes.fromhex(cert.signature), content_type="application/octet-stream")
    response["Content-Disposition"] = f'attachment; filename="{cert.number}.sig"'
    return response


@login_required
@require_http_methods(["GET"])
def certificate_seal_key(request, pk: int):
    """The public key (SubjectPublicKeyInfo PEM) of the seal that signed the certificate."""
    cert = _certificate(request, pk)
    response = HttpResponse(
        crypto.public_key_pem(cert.seal.public_key), content_type="application/x-pem-file"
    )
    response["Content-Disposition"] = f'attachment; filename="seal-{cert.seal.serial}.pem"'
    return response


# --- Licence records (电子证照元数据, approvals.licences) ------------------------------------------------

RECORD_SELECT = ("seal", "zone", "application__item")


@login_required
@require_http_methods(["GET"])
def certificate_metadata(request, pk: int):
    """One certificate's licence record (JSON)."""
    cert = scoped_or_404(
        Certificate.objects.for_user(request.user).select_related(*RECORD_SELECT), pk, user=request.user
    )
    return JsonResponse(
        {"elements": licences.ELEMENTS, "record": licences.licence_record(cert)},
        json_dumps_params={"ensure_ascii": False},
    )


@login_required
@require_http_methods(["GET"])
def certificate_metadata_bulk(request):
    """The records of every certificate in the user's scope issued in ``?year=`` (this year by default), as JSON
    Lines: one record per line, streamed (a zone issues tens of thousands a year)."""
    form = YearForm(request.GET)
    if not form.is_valid():
        return JsonResponse(
            {"status": 400, "title": _("年份无效")}, status=400, json_dumps_params={"ensure_ascii": False}
        )
    year = form.cleaned_data["year"]
    rows = (
        Certificate.objects.for_user(request.user)
        .filter(issued_on__year=year)
        .select_related(*RECORD_SELECT)
        .order_by("pk")
    )
    lines = (
        json.dumps(licences.licence_record(c), ensure_ascii=False) + "\n"
        for c in rows.iterator(chunk_size=500)
    )
    response = StreamingHttpResponse(lines, content_type="application/x-ndjson; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="licences-{year}.jsonl"'
    return response


@require_http_methods(["GET"])
def revocations(request):
    """The public list of revoked certificates (no login), newest first: number, issuer, date, where to check."""
    return JsonResponse(
        {"revoked": [licences.revocation_record(c) for c in selectors.revoked_certificates()]},
        json_dumps_params={"ensure_ascii": False},
    )
