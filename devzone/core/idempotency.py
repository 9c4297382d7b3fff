"""``Idempotency-Key`` on the API's creating requests (POST): the request and the keeping of its answer run in
one transaction, so a retry with the same key — after a connection dropped once the first had committed — gets
the first answer and creates nothing. Two copies racing each other: the second's insert of the key fails on the
unique constraint, its work is rolled back, and it answers what the first stored. The same key with another
body is refused (422). Keys are scoped to the credential that sent them and kept for a day."""

from __future__ import annotations

import hashlib

from django.db import IntegrityError, transaction
from django.http import HttpResponse, JsonResponse

from devzone.core.models.idempotency import IdempotentAnswer

HEADER = "HTTP_IDEMPOTENCY_KEY"


def _owner(request) -> str:
    credential = request.META.get("HTTP_AUTHORIZATION") or request.COOKIES.get("sessionid", "")
    return hashlib.sha256(credential.encode()).hexdigest()


def _replay(answer: IdempotentAnswer) -> HttpResponse:
    response = HttpResponse(bytes(answer.body), status=answer.status, content_type=answer.content_type)
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
        if request.method != "POST" or not key or not request.path.startswith("/api/"):
            return self.get_response(request)
        if len(key) > 200:
            return _problem(400, "Idempotency-Key 过长（最多200个字符）")
        owner = _owner(request)
        digest = hashlib.sha256(request.path.encode() + b"\n" + request.body).hexdigest()
        try:
            with transaction.atomic():
                first = IdempotentAnswer.objects.filter(owner=owner, key=key).first()
                if first is not None:
                    return self._answer_again(first, digest)
                response = self.get_response(request)
                if response.status_code < 500 and not getattr(response, "streaming", False):
                    IdempotentAnswer.objects.create(
                        owner=owner,
                        key=key,
                        request_hash=digest,
                        status=response.status_code,
                        content_type=response.get("Content-Type", "application/json"),
                        body=response.content,
                    )
                return response
        except IntegrityError:  # a copy of this request committed first: its answer stands, ours is undone
            first = IdempotentAnswer.objects.filter(owner=owner, key=key).first()
            if first is None:
                raise
            return self._answer_again(first, digest)

    @staticmethod
    def _answer_again(first: IdempotentAnswer, digest: str) -> HttpResponse:
        if first.request_hash != digest:
            return _problem(422, "该 Idempotency-Key 已用于另一个请求")
        return _replay(first)
