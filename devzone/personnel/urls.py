from django.urls import path

from devzone.personnel.views import budget, competition, people, portal, recruitment, staff, staffing, teams

app_name = "personnel"

urlpatterns = [
    path("", staff.home, name="home"),
    path("campaigns/new/", recruitment.campaign_new, name="campaign_new"),
    path("campaigns/<int:pk>/", staff.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/openings/", recruitment.opening_add, name="opening_add"),
    path("campaigns/<int:pk>/statistics/", staff.statistics, name="statistics"),
    path("campaigns/<int:pk>/edit/", recruitment.campaign_edit, name="campaign_edit"),  # before the actions
    path("campaigns/<int:pk>/<slug:action>/", staff.campaign_action, name="campaign_action"),
    path("openings/<int:pk>/", staff.opening_detail, name="opening_detail"),
    path("openings/<int:pk>/edit/", recruitment.opening_edit, name="opening_edit"),  # before the actions
    path("openings/<int:pk>/remove/", recruitment.opening_remove, name="opening_remove"),
    path("openings/<int:pk>/extra-test/", recruitment.extra_test, name="extra_test"),  # before the actions
    path("openings/<int:pk>/<slug:action>/", staff.opening_action, name="opening_action"),
    path("registrations/<int:pk>/", staff.registration_detail, name="registration_detail"),
    path("registrations/<int:pk>/<slug:action>/", staff.registration_action, name="registration_action"),
    path(
        "registrations/<int:pk>/documents/<int:doc>/", staff.document_download, name="registration_document"
    ),
    # 年度考核 and 刚性淘汰.
    path("annual/", staffing.annual, name="annual"),
    path("annual/report.docx", staffing.annual_report, name="annual_report"),
    path("annual/share/", staffing.share_set, name="share_set"),
    path("annual/<slug:action>/", staffing.annual_action, name="annual_action"),
    path("reviews/<int:pk>/decide/", staffing.review_decide, name="review_decide"),
    path("targets/add/", staffing.term_target_add, name="term_target_add"),
    path("targets/<int:pk>/assess/", staffing.term_target_assess, name="term_target_assess"),
    path("staff/<int:pk>/", people.staff_detail, name="staff_detail"),
    path("cases/<int:pk>/", staffing.case_detail, name="case_detail"),
    path("teams/", teams.teams, name="teams"),
    path("teams/template.xlsx", teams.team_template, name="team_template"),
    path("teams/<slug:action>/", teams.team_action, name="team_action"),
    path("budget/", budget.budget, name="budget"),
    path("budget/<slug:action>/", budget.budget_action, name="budget_action"),
    path("special-pay/<int:pk>/decide/", budget.special_pay_decide, name="special_pay_decide"),
    path("competitions/", competition.competition_list, name="competition_list"),
    path("competitions/new/", competition.competition_new, name="competition_new"),
    # 我的竞聘: a staff member's own applications
    path("competitions/mine/", competition.my_competitions, name="my_competitions"),
    path("competitions/mine/apply/", competition.my_competition_apply, name="my_competition_apply"),
    path(
        "competitions/mine/<int:pk>/withdraw/",
        competition.my_competition_withdraw,
        name="my_competition_withdraw",
    ),
    path("competitions/<int:pk>/", competition.competition_detail, name="competition_detail"),
    path("competitions/<int:pk>/<slug:action>/", competition.competition_action, name="competition_action"),
    # The candidates' portal.
    path("portal/", portal.portal, name="portal"),
    path("portal/register/", portal.register, name="register"),
    path("portal/my/", portal.my, name="my"),
    path("portal/my/profile/", portal.my_profile, name="my_profile"),
    path("portal/my/phone/", portal.my_phone, name="my_phone"),
    path("portal/apply/", portal.apply, name="apply"),
    path("portal/documents/", portal.document_upload, name="document_upload"),
    path("portal/documents/<int:pk>/", portal.document_download, name="document_download"),
    path("portal/documents/<int:pk>/delete/", portal.document_delete, name="document_delete"),
    path("portal/my/<int:pk>/", portal.my_registration, name="my_registration"),
    path("portal/my/<int:pk>/ticket/", portal.ticket, name="ticket"),
]
