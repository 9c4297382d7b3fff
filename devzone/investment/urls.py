from django.urls import path

from devzone.investment import (
    views_activities,
    views_contracts,
    views_leads,
    views_ledger,
    views_settings,
    views_stats,
    views_teams,
)

app_name = "investment"

urlpatterns = [
    path("", views_leads.home, name="home"),
    path("leads/", views_leads.lead_list, name="lead_list"),
    path("leads/new/", views_leads.lead_create, name="lead_create"),
    path("leads/export.xlsx", views_ledger.lead_export, name="lead_export"),
    path("leads/import/", views_ledger.lead_import, name="lead_import"),
    path("leads/import/template.xlsx", views_ledger.lead_import_template, name="lead_import_template"),
    path("leads/<int:pk>/", views_leads.lead_detail, name="lead_detail"),
    path("leads/<int:pk>/edit/", views_leads.lead_edit, name="lead_edit"),
    path("leads/<int:pk>/absorb/", views_leads.lead_absorb, name="lead_absorb"),
    path("leads/<int:pk>/sign/", views_contracts.contract_create, name="contract_create"),
    path("leads/<int:pk>/<slug:action>/", views_leads.lead_action, name="lead_action"),
    path("contracts/", views_contracts.contract_list, name="contract_list"),
    path("contracts/<int:pk>/", views_contracts.contract_detail, name="contract_detail"),
    path("contracts/<int:pk>/funds/", views_contracts.contract_funds, name="contract_funds"),
    path("activities/", views_activities.activity_list, name="activity_list"),
    path("activities/new/", views_activities.activity_create, name="activity_create"),
    path("activities/<int:pk>/", views_activities.activity_detail, name="activity_detail"),
    path("teams/", views_teams.team_list, name="team_list"),
    path("teams/new/", views_teams.team_form, name="team_create"),
    path("teams/<int:pk>/", views_teams.team_detail, name="team_detail"),
    path("teams/<int:pk>/edit/", views_teams.team_form, name="team_edit"),
    path("teams/<int:pk>/add/<slug:what>/", views_teams.team_add, name="team_add"),
    path("funnel/", views_stats.funnel_page, name="funnel"),
    path("leaderboard/", views_stats.leaderboard_page, name="leaderboard"),
    path("leaderboard/export.xlsx", views_stats.leaderboard_export, name="leaderboard_export"),
    path("figures/", views_stats.figures_page, name="figures"),
    path("settings/", views_settings.settings_page, name="settings"),
    path("settings/industries/", views_settings.industries_update, name="industries"),
]
