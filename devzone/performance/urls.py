from django.urls import path

from devzone.performance import views

app_name = "performance"

urlpatterns = [
    path("", views.home, name="home"),
    path("rounds/", views.round_list, name="round_list"),
    path("rounds/<int:pk>/", views.round_detail, name="round_detail"),
    path("rounds/<int:pk>/do/<slug:action>/", views.round_action, name="round_action"),
    path("rounds/<int:pk>/codes/", views.codes, name="codes"),
    path("rounds/<int:pk>/reports/<int:department>/", views.report_download, name="report_download"),
    path("rounds/<int:pk>/ballots.xlsx", views.ballot_export, name="ballot_export"),
    path("rounds/<int:pk>/grades/<int:department>/", views.grades, name="grades"),
    path("rounds/<int:pk>/pay/", views.pay_sheet, name="pay_sheet"),
    path("rounds/<int:pk>/pay.xlsx", views.pay_export, name="pay_export"),
    path("rounds/<int:pk>/adjustments/", views.adjustment_list, name="adjustment_list"),
    path("rounds/<int:pk>/adjustments.xlsx", views.adjustment_export, name="adjustment_export"),
    path("rounds/<int:pk>/pay/<int:staff>/", views.pay_person, name="pay_person"),
    path("vote/", views.vote, name="vote"),
    path("my/", views.my, name="my"),
    path("my/appeal/<int:grade>/", views.appeal_new, name="appeal_new"),
    path("appeals/", views.appeal_list, name="appeal_list"),
    path("pay-profiles/", views.payprofile_list, name="payprofile_list"),
    path("pay-profiles/<int:staff>/", views.payprofile_edit, name="payprofile_edit"),
    path("schemes/", views.scheme_list, name="scheme_list"),
    path("schemes/new/", views.scheme_new, name="scheme_new"),
    path("schemes/<int:pk>/", views.scheme_detail, name="scheme_detail"),
    path("annual/", views.annual, name="annual"),
    path("reports/", views.report, name="report"),
]
