"""The error pages: in the user's language, inside the page frame (menus and a way back), saying what happened
without revealing whether another zone's row exists (a 404 reads the same for "absent" and "not yours")."""

from __future__ import annotations

import logging
import sys

from django.db import DatabaseError, IntegrityError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

logger = logging.getLogger("devzone.errors")


def _page(request, status: int, title: str, text: str):
    return render(request, "_error.html", {"error_title": title, "error_text": text}, status=status)


def bad_request(request, exception=None):
    return _page(request, 400, _("请求有误"), _("请求的内容无法识别，请返回上一页重试。"))


def forbidden(request, exception=None):
    # Our own refusals carry a sentence for the user (e.g. "请先在页面顶部选择开发区"); Django's bare
    # PermissionDenied carries none.
    reason = str(exception or "").strip()
    return _page(
        request,
        403,
        _("无权访问"),
        reason or _("您的角色不能打开此页面或执行此操作。如需办理，请联系本开发区的管理人员。"),
    )


def not_found(request, exception=None):
    return _page(
        request, 404, _("页面不存在"), _("该页面不存在，或不在您可查看的范围内。请检查链接，或从首页进入。")
    )


def method_not_allowed(request):
    """A form's address opened as a page (typed, bookmarked, reloaded after the form was sent): what it is for
    and a way back, instead of Django's empty 405 (``MethodNotAllowedPageMiddleware``)."""
    return _page(
        request,
        405,
        _("不能直接打开此地址"),
        _("此地址用于提交表单，不能直接在浏览器中打开。请回到原来的页面重新操作，或从首页进入。"),
    )


def _standalone(status: int, context: dict | None = None) -> HttpResponse:
    """``500.html`` rendered without the request, so without the context processors: after a failure the page
    must not query anything (the frame's user, menu and unread count would ask the database again)."""
    return HttpResponse(render_to_string("500.html", context or {}), status=status)


def server_error(request):
    """Django's last resort. A database error raised before the view (a middleware reading the session or the
    user when the connection was cut) reaches here rather than ``DatabaseUnavailableMiddleware``: it is a 503
    "try again" as well."""
    exc = sys.exc_info()[1]
    if isinstance(exc, DatabaseError) and not isinstance(exc, IntegrityError):
        logger.error("database unavailable: %s %s: %s", request.method, request.path, exc)
        return database_unavailable(request)
    return _standalone(500)


def database_unavailable(request):
    """503 while the database does not answer: the user is told to try again (nothing was saved); the API's
    callers get the problem document its own handler gives (``devzone.api.database_error``)."""
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"status": 503, "title": _("数据库暂时不可用，请稍后重试")},
            status=503,
            content_type="application/problem+json; charset=utf-8",
        )
    else:
        response = _standalone(
            503,
            {
                "error_title": _("系统繁忙"),
                "error_text": _("数据库暂时不可用，您的操作未完成，数据没有改变。请稍后重试。"),
            },
        )
    response["Retry-After"] = "5"
    return response


def csrf_failure(request, reason=""):
    """The form was sent without a valid security token: almost always a page left open past the session or
    opened in two tabs. Nothing was saved; going back and sending again works."""
    return _page(
        request,
        403,
        _("页面已过期"),
        _(
            "表单的安全校验未通过（页面打开时间过长，或已在其他窗口退出登录），您的操作没有保存。请返回上一页，刷新后重新提交。"
        ),
    )
