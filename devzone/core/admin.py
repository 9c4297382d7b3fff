"""The Django admin, for system administrators: reference data, accounts, the audit trail (read-only).
Every change made here is in the audit trail, with the values before and after and the client's address:
the organisation rows go through the same services as the pages (``AuditedAdmin``); every other admin —
accounts, roles, groups, reference data of the modules — records its changes itself (``AdminTrail``)."""

import json

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from devzone.core import audit, personal
from devzone.core import models as m
from devzone.core.choices import AuditAction
from devzone.core.services import object_create, object_delete, object_update
from devzone.core.services.people import end_access


class AdminTrail:
    """Mixin for a ModelAdmin: each add, change and delete leaves an audit event with the changed fields
    (before → after, many-to-many links included; a password only as "changed") and the client's address.

    A change to one of ``access_fields`` (rights, reach, credentials) ends the account's sessions and revokes
    its API tokens (``core.services.people.end_access``), as the people pages do: a session opened or a token
    made under the old role, zone or password must not outlive the change made here."""

    access_fields: frozenset[str] = frozenset()

    def access_holders(self, obj, before: dict) -> list:
        """The accounts whose access a change of ``obj`` touches (both, when a row moves to another account)."""
        return []

    def save_model(self, request, obj, form, change):
        before = {}
        if change:
            old = type(obj)._default_manager.get(pk=obj.pk)
            before = audit.snapshot(old) | audit.many_snapshot(old)
        super().save_model(request, obj, form, change)
        request._devzone_admin_before = (before, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj = form.instance
        before, change = getattr(request, "_devzone_admin_before", ({}, change))
        after = audit.snapshot(obj) | audit.many_snapshot(obj)
        changes = audit.diff(before, after)
        audit.record(
            actor=request.user,
            action=AuditAction.UPDATE if change else AuditAction.CREATE,
            obj=obj,
            changes=changes,
            note="admin",
        )
        if change and self.access_fields & changes.keys():
            for user in self.access_holders(obj, before):
                # The administrator's own session survives a change to their own account (as on the people
                # pages, where one's own password change keeps the session it was made in).
                end_access(user, keep=request.session.session_key if user.pk == request.user.pk else None)

    def delete_model(self, request, obj):
        before = audit.snapshot(obj) | audit.many_snapshot(obj)
        pk, label, model = obj.pk, str(obj), type(obj)
        super().delete_model(request, obj)
        audit.record(
            actor=request.user,
            action=AuditAction.DELETE,
            model=model,
            object_id=str(pk),
            object_repr=label,
            changes=audit.diff(before, {}),
            note="admin",
        )

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # a bulk delete would leave no event per row
        return actions


class AuditedAdmin(admin.ModelAdmin):
    def save_model(self, request, obj, form, change):
        if change:
            object_update(actor=request.user, instance=obj, note="admin")
        else:
            object_create(actor=request.user, instance=obj, note="admin")

    def delete_model(self, request, obj):
        object_delete(actor=request.user, instance=obj, note="admin")

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # bulk delete would bypass the audited service
        return actions


@admin.register(m.City)
class CityAdmin(AuditedAdmin):
    list_display = ["name", "code", "lead_agency"]


@admin.register(m.Zone)
class ZoneAdmin(AuditedAdmin):
    list_display = ["name", "city", "level", "operator", "is_pilot", "merged_into"]
    list_filter = ["city", "level", "operator", "is_pilot"]


@admin.register(m.Area, m.Department, m.Post)
class OrgAdmin(AuditedAdmin):
    list_filter = ["zone"]


@admin.register(m.Industry)
class IndustryAdmin(AdminTrail, admin.ModelAdmin):
    list_display = ["code", "name", "parent"]
    search_fields = ["code", "name"]


@admin.register(m.Profile)
class ProfileAdmin(AdminTrail, admin.ModelAdmin):
    list_display = ["user", "display_name", "role", "city", "zone", "enterprise"]
    list_filter = ["role", "zone"]
    raw_id_fields = ["enterprise", "staff"]
    access_fields = frozenset({"user_id", "role", "city_id", "zone_id", "enterprise_id", "staff_id"})

    def access_holders(self, obj, before):
        users = [obj.user]
        if before.get("user_id") not in (
            None,
            obj.user_id,
        ):  # the profile moved: the old account loses it too
            users += list(get_user_model()._default_manager.filter(pk=before["user_id"]))
        return users


@admin.register(m.IdentityLink)
class IdentityLinkAdmin(AdminTrail, admin.ModelAdmin):
    """单点登录的身份关联 (core.sso): the administrator links a person of the province's identity platform (issuer
    and ``sub``) to a DevZone account; the account's own profile decides the role. Every change is audited."""

    list_display = ("subject", "user", "issuer", "note", "created_at", "last_login_at")
    search_fields = ("subject", "user__username", "note")
    raw_id_fields = ("user",)
    readonly_fields = ("created_at", "last_login_at")
    # Moving an identity to another account, or changing what it names, ends what was opened through it: the
    # sessions and API tokens of the account it opened (and of the one it opens now), as the people page's
    # unlink does (core.services.people.person_unlink_identity). Deleting it does the same (delete_model).
    access_fields = frozenset({"user_id", "issuer", "subject"})

    def access_holders(self, obj, before):
        users = [obj.user]
        if before.get("user_id") not in (None, obj.user_id):  # moved: the account it opened loses it
            users += list(get_user_model()._default_manager.filter(pk=before["user_id"]))
        return users

    def delete_model(self, request, obj):
        user = obj.user
        super().delete_model(request, obj)
        end_access(user, keep=request.session.session_key if user.pk == request.user.pk else None)


@admin.register(m.CalendarDay, m.CalendarYear, m.PeriodicJob, m.WorkerHeartbeat)
class ReadOnlyAdmin(admin.ModelAdmin):
    """Read-only in the admin: calendar days, years and jobs change through the calendar page and the scheduler
    (which re-project deadlines and audit); the audit trail (below) never changes."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(m.AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor_label", "action", "object_repr", "zone", "ip"]
    list_filter = ["action", "zone"]
    search_fields = ["object_repr", "actor_label"]
    # The admin is the system administrators', who see staff personal data masked (core.personal): a staff
    # row's changes are shown with birth dates and mobile numbers masked, never the stored values.
    exclude = ["changes"]
    readonly_fields = ["changes_shown"]

    @admin.display(description=_("变更"))
    def changes_shown(self, obj):
        changes = obj.changes or {}
        if obj.content_type_id and obj.content_type.model_class() is m.Staff:
            changes = personal.mask_changes(changes)
        return json.dumps(changes, ensure_ascii=False, indent=1)


# Accounts and groups: Django's own admins, with the trail (promoting anyone is on record, with who and whence).
admin.site.unregister(get_user_model())
admin.site.unregister(Group)
# The second factor's devices hold secrets and recovery codes: not in the admin. A system administrator resets a
# user's second factor on its own page, with a reason on record (core:otp_reset, core.services.otp).
admin.site.unregister(TOTPDevice)
admin.site.unregister(StaticDevice)


@admin.register(get_user_model())
class UserAdmin(AdminTrail, DjangoUserAdmin):
    access_fields = frozenset(
        {"password", "username", "is_active", "is_staff", "is_superuser", "groups", "user_permissions"}
    )

    def access_holders(self, obj, before):
        return [obj]

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:  # the new password was saved
            user = self.get_object(request, id)
            # A reset password ends every session and API token of the account, as the people pages' reset
            # does (docs/security.md): whoever held the old password keeps nothing. The administrator's own
            # session survives when they change their own password here (Django keeps it valid).
            end_access(user, keep=request.session.session_key if user.pk == request.user.pk else None)
            audit.record(
                actor=request.user,
                action=AuditAction.UPDATE,
                obj=user,
                changes={"password": ["", audit.CHANGED]},
                note="admin",
            )
        return response


@admin.register(Group)
class GroupAdmin(AdminTrail, DjangoGroupAdmin):
    pass
