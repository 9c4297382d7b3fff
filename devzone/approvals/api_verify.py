"""Public certificate verification API (no login): by verify code, or by the uploaded PDF.

Mounted with ``api.add_router("/v1/verify", router)``. Both answer 200 with a verdict (valid / revoked /
invalid) whenever the input could be read; an empty upload is 400 and one over the upload limit (20 MB) is 413
(problem+json). A client address over a limit of ``approvals.ratelimit`` (unknown codes, PDF uploads; shared
with the page) is answered 429 (problem+json) with ``Retry-After``."""

from __future__ import annotations

import datetime as dt

from django.http import JsonResponse
from django.utils.translation import gettext as _
from ninja import File, Router, Schema
from ninja.files import UploadedFile

from devzone.approvals.certificates import max_pdf_bytes, max_pdf_mb, verify_by_code, verify_pdf
from devzone.approvals.ratelimit import PDF_UPLOADS, WRONG_CODES, refusal_message, retry_after
from devzone.core.errors import DomainError
from devzone.core.ratelimit import Limit, count, refused

router = Router(tags=["verify"], auth=None)


class UploadTooLargeError(DomainError):
    status = 413


class VerifyOut(Schema):
    status: str  # valid | revoked | invalid
    label: str  # 有效 | 已撤销 | 无效
    message: str
    number: str
    holder: str
    title: str
    issued_on: dt.date | None
    valid_until: dt.date | None
    zone: str
    issuer: str
    seal_serial: str
    revoked_on: dt.date | None
    expired: bool


def _too_many_responses(what: str) -> dict:
    """The operation's own 429 in the published description (it replaces the generic one ``devzone.api`` adds):
    what is counted, the problem document, and the ``Retry-After`` header."""
    problem = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    header = {
        "description": "Seconds to wait before trying again (at most the limit's window)",
        "required": True,
        "schema": {"type": "integer"},
    }
    return {
        "responses": {"429": {"description": what, "headers": {"Retry-After": header}, "content": problem}}
    }


def _too_many(limit: Limit) -> JsonResponse:
    """The problem document (as ``devzone.api`` writes every error) of an address over ``limit``."""
    response = JsonResponse(
        {"status": 429, "title": refusal_message(limit)},
        status=429,
        content_type="application/problem+json; charset=utf-8",
        json_dumps_params={"ensure_ascii": False},
    )
    response["Retry-After"] = retry_after(limit)
    return response


@router.get(
    "/{code}",
    response=VerifyOut,
    operation_id="certificate_verify_code",
    summary="按验证码核验证照",
    openapi_extra=_too_many_responses(
        f"Too many unknown codes from this client address ({WRONG_CODES.max_events} in "
        f"{WRONG_CODES.window_seconds // 60} minutes, page and API together; genuine codes are not counted)"
    ),
)
def certificate_verify_code(request, code: str):
    """The verdict for a verify code; malformed and unknown codes are counted per client address."""
    if refused(WRONG_CODES, request):
        return _too_many(WRONG_CODES)
    result = verify_by_code(code)
    if result.unknown_code:
        count(WRONG_CODES, request)
    return result.as_dict()


@router.post(
    "",
    response=VerifyOut,
    operation_id="certificate_verify_pdf",
    summary="上传证照PDF核验",
    openapi_extra=_too_many_responses(
        f"Too many PDF uploads from this client address ({PDF_UPLOADS.max_events} in "
        f"{PDF_UPLOADS.window_seconds // 60} minutes, page and API together; every upload is counted)"
    ),
)
def certificate_verify_pdf(request, file: File[UploadedFile]):
    """The PDF (multipart field ``file``, at most the platform's upload limit, 20 MB by default). Every upload is
    counted per client address."""
    if refused(PDF_UPLOADS, request):
        return _too_many(PDF_UPLOADS)
    count(PDF_UPLOADS, request)
    if file.size is None or file.size == 0:
        raise DomainError(_("文件为空，请选择证照PDF文件"), {"file": [_("文件为空")]})
    if file.size > max_pdf_bytes():
        mb = {"mb": max_pdf_mb()}
        raise UploadTooLargeError(
            _("文件超过%(mb)dMB，无法核验") % mb, {"file": [_("文件超过%(mb)dMB") % mb]}
        )
    return verify_pdf(file.read(max_pdf_bytes() + 1)).as_dict()
