"""The authentication backend: Django's ``ModelBackend`` (passwords, ``is_active``), whose ``get_user`` — called
on every logged-in request — brings the role profile with its zone, city and staff row in the same query, so
``core.access.reach_of`` reads them without a second statement.

Every password checked here — the login page, the Django admin's login, the current password on 修改密码, any
later page that calls ``authenticate`` with a password — is under the per-source limit against password spraying
(``core.ratelimit.login_source``): a wrong password counts for its source, and while the source is over the limit
no password from it is checked at all. The limit sits here rather than in one form so that no login path can
skip it. The provider's callback (``core.sso``: no password, the provider checked the person) and API tokens
(``devzone.api``) are not passwords and are neither counted nor stopped by it."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from devzone.core.clientip import address
from devzone.core.prepared import Prepared
from devzone.core.ratelimit import login_source

#: the dotted path stored in each session (``login(..., backend=ACCOUNT_BACKEND)``)
ACCOUNT_BACKEND = "devzone.core.backends.AccountBackend"

#: the user with its role profile, zone, city and staff row: one statement, compiled once (``core.prepared``)
USER_WITH_PROFILE = Prepared(
    lambda pk: (
        get_user_model()
        ._default_manager.select_related("profile__zone__city", "profile__staff")
        .filter(pk=pk)
    ),
    int,
)


class AccountBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if password is None:
            return None  # not a password login (ModelBackend's own answer too)
        source = address(request) if request is not None else ""
        limit = login_source()
        if source and limit.exceeded(source):
            raise PermissionDenied  # refused unchecked; Django records it as a failed login (audit, axes)
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None and source:
            limit.hit(source)
        return user

    def get_user(self, user_id):
        try:
            user = USER_WITH_PROFILE.first(user_id)
        except (TypeError, ValueError):  # a session whose user id is not a number
            return None
        return user if user is not None and self.user_can_authenticate(user) else None
