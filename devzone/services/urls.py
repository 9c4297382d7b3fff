from django.urls import path

from devzone.services.views import followups, plans, ratings, requests, settings, statistics, surveys

app_name = "services"

urlpatterns = [
    path("", requests.home, name="home"),
    path("requests/", requests.request_list, name="request_list"),
    path("requests/new/", requests.request_new, name="request_new"),
    path("requests/<int:pk>/", requests.request_detail, name="request_detail"),
    path("requests/<int:pk>/<slug:action>/", requests.request_action, name="request_action"),
    path("attachments/<int:pk>/", requests.attachment_download, name="attachment_download"),
    path("rate/<slug:kind>/<int:pk>/", ratings.rate, name="rate"),
    path("ratings/", ratings.rating_list, name="rating_list"),
    path("ratings/<int:pk>/", ratings.rating_detail, name="rating_detail"),
    path("ratings/<int:pk>/appeal/", ratings.appeal_new, name="appeal_new"),
    path("followups/", followups.followup_list, name="followup_list"),
    path("followups/<int:pk>/", followups.followup_detail, name="followup_detail"),
    path("followups/<int:pk>/<slug:action>/", followups.followup_action, name="followup_action"),
    path("appeals/", followups.appeal_list, name="appeal_list"),
    path("appeals/<int:pk>/", followups.appeal_detail, name="appeal_detail"),
    path("statistics/", statistics.statistics, name="statistics"),
    path("statistics/export.xlsx", statistics.statistics_export, name="statistics_export"),
    path("surveys/", surveys.survey_list, name="survey_list"),
    path("surveys/new/", surveys.survey_new, name="survey_new"),
    path("surveys/take/", surveys.survey_take, name="survey_take"),
    path("surveys/<int:pk>/", surveys.survey_detail, name="survey_detail"),
    path("surveys/<int:pk>/close/", surveys.survey_close, name="survey_close"),
    path("surveys/<int:pk>/reissue/", surveys.survey_reissue, name="survey_reissue"),
    path("s/<str:token>/", surveys.survey_answer, name="survey_answer"),
    path("enterprises/<int:pk>/", plans.enterprise_file, name="enterprise_file"),
    path("enterprises/<int:pk>/plan/", plans.plan_edit, name="plan_edit"),
    path("enterprises/<int:pk>/measures/", plans.measure_add, name="measure_add"),
    path("measures/<int:pk>/", plans.measure_update, name="measure_update"),
    path("settings/", settings.settings_page, name="settings"),
]
