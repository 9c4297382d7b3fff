"""Reference data of 企业服务 in the admin. Requests, ratings, follow-ups and survey answers are changed only
through the services (and survey answers never shown next to anything that could identify the enterprise),
so they are not registered here."""

from django.contrib import admin

from devzone.core.admin import AdminTrail
from devzone.services.models import RoutingRule, ServiceSettings


@admin.register(RoutingRule)
class RoutingRuleAdmin(AdminTrail, admin.ModelAdmin):
    list_display = ("zone", "category", "department", "deadline_days")
    list_filter = ("zone", "category")


@admin.register(ServiceSettings)
class ServiceSettingsAdmin(AdminTrail, admin.ModelAdmin):
    list_display = ("zone", "followup_days", "auto_rate_enabled", "auto_rate_days", "request_default_days")
    filter_horizontal = ("survey_departments",)
