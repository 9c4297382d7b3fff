"""The JSON API: django-ninja under /api/v1, OpenAPI docs at /api/docs.

Browser sessions (with CSRF) and personal API tokens (``Authorization: Bearer dz_…``) authenticate; every
router loads rows only through ``for_user``; errors are JSON with field messages."""

import logging

from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, IntegrityError
from django.http import Http404
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.parser import Parser
from ninja.security import APIKeyCookie, HttpBearer

from devzone.core.errors import DomainError
from devzone.core.otp import second_factor_missing
from devzone.core.renderers import APIRenderer
from devzone.core.services.tokens import token_authenticate

logger = logging.getLogger("devzone.api")


class TokenAuth(HttpBearer):
    """A personal API token; a read-only token may only read (GET, HEAD, OPTIONS)."""

    def authenticate(self, request, token):
        found = token_authenticate(token)
        if found is None:
            return None
        if found.read_only and request.method not in ("GET", "HEAD", "OPTIONS"):
            raise HttpError(403, str(_("只读令牌不能修改数据")))
        request.user = found.user
        request.api_token = found
        return found.user


class SessionAuth(APIKeyCookie):
    """The browser's session; unsafe methods need the CSRF token as for any form."""

    param_name = "sessionid"

    def authenticate(self, request, key):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or second_factor_missing(user):
            return None  # a session of an OTP role without its second factor is not logged in (core.otp)
        return user


PROBLEM_SCHEMA = {
    "title": "Problem",
    "description": "RFC 9457 problem document: every error of this API has this shape.",
    "type": "object",
    "properties": {
        "status": {"type": "integer", "title": "HTTP status"},
        "title": {"type": "string", "title": "What happened, in the user's language"},
        "errors": {
            "type": "object",
            "title": "Messages by field (``__all__`` for the whole request)",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
    "required": ["status", "title"],
}
# The errors every operation may answer, declared in the published description (issue 17): a caller can rely
# on the status and on the problem document's shape.
ERROR_RESPONSES = {
    "400": "Input refused by a business rule (field messages under ``errors``)",
    "401": "Not logged in, or the token is invalid or expired",
    "403": "The caller's role or reach does not allow this",
    "404": "No such record within the caller's reach",
    "409": "The record changed since it was read (``version``), or the move is not allowed in its state",
    "413": "The body is larger than ``DEVZONE_REQUEST_MAX_MB``",
    "422": "The request does not match the schema (field messages under ``errors``)",
    "429": "Too many attempts from this caller; retry later",
    "503": "The database is briefly unavailable; retry after ``Retry-After`` seconds",
}


class BodyNotAnObject(ValueError):
    """A JSON body that is a list, a number, a text or null."""


class OneValueParser(Parser):
    """No operation takes a list in its query string: a parameter given twice (``?project=1&project=x``) is
    refused, where ninja would read the last value and a filter perhaps another (schemathesis found it). Every
    JSON body is an object: ninja's schemas read attributes, so a list or a number sent to an operation whose
    fields are all optional was taken as "nothing to change" (schemathesis sent ``[null, null]``)."""

    def parse_body(self, request):
        body = super().parse_body(request)
        if not isinstance(body, dict):
            raise BodyNotAnObject  # ninja answers it as a 400 (``http_error`` names it)
        return body

    def parse_querydict(self, data, list_fields, request):
        repeated = [k for k, values in data.lists() if len(values) > 1 and k not in list_fields]
        if repeated:
            raise ValidationError([{"type": "repeated", "loc": ("query", k)} for k in repeated])
        return super().parse_querydict(data, list_fields, request)


class DevZoneAPI(NinjaAPI):
    def _get_urls(self):
        """ninja's URL patterns, one include per module (``v1/<module>/``): a request is matched against its own
        module's patterns, not against all ~300 in turn, and a path that matches none (a wrong id, a mistyped
        path) is turned down after a dozen prefixes. Names and order within a module stay as ninja makes them."""
        result, groups = [], {}
        for pattern in super()._get_urls():
            route = str(pattern.pattern)
            version, module, rest = (route.split("/", 2) + ["", ""])[:3]
            if version != "v1" or not rest:
                result.append(pattern)
                continue
            prefix = f"{version}/{module}/"
            if prefix not in groups:
                groups[prefix] = []
                result.append(path(prefix, include(groups[prefix])))
            groups[prefix].append(
                path(route.removeprefix(prefix), pattern.callback, pattern.default_args, pattern.name)
            )
        return result

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schema["components"].setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
        content = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
        for operations in schema["paths"].values():
            for method, operation in operations.items():
                public = not operation.get("security")
                reads = method == "get"
                for status, description in ERROR_RESPONSES.items():
                    if (public and status in ("401", "403")) or (reads and status == "409"):
                        continue
                    operation["responses"].setdefault(
                        status, {"description": description, "content": content}
                    )
        return schema


api = DevZoneAPI(
    title="DevZone API",
    version="1",
    description="开发区管理平台接口。会话（浏览器）或个人API令牌（Authorization: Bearer dz_…）认证。"
    "返回的时间均为北京时间并写明时区（如 2026-12-07T09:30:00+08:00）；提交的时间可带任意时区。",
    auth=[TokenAuth(), SessionAuth(csrf=True)],
    docs_url="/docs",
    urls_namespace="api",
    parser=OneValueParser(),
    renderer=APIRenderer(),  # every datetime in Beijing time with its offset (core.renderers)
)


def _problem(request, status: int, title: str, errors=None):
    """An RFC 9457 problem document (``application/problem+json``): every API error has this shape."""
    body = {"status": status, "title": title}
    if errors:
        body["errors"] = errors
    response = api.create_response(request, body, status=status)
    response["Content-Type"] = "application/problem+json; charset=utf-8"
    return response


@api.exception_handler(DomainError)
def domain_error(request, exc: DomainError):
    return _problem(request, exc.status, exc.message, exc.errors)


# pydantic's error types -> a message in the user's language (pydantic's own texts are English only).
SCHEMA_MESSAGES = {
    "missing": _("必填"),
    "int_parsing": _("须为整数"),
    "int_type": _("须为整数"),
    "int_from_float": _("须为整数"),
    "int_parsing_size": _("数值过大"),
    "float_parsing": _("须为数字"),
    "float_type": _("须为数字"),
    "decimal_parsing": _("须为数字"),
    "decimal_type": _("须为数字"),
    "decimal_max_digits": _("位数过多"),
    "decimal_max_places": _("小数位数过多"),
    "decimal_whole_digits": _("整数位数过多"),
    "finite_number": _("须为有限的数字"),
    "bool_parsing": _("须为 true 或 false"),
    "bool_type": _("须为 true 或 false"),
    "string_type": _("须为文本"),
    "string_too_short": _("过短"),
    "string_too_long": _("过长"),
    "string_pattern_mismatch": _("格式不正确"),
    "date_parsing": _("日期格式应为 YYYY-MM-DD"),
    "date_from_datetime_parsing": _("日期格式应为 YYYY-MM-DD"),
    "date_from_datetime_inexact": _("日期格式应为 YYYY-MM-DD"),
    "date_type": _("日期格式应为 YYYY-MM-DD"),
    "datetime_parsing": _("时间格式应为 ISO 8601（如 2026-11-22T09:30:00+08:00）"),
    "datetime_from_date_parsing": _("时间格式应为 ISO 8601（如 2026-11-22T09:30:00+08:00）"),
    "datetime_type": _("时间格式应为 ISO 8601（如 2026-11-22T09:30:00+08:00）"),
    "enum": _("不是可选的值"),
    "literal_error": _("不是可选的值"),
    "list_type": _("须为列表"),
    "dict_type": _("须为对象"),
    "model_type": _("须为对象"),
    "model_attributes_type": _("须为对象"),
    "too_short": _("项数过少"),
    "too_long": _("项数过多"),
    "greater_than": _("数值过小"),
    "greater_than_equal": _("数值过小"),
    "less_than": _("数值过大"),
    "less_than_equal": _("数值过大"),
    "extra_forbidden": _("不允许的字段"),
    "json_invalid": _("不是有效的JSON"),
    "repeated": _("只能给出一个值"),
    "uuid_parsing": _("格式不正确"),
    "url_parsing": _("格式不正确"),
}


def schema_message(error: dict) -> str:
    """One schema error as the user reads it; a validator's own message (``value_error``) is kept, since our
    validators raise it in the user's language already."""
    kind = error.get("type", "")
    if kind in ("value_error", "assertion_error"):
        msg = str(error.get("msg", ""))
        return msg.removeprefix("Value error, ").removeprefix("Assertion failed, ") or str(_("无效"))
    text = SCHEMA_MESSAGES.get(kind)
    if text is None:
        return str(_("无效"))
    ctx = error.get("ctx") or {}
    limit = next((ctx[k] for k in ("max_length", "min_length", "ge", "gt", "le", "lt") if k in ctx), None)
    return f"{text}（{limit}）" if limit is not None else str(text)


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    errors: dict[str, list[str]] = {}
    for e in exc.errors:
        loc = [str(p) for p in e.get("loc", []) if p not in ("body", "query", "path", "payload", "filters")]
        errors.setdefault(".".join(loc) or "__all__", []).append(schema_message(e))
    return _problem(request, 422, str(_("输入有误")), errors)


@api.exception_handler(AuthenticationError)
def auth_error(request, exc):
    return _problem(request, 401, str(_("未登录或令牌无效")))


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    title = (
        str(_("请求体不是有效的JSON")) if exc.status_code == 400 and "parse" in str(exc).lower() else str(exc)
    )
    if isinstance(exc.__cause__, BodyNotAnObject):
        title = str(_("请求体须为JSON对象"))
    return _problem(request, exc.status_code, title)


@api.exception_handler(Http404)
def not_found(request, exc):
    return _problem(request, 404, str(_("记录不存在")))


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    return _problem(request, 403, str(_("无权执行此操作")))


@api.exception_handler(DatabaseError)
def database_error(request, exc: DatabaseError):
    """The database did not answer: retryable (503, ``Retry-After``), never a validation message."""
    if isinstance(exc, IntegrityError):
        return unexpected(request, exc)
    logger.error("database unavailable: %s %s: %s", request.method, request.path, exc)
    response = _problem(request, 503, str(_("数据库暂时不可用，请稍后重试")))
    response["Retry-After"] = "5"
    return response


@api.exception_handler(Exception)
def unexpected(request, exc: Exception):
    """Any other fault answers JSON too (the traceback goes to the server log, not to the client)."""
    logger.error("API error: %s %s", request.method, request.path, exc_info=exc)
    return _problem(request, 500, str(_("服务器处理请求时出错，数据没有改变，请稍后重试")))


def _mount() -> None:
    from devzone.approvals.api import router as approvals_router
    from devzone.approvals.api_verify import router as verify_router
    from devzone.core.api import router as core_router
    from devzone.emergency.api import router as emergency_router
    from devzone.investment.api import router as investment_router
    from devzone.oversight.api import router as oversight_router
    from devzone.performance.api import router as performance_router
    from devzone.personnel.api import router as personnel_router
    from devzone.planning.api import router as planning_router
    from devzone.powers.api import router as powers_router
    from devzone.projects.api import router as projects_router
    from devzone.services.api import router as services_router

    api.add_router("/v1/core", core_router)
    api.add_router("/v1/approvals", approvals_router)
    api.add_router("/v1/projects", projects_router)
    api.add_router("/v1/services", services_router)
    api.add_router("/v1/investment", investment_router)
    api.add_router("/v1/performance", performance_router)
    api.add_router("/v1/personnel", personnel_router)
    api.add_router("/v1/planning", planning_router)
    api.add_router("/v1/emergency", emergency_router)
    api.add_router("/v1/powers", powers_router)
    api.add_router("/v1/oversight", oversight_router)
    api.add_router("/v1/verify", verify_router)  # public (auth=None): certificate verification


_mount()


@csrf_exempt  # it changes nothing; a write to an unknown path is a JSON 404, not the HTML CSRF page
def unknown_path(request, rest: str = ""):
    """Any other path under /api/ answers JSON, like the API itself, never Django's HTML page (an id that is not
    a number, ``/applications/x/grant``, lands here too)."""
    from django.http import JsonResponse

    return JsonResponse(
        {"status": 404, "title": "接口不存在"},
        status=404,
        content_type="application/problem+json; charset=utf-8",
    )
