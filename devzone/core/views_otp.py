"""The second factor's pages: enrollment (QR code, confirm, recovery codes shown once), the code after the
password, and the system administrator's reset (``core.otp``)."""

from __future__ import annotations

import base64

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.middleware.csrf import rotate_token
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from devzone.core import forms
from devzone.core.access import reach_of
from devzone.core.choices import Role
from devzone.core.otp import is_enrolled, match_code, needs_second_factor, safe_next
from devzone.core.services import otp as otp_services
from devzone.core.web import refusals


def _grouped(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _passed(request, device) -> None:
    """The session has passed the second factor: it gets a new key (and a new CSRF token), as at the password
    login. Its rights have just grown, so a key someone learnt at the code page must not become a verified
    session when the owner types the code."""
    otp_login(request, device)
    request.session.cycle_key()
    rotate_token(request)


# The pages below show or take a secret (the authenticator's key and QR code, the recovery codes, the code):
# never kept by the browser or a proxy (``never_cache``: Cache-Control no-store, private), so nobody reads them
# back from the cache or with the Back button after the owner has left a shared computer.
@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def enroll(request):
    """Scan the QR code (or type the secret), confirm with a code; the recovery codes are shown once."""
    if not needs_second_factor(request.user) or is_enrolled(request.user):
        return redirect(safe_next(request))
    form = forms.OtpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with refusals(request, form) as outcome:
            device, codes = otp_services.otp_enroll_confirm(
                actor=request.user, code=form.cleaned_data["code"], session=request.session
            )
        if outcome.ok:
            _passed(request, device)
            return render(
                request, "core/otp/recovery_codes.html", {"codes": codes, "next": safe_next(request)}
            )
    device = otp_services.pending_device(user=request.user, session=request.session)
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    qr = segno.make(device.config_url, error="m").svg_inline(scale=4, title=_("扫码添加验证器"))
    return render(
        request,
        "core/otp/enroll.html",
        {
            "form": form,
            "qr": mark_safe(qr),  # segno's own SVG markup: no user input in it
            "secret": _grouped(secret),
            "next": safe_next(request, ""),
            "otp_pending": True,
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def verify(request):
    """The 6-digit code from the authenticator, or one recovery code."""
    if not needs_second_factor(request.user) or request.user.is_verified():
        return redirect(safe_next(request))
    if not is_enrolled(request.user):
        return redirect("core:otp_enroll")
    form = forms.OtpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_code(request.user, form.cleaned_data["code"])
        if device is not None:
            _passed(request, device)
            return redirect(safe_next(request))
        form.add_error("code", _("验证码不正确或已使用，请重试"))
    return render(
        request,
        "core/otp/verify.html",
        {"form": form, "next": safe_next(request, ""), "otp_pending": True},
    )


@login_required
@require_http_methods(["GET", "POST"])
def reset(request):
    """A system administrator removes someone's authenticator and recovery codes, with a reason (audited)."""
    if reach_of(request.user).role != Role.SYSADMIN:
        raise PermissionDenied
    form = forms.OtpResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with refusals(request, form) as outcome:
            user = otp_services.otp_reset(actor=request.user, **form.cleaned_data)
        if outcome.ok:
            messages.success(request, _("已重置%(name)s的双因素认证，其下次登录须重新绑定") % {"name": user})
            return redirect("core:otp_reset")
    return render(request, "core/otp/reset.html", {"form": form})
