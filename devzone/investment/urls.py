from django.urls import path

from devzone.investment import views, views_stats

app_name = "investment"

urlpatterns = [
    path("", views.home, name="home"),
    path("leads/", views.lead_list, name="lead_list"),
    path("leads/new/", views.lead_create, name="lead_create"),
    path("leads/export.xlsx", views_stats.lead_export, name="lead_export"),
    path("leads/import/", views_stats.lead_import, name="lead_import"),
    path("leads/import/template.xlsx", views_stats.lead_import_template, name="lead_import_template"),
    path("leads/<int:pk>/", views.lead_detail, name="lead_detail"),
    path("leads/<int:pk>/edit/", views.lead_edit, name="lead_edit"),
    path("leads/<int:pk>/absorb/", views.lead_absorb, name="lead_absorb"),
    path("leads/<int:pk>/sign/", views.contract_create, name="contract_create"),
    path("leads/<int:pk>/<slug:action>/", views.lead_action, name="lead_action"),
    path("contracts/", views.contract_list, name="contract_list"),
    path("contracts/<int:pk>/", views.contract_detail, name="contract_detail"),
    path("contracts/<int:pk>/funds/", views.contract_funds, name="contract_funds"),
    path("activities/", views.activity_list, name="activity_list"),
    path("activities/new/", views.activity_create, name="activity_create"),
    path("activities/<int:pk>/", views.activity_detail, name="activity_detail"),
    path("teams/", views.team_list, name="team_list"),
    path("teams/new/", views.team_form, name="team_create"),
    path("teams/<int:pk>/", views.team_detail, name="team_detail"),
    path("teams/<int:pk>/edit/", views.team_form, name="team_edit"),
    path("teams/<int:pk>/add/<slug:what>/", views.team_add, name="team_add"),
    path("funnel/", views_stats.funnel_page, name="funnel"),
    path("leaderboard/", views_stats.leaderboard_page, name="leaderboard"),
    path("leaderboard/export.xlsx", views_stats.leaderboard_export, name="leaderboard_export"),
    path("figures/", views_stats.figures_page, name="figures"),
    path("settings/", views_stats.settings_page, name="settings"),
    path("settings/industries/", views_stats.industries_update, name="industries"),
]
