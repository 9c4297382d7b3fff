"""The Django admin, for system administrators: reference data, accounts, the audit trail (read-only).
Every change made here goes through the same services and leaves the same audit trail."""

from django.contrib import admin

from devzone.core import models as m
from devzone.core.services import object_create, object_delete, object_update


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
class IndustryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "parent"]
    search_fields = ["code", "name"]


@admin.register(m.Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "display_name", "role", "city", "zone", "enterprise"]
    list_filter = ["role", "zone"]
    raw_id_fields = ["enterprise", "staff"]


@admin.register(m.CalendarDay, m.CalendarYear, m.PeriodicJob)
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
