"""The JSON API: django-ninja under /api/v1, OpenAPI docs at /api/docs.

Browser sessions (with CSRF) and personal API tokens (``Authorization: Bearer dz_…``) authenticate; every
router loads rows only through ``for_user``; errors are JSON with field messages."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import APIKeyCookie, HttpBearer

from devzone.core.errors import DomainError
from devzone.core.services.tokens import token_authenticate


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        user = token_authenticate(token)
        if user is not None:
            request.user = user
        return user


class SessionAuth(APIKeyCookie):
    """The browser's session; unsafe methods need the CSRF token as for any form."""

    param_name = "sessionid"

    def authenticate(self, request, key):
        user = getattr(request, "user", None)
        return user if user is not None and user.is_authenticated else None


api = NinjaAPI(
    title="DevZone API",
    version="1",
    description="开发区管理平台接口。会话（浏览器）或个人API令牌（Authorization: Bearer dz_…）认证。",
    auth=[TokenAuth(), SessionAuth(csrf=True)],
    docs_url="/docs",
    urls_namespace="api",
)


def _problem(request, status: int, title: str, errors=None):
    body = {"status": status, "title": title}
    if errors:
        body["errors"] = errors
    return api.create_response(request, body, status=status)


@api.exception_handler(DomainError)
def domain_error(request, exc: DomainError):
    return _problem(request, exc.status, exc.message, exc.errors)


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    errors: dict[str, list[str]] = {}
    for e in exc.errors:
        loc = [str(p) for p in e.get("loc", []) if p not in ("body", "query", "path", "payload", "filters")]
        errors.setdefault(".".join(loc) or "__all__", []).append(e.get("msg", "无效"))
    return _problem(request, 422, "输入有误", errors)


@api.exception_handler(AuthenticationError)
def auth_error(request, exc):
    return _problem(request, 401, "未登录或令牌无效")


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    title = "请求体不是有效的JSON" if exc.status_code == 400 and "parse" in str(exc).lower() else str(exc)
    return _problem(request, exc.status_code, title)


@api.exception_handler(Http404)
def not_found(request, exc):
    return _problem(request, 404, "记录不存在")


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    return _problem(request, 403, "无权执行此操作")


def _mount() -> None:
    from devzone.approvals.api import router as approvals_router
    from devzone.approvals.api_verify import router as verify_router
    from devzone.core.api import router as core_router
    from devzone.investment.api import router as investment_router
    from devzone.performance.api import router as performance_router
    from devzone.projects.api import router as projects_router
    from devzone.services.api import router as services_router

    api.add_router("/v1/core", core_router)
    api.add_router("/v1/approvals", approvals_router)
    api.add_router("/v1/projects", projects_router)
    api.add_router("/v1/services", services_router)
    api.add_router("/v1/investment", investment_router)
    api.add_router("/v1/performance", performance_router)
    api.add_router("/v1/verify", verify_router)  # public (auth=None): certificate verification


_mount()


def unknown_path(request, rest: str = ""):
    """Any other path under /api/ answers JSON, like the API itself, never Django's HTML page."""
    from django.http import JsonResponse

    return JsonResponse({"status": 404, "title": "接口不存在"}, status=404)
