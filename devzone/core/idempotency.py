"""``Idempotency-Key`` on the API's creating requests (POST): the request and the keeping of its answer run in
one transaction, so a retry with the same key — after a connection dropped once the first had committed — gets
the first answer and creates nothing. Two copies racing each other: the second's insert of the key fails on the
unique constraint, its work is rolled back, and it answers what the first stored. The same key with another
body is refused (422). Keys are scoped to the credential that sent them and kept for a day.

An answer that carries a secret shown once — a new API token, a one-time link to set a password — is never kept:
the table and every backup of the database would hold it in clear for a day. Its operation marks the request
(``answer_holds_secret``); the middleware keeps only that the key was used, and a retry with it gets a 409 ("already
done; the one-time credential is not sent again") instead of the secret, so the caller looks the result up (the
token list, the person) and asks for a new credential if the first answer was lost. The answer itself goes out
with ``Cache-Control: no-store``.

A view that leaves no trace (``core.secrecy``: the secret ballot, the anonymous survey answer) is passed through
untouched: no answer row is looked up or kept for it. The row, written with its time in the transaction that
spends the ballot code, would pair a request (and the credential or session that sent it) with the moment of a
vote. Such a view guards against a second submission itself (a spent code, a closed link)."""

from __future__ import annotations

import hashlib

from django.db import IntegrityError, transaction
from django.http import HttpResponse, JsonResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from devzone.core.models.idempotency import IdempotentAnswer
from devzone.core.secrecy import path_is_no_trace

HEADER = "HTTP_IDEMPOTENCY_KEY"
_MARK = "_devzone_answer_holds_secret"
# What is kept of an answer that held a one-time secret: its status and an empty body (no real answer is a 409
# without a problem document).
WITHHELD = 409


def answer_holds_secret(request) -> None:
    """The answer to this request carries a secret shown once (an API token, a one-time link): it is sent with
    ``Cache-Control: no-store`` and never kept for an ``Idempotency-Key`` retry. Call it from the operation, on
    the path that returns the secret."""
    setattr(request, _MARK, True)


def _holds_secret(request, response) -> bool:
    """A successful answer the operation marked (an error answer holds no secret, and is kept as usual)."""
    return bool(getattr(request, _MARK, False)) and 200 <= response.status_code < 300


def _owner(request) -> str:
    credential = request.META.get("HTTP_AUTHORIZATION") or request.COOKIES.get("sessionid", "")
    return hashlib.sha256(credential.encode()).hexdigest()


def _replay(answer: IdempotentAnswer) -> HttpResponse:
    body = bytes(answer.body)
    if answer.status == WITHHELD and not body:
        response = _problem(
            409,
            _("该请求已经处理：其中的一次性凭据只显示一次，不再重发。请查看处理结果，需要时重新申请新的凭据"),
        )
        response["Idempotent-Replayed"] = "true"
        return response
    response = HttpResponse(body, status=answer.status, content_type=answer.content_type)
    response["Idempotent-Replayed"] = "true"
    return response


def _problem(status: int, title: str) -> JsonResponse:
    return JsonResponse(
        {"status": status, "title": title}, status=status, content_type="application/problem+json"
    )


class IdempotencyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = request.META.get(HEADER, "").strip()
        if (
            request.method != "POST"
            or not key
            or not request.path.startswith("/api/")
            or path_is_no_trace(request)  # nothing kept that pairs the request with a time
        ):
            return self._no_store_if_secret(request, self.get_response(request))
        if len(key) > 200:
            return _problem(400, _("Idempotency-Key 过长（最多200个字符）"))
        owner = _owner(request)
        digest = hashlib.sha256(request.path.encode() + b"\n" + request.body).hexdigest()
        try:
            with transaction.atomic():
                first = IdempotentAnswer.objects.filter(owner=owner, key=key).first()
                if first is not None:
                    return self._answer_again(first, digest)
                response = self.get_response(request)
                if _holds_secret(request, response):
                    # only that the key was used: a retry is told so, and never gets the secret again
                    IdempotentAnswer.objects.create(
                        owner=owner,
                        key=key,
                        request_hash=digest,
                        status=WITHHELD,
                        content_type="application/problem+json",
                        body=b"",
                    )
                elif response.status_code < 500 and not getattr(response, "streaming", False):
                    IdempotentAnswer.objects.create(
                        owner=owner,
                        key=key,
                        request_hash=digest,
                        status=response.status_code,
                        content_type=response.get("Content-Type", "application/json"),
                        body=response.content,
                    )
                return self._no_store_if_secret(request, response)
        except IntegrityError:  # a copy of this request committed first: its answer stands, ours is undone
            first = IdempotentAnswer.objects.filter(owner=owner, key=key).first()
            if first is None:
                raise
            return self._answer_again(first, digest)

    @staticmethod
    def _no_store_if_secret(request, response):
        if _holds_secret(request, response):
            patch_cache_control(response, no_store=True, private=True)
        return response

    @staticmethod
    def _answer_again(first: IdempotentAnswer, digest: str) -> HttpResponse:
        if first.request_hash != digest:
            return _problem(422, _("该 Idempotency-Key 已用于另一个请求"))
        return _replay(first)
