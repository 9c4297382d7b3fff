"""Pages for people and their accounts (``core.services.people``): the list, a person's page with their account,
role, status, open work and audit trail, a form per action, and the one-time link to set a password.

The Django admin is for break-glass only (docs/security.md): every day-to-day change goes through these pages
(or the same services in the API), each leaving its audit rows."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from devzone.core import audit, filters, forms, personal, sealed, secrecy, selectors
from devzone.core.access import can, reach_of, require_right
from devzone.core.errors import check_id
from devzone.core.forms import mark_invalid
from devzone.core.models import Profile, Staff
from devzone.core.services import people as svc
from devzone.core.web import page_of, refusals

# action slug -> (title, form, button, whether the account must be active / inactive for it)
ACTIONS = {
    "role": (gettext_lazy("调整角色"), forms.PersonRoleForm, gettext_lazy("保存角色"), True),
    "password": (
        gettext_lazy("重置密码"),
        forms.PersonReasonForm,
        gettext_lazy("作废原密码并生成链接"),
        True,
    ),
    # None: offered whatever the status, when the person has an authenticator
    "otp": (gettext_lazy("重置双因素认证"), forms.PersonReasonForm, gettext_lazy("重置"), None),
    "deactivate": (gettext_lazy("停用账号（离岗）"), forms.PersonReasonForm, gettext_lazy("停用"), True),
    "reactivate": (gettext_lazy("恢复账号"), forms.PersonReasonForm, gettext_lazy("恢复并生成链接"), False),
    # offered while single sign-on is configured (and, to unlink, while the person has a link)
    "identity": (gettext_lazy("关联统一身份认证"), forms.PersonIdentityForm, gettext_lazy("关联"), "sso"),
    "unlink": (
        gettext_lazy("解除统一身份认证关联"),
        forms.PersonUnlinkForm,
        gettext_lazy("解除关联"),
        "linked",
    ),
}


def _person_or_404(request, pk) -> Profile:
    pk = check_id(pk)
    person = selectors.person_get(user=request.user, pk=pk) if pk else None
    if person is None:
        raise Http404
    return person


def may_manage(user, person: Profile) -> bool:
    """Whether ``user`` may act on ``person``'s account (the services check the same, this only hides buttons)."""
    return (
        person.user_id != user.pk
        and person.role in svc.manageable_roles(user)
        and Profile.objects.for_user(user, "change").filter(pk=person.pk).exists()
    )


@login_required
def person_list(request):
    require_right(request.user, "view", Profile)
    qs = selectors.person_list(user=request.user)
    fs = filters.page_filter(filters.PersonFilter, request, qs)
    page = page_of(request, fs.qs)
    return render(
        request,
        "core/people/list.html",
        {
            "filter": fs,
            "page": page,
            "can_create": bool(svc.grantable_roles(request.user)) and can(request.user, "create", Profile),
            "city_reach": reach_of(request.user).kind == "city",
        },
    )


@login_required
def person_detail(request, pk):
    person = _person_or_404(request, pk)
    user = person.user
    events = selectors.person_trail(person)
    manage = may_manage(request.user, person)
    enrolled = selectors.otp_enrolled(user)
    links = selectors.identity_links(user)
    sso = bool(settings.DEVZONE_OIDC_ISSUER)
    actions = []
    if manage:
        for slug, (title, _form, _button, needs) in ACTIONS.items():
            if _offered(needs, user, enrolled=enrolled, sso=sso, linked=bool(links)):
                actions.append((slug, title))
    return render(
        request,
        "core/people/detail.html",
        {
            "person": person,
            "account": user,
            "password_set": user.has_usable_password(),
            "otp_enrolled": enrolled,
            "tokens": selectors.active_tokens(user),
            "identity_links": links,
            "sso": sso,
            "actions": actions,
            "open_work": selectors.open_work_of(user) if manage or not user.is_active else [],
            "trail": [
                (e, audit.readable(type_of(e), _shown_changes(request.user, person, e))) for e in events
            ],
        },
    )


def _shown_changes(viewer, person, event) -> dict:
    """An audit row's changes as ``viewer`` may read them: the staff record's personal fields (mobile, birth
    date) masked as on the staff pages (``personal.masked_changes``), unless the viewer may see them."""
    if type_of(event) is Staff and person.staff is not None:
        return personal.masked_changes(viewer, person.staff, event.changes)
    return event.changes


def _offered(needs, user, *, enrolled: bool, sso: bool, linked: bool) -> bool:
    """Whether an action is offered for this account: True/False, its account active/inactive; None, an
    authenticator to reset; "sso", single sign-on configured and the account active; "linked", a link to remove."""
    if needs is None:
        return enrolled
    if needs == "sso":
        return sso and user.is_active
    if needs == "linked":
        return linked
    return needs == user.is_active


def type_of(event):
    model = event.content_type.model_class() if event.content_type_id else None
    return model or Profile


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def person_new(request):
    if not svc.grantable_roles(request.user) or not can(request.user, "create", Profile):
        raise PermissionDenied
    form = forms.PersonCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        with refusals(request, form) as outcome:
            person, link = svc.person_create(actor=request.user, **form.cleaned_data)
        if outcome.ok:
            messages.success(request, _("已新建账号%(name)s") % {"name": person.user.username})
            return _link_page(request, person, link, created=True)
    mark_invalid(form)
    return render(
        request, "core/people/form.html", {"form": form, "title": _("新建账号"), "button": _("新建")}
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def person_action(request, pk, action):
    if action not in ACTIONS:
        raise Http404
    person = _person_or_404(request, pk)
    if not may_manage(request.user, person):
        raise PermissionDenied
    title, form_class, button, _needs = ACTIONS[action]
    kwargs = {"user": request.user} if form_class is forms.PersonRoleForm else {}
    if form_class is forms.PersonUnlinkForm:
        kwargs = {"links": selectors.identity_links(person.user)}
    initial = {"role": person.role} if action == "role" else None
    form = form_class(request.POST or None, initial=initial, **kwargs)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with refusals(request, form) as outcome:
            result = _perform(request, person, action, data)
        if outcome.ok:
            if action in ("password", "reactivate"):
                return _link_page(request, person, result, created=False)
            messages.success(request, result)
            return redirect("core:person_detail", pk=person.pk)
    mark_invalid(form)
    return render(
        request,
        "core/people/form.html",
        {"form": form, "title": title, "button": button, "person": person, "action": action},
    )


def _perform(request, person, action: str, data: dict):
    actor = request.user
    if action == "role":
        svc.person_set_role(actor=actor, profile=person, **data)
        return _("已调整角色；其已登录的会话已结束")
    if action == "password":
        return svc.person_reset_password(actor=actor, profile=person, reason=data["reason"])
    if action == "otp":
        svc.person_reset_otp(actor=actor, profile=person, reason=data["reason"])
        return _("已重置双因素认证，其下次登录须重新绑定")
    if action == "deactivate":
        done = svc.person_deactivate(actor=actor, profile=person, reason=data["reason"])
        return _("已停用账号：结束会话%(s)d个，撤销API令牌%(t)d个") % {"s": done.sessions, "t": done.tokens}
    if action == "identity":
        link = svc.person_link_identity(actor=actor, profile=person, **data)
        return _("已关联统一身份认证：%(subject)s") % {"subject": link.subject}
    if action == "unlink":
        ended = svc.person_unlink_identity(actor=actor, profile=person, **data)
        return _("已解除统一身份认证关联；结束会话%(s)d个") % {"s": ended}
    return svc.person_reactivate(actor=actor, profile=person, reason=data["reason"])[1]


def _link_page(request, person, link, *, created: bool):
    return render(
        request,
        "core/people/link.html",
        {
            "person": person,
            "url": request.build_absolute_uri(link.path),
            "expires_at": link.expires_at,
            "created": created,
        },
    )


SESSION_TOKEN = "_password_set_token"  # noqa: S105  (a session key, not a secret)
HIDDEN_TOKEN = "set-password"  # noqa: S105  (the placeholder in the address)


@never_cache
@require_http_methods(["GET", "POST"])
def password_set(request, uidb64, token):
    """The one-time link: the person chooses their own password. As Django's own reset view does, the token
    moves from the URL into the session at once, so it never leaks through a Referer header or the history; the
    access log writes the address without it."""
    secrecy.redact_path(request, reverse("password_set", args=[uidb64, HIDDEN_TOKEN]))
    if token != HIDDEN_TOKEN:
        if svc.user_of_link(uidb64, token) is None:
            return render(request, "core/people/password_set.html", {"invalid": True}, status=400)
        # sealed (core.sealed): session data is signed, not encrypted, and a copy of django_session (a dump, a
        # backup) would give the live token, hence the account, until the link expires
        request.session[SESSION_TOKEN] = sealed.seal_text(sealed.SESSION_SECRETS, token)
        return redirect("password_set", uidb64=uidb64, token=HIDDEN_TOKEN)
    token = sealed.unseal_text(sealed.SESSION_SECRETS, request.session.get(SESSION_TOKEN, "")) or ""
    user = svc.user_of_link(uidb64, token)
    if user is None:
        return render(request, "core/people/password_set.html", {"invalid": True}, status=400)
    form = forms.PasswordSetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with refusals(request, form) as outcome:
            svc.password_set_with_link(uidb64=uidb64, token=token, **form.cleaned_data)
        if outcome.ok:
            if request.user.is_authenticated:
                logout(request)
            request.session.pop(SESSION_TOKEN, None)
            messages.success(request, _("密码已设置，请用新密码登录"))
            return redirect(reverse("login"))
    mark_invalid(form)
    return render(request, "core/people/password_set.html", {"form": form, "account": user})
