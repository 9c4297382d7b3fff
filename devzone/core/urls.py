from django.urls import path

from devzone.core import views, views_account, views_otp, views_people, views_rules, views_tools

app_name = "core"

urlpatterns = [
    path("account/password/", views_account.password_change, name="password_change"),
    path("otp/enroll/", views_otp.enroll, name="otp_enroll"),
    path("otp/verify/", views_otp.verify, name="otp_verify"),
    path("otp/reset/", views_otp.reset, name="otp_reset"),
    path("people/", views_people.person_list, name="person_list"),
    path("people/new/", views_people.person_new, name="person_new"),
    path("people/<int:pk>/", views_people.person_detail, name="person_detail"),
    path("people/<int:pk>/<slug:action>/", views_people.person_action, name="person_action"),
    path("staff/import/", views_tools.staff_import, name="staff_import"),
    path("staff/template.xlsx", views_tools.staff_template, name="staff_template"),
    path("staff/export.xlsx", views_tools.staff_export, name="staff_export"),
    path("staff/transfer/", views_tools.staff_transfer, name="staff_transfer"),
    path("zone/merge/", views_tools.zone_merge, name="zone_merge"),
    path("projects/codes/import/", views_tools.project_codes_import, name="project_codes_import"),
    path("projects/codes/template.xlsx", views_tools.project_codes_template, name="project_codes_template"),
    *views.spec_urls(),
    path("calendar/", views_tools.calendar_page, name="calendar"),
    path("background/", views_tools.background_page, name="background"),
    path("rules/", views_rules.rules_page, name="rules"),
    path("rules/<str:key>/<int:pk>/withdraw/", views_rules.rule_withdraw, name="rule_withdraw"),
    path("tokens/", views_tools.tokens_page, name="tokens"),
    path("tokens/<int:pk>/revoke/", views_tools.token_revoke, name="token_revoke"),
    path("notifications/", views_tools.notifications_page, name="notifications"),
    path("notifications/read/", views_tools.notifications_read, name="notifications_read"),
    path("notifications/settings/", views_tools.notification_settings, name="notification_settings"),
    path("zone/switch/", views.switch_zone, name="switch_zone"),
    path("modules/<slug:slug>/", views.module_placeholder, name="module"),
]
