"""Idle and absolute session timeouts, and the client address for the audit trail."""

import datetime as dt
import logging
import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.db import DatabaseError, IntegrityError

from devzone.core.audit import current_ip
from devzone.core.clientip import address
from devzone.core.secrecy import is_no_trace

logger = logging.getLogger("devzone.request")
SESSION_KEY = "devzone_last_seen"
LOGIN_AT = "devzone_login_at"  # when the session's login happened (seconds since the epoch)
TOUCH_EVERY = 60  # seconds: the last-seen time is rewritten at most once a minute


def start_session_clock(session, at: int | None = None) -> None:
    """At login (core.signals): the session remembers when it began, and its stored expiry (the database row,
    the cookie) is fixed at that time + ``SESSION_ABSOLUTE_TIMEOUT``. Without the fixed expiry, each save of the
    session — the idle clock's, once a minute — would move it to now + ``SESSION_COOKIE_AGE``, and a busy
    session (or a stolen cookie kept busy) would never end. The second factor and a password change keep the
    session's data, so they do not restart the clock; a new login does."""
    at = int(time.time()) if at is None else at
    session[LOGIN_AT] = at
    session.set_expiry(dt.datetime.fromtimestamp(at + settings.SESSION_ABSOLUTE_TIMEOUT, tz=dt.UTC))


class IdleTimeoutMiddleware:
    """Log the user out after ``SESSION_IDLE_TIMEOUT`` seconds without a request, and ``SESSION_ABSOLUTE_TIMEOUT``
    seconds after the login however busy the session (``start_session_clock``). The last-seen time is
    rewritten at most once a minute, and never on a no-trace view (``core.secrecy``), which neither reads nor
    writes the session. A logged-in session without a login time (one opened before the absolute limit was kept)
    gets one, the time it is first seen, once."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        current_ip.set(address(request))
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if is_no_trace(request) or not request.user.is_authenticated:
            return None
        now = int(time.time())
        started = request.session.get(LOGIN_AT)
        if started is None:
            start_session_clock(request.session, now)
            started = now
        last = request.session.get(SESSION_KEY)
        if now - started > settings.SESSION_ABSOLUTE_TIMEOUT or (
            last is not None and now - last > settings.SESSION_IDLE_TIMEOUT
        ):
            logout(request)
            if not request.path.startswith("/api/"):
                return redirect_to_login(request.get_full_path())
        elif last is None or now - last >= TOUCH_EVERY:
            request.session[SESSION_KEY] = now
        return None


RESTORED_LANGUAGE = "devzone_restored_language"


def remember_language(request, user) -> None:
    """At login (core.signals): the language the user chose while logged in before (``Profile.language``)
    becomes this browser's language cookie again (set on the login's response by the middleware below), so the
    next page is in it. A user who never chose keeps the browser's cookie (or Chinese)."""
    language = getattr(getattr(user, "profile", None), "language", "")
    if request is not None and language in dict(settings.LANGUAGES):
        setattr(request, RESTORED_LANGUAGE, language)


class ChineseFirstLocaleMiddleware:
    """Chinese unless the user chose otherwise: the language comes from the language cookie (set by the
    switcher, and at login from the account's own choice: ``remember_language``), never from the browser's
    Accept-Language, so a civil servant's English-language browser still gets the Chinese UI by default. The API
    is the exception: a program calling it has no cookie, and its Accept-Language is its choice, so a request to
    ``/api/`` without the cookie is answered in the language that header asks for (Chinese when it names none
    DevZone has)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.utils import translation

        code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        api = request.path.startswith("/api/")
        if code is None and api:
            code = _asked_language(request.headers.get("Accept-Language", ""))
        if code not in dict(settings.LANGUAGES):
            code = settings.LANGUAGE_CODE
        translation.activate(code)
        request.LANGUAGE_CODE = code
        response = self.get_response(request)
        from django.utils.cache import patch_vary_headers

        restored = getattr(request, RESTORED_LANGUAGE, "")
        if restored and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != restored:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                restored,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        response.headers.setdefault("Content-Language", code)
        # the language comes from a cookie (and for the API from Accept-Language): caches must know
        patch_vary_headers(response, ("Cookie", "Accept-Language") if api else ("Cookie",))
        return response


def _asked_language(header: str) -> str | None:
    """The first of DevZone's languages an Accept-Language header asks for, by its weights (``en-US`` is
    ``en``); None when it asks for none of them."""
    from django.utils.translation import get_supported_language_variant
    from django.utils.translation.trans_real import parse_accept_lang_header

    for tag, _weight in parse_accept_lang_header(header):
        if tag == "*":
            break
        try:
            return get_supported_language_variant(tag)
        except LookupError:
            continue
    return None


class MethodNotAllowedPageMiddleware:
    """A page address asked with a method it does not take answers with the error page (in the user's language,
    inside the frame, with a way back) instead of Django's empty 405: a form's POST address typed, bookmarked or
    reloaded as a GET showed a blank page. The status and its ``Allow`` header stay; the API answers its own
    problem document."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code != 405
            or response.streaming
            or response.content
            or request.path.startswith("/api/")
        ):
            return response
        from devzone.core.views_errors import method_not_allowed

        page = method_not_allowed(request)
        if "Allow" in response.headers:
            page.headers["Allow"] = response.headers["Allow"]
        return page


class DatabaseUnavailableMiddleware:
    """A database error that escapes a page (connection lost, server restarting) answers 503 "try again",
    never a 500 or a misleading validation message. A constraint violation (IntegrityError) is a fault of the
    code, not of the database, and stays a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DatabaseError) and not isinstance(exception, IntegrityError):
            logger.error("database unavailable: %s %s: %s", request.method, request.path, exception)
            from devzone.core.views_errors import database_unavailable

            return database_unavailable(request)
        return None


class RequestSizeLimitMiddleware:
    """Refuse a body larger than ``DEVZONE_REQUEST_MAX_BYTES`` from its Content-Length, before a byte of it is
    read (413: JSON under /api/, a page elsewhere)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.DEVZONE_REQUEST_MAX_BYTES:
            from django.http import JsonResponse
            from django.shortcuts import render
            from django.utils.translation import gettext as _

            mb = settings.DEVZONE_REQUEST_MAX_BYTES // (1024 * 1024)
            text = _("提交的内容过大（上限%(mb)sMB），请减小文件后重试。") % {"mb": mb}
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"status": 413, "title": text}, status=413, content_type="application/problem+json"
                )
            return render(request, "500.html", {"error_title": _("内容过大"), "error_text": text}, status=413)
        return self.get_response(request)


class ZoneRequiredMiddleware:
    """A one-zone page opened in the city's all-zones mode (``core.zones.ZoneRequired``) answers with a page
    in the site's frame that asks for the zone, each zone a button that switches to it and comes back here."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.shortcuts import render

        from devzone.core.models import Zone
        from devzone.core.zones import ZoneRequired

        if not isinstance(exception, ZoneRequired):
            return None
        zones = Zone.objects.for_user(request.user).filter(merged_into__isnull=True).order_by("name", "id")
        return render(request, "core/zone_required.html", {"zones": zones})
