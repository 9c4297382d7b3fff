"""One's own account: the 修改密码 page of the user menu (``core.services.accounts``)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from devzone.core import forms
from devzone.core.forms import mark_invalid
from devzone.core.services import accounts
from devzone.core.web import refusals

TEMPLATE = "core/account/password.html"


@sensitive_post_parameters("current_password", "password1", "password2")
@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def password_change(request):
    """The current password and the new one twice; on success this session stays logged in (its key rotated),
    every other one ends, the API tokens are revoked, and the person is back on their desk."""
    if not request.user.has_usable_password():
        return render(request, TEMPLATE, {"no_password": True})
    form = forms.PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with refusals(request, form) as outcome:
            done = accounts.password_change(actor=request.user, request=request, **form.cleaned_data)
        if outcome.ok:
            update_session_auth_hash(request, done.user)
            said = _("密码已修改，其他设备上的登录已退出。")
            if done.tokens:
                said += _("您的API令牌已作废%(t)d个，如仍需使用请重新创建。") % {"t": done.tokens}
            messages.success(request, said)
            return redirect(settings.LOGIN_REDIRECT_URL)
    mark_invalid(form)
    # Said before the person types (and answered 429 to a POST, as the site's other rate limits are).
    refused = accounts.current_password_refused(request, request.user)
    return render(
        request,
        TEMPLATE,
        {"form": form, "refused": accounts.refusal_message(request) if refused else ""},
        status=429 if refused and request.method == "POST" else 200,
    )
