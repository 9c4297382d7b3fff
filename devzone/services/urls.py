from django.urls import path

from devzone.services import views, views_more

app_name = "services"

urlpatterns = [
    path("", views.home, name="home"),
    path("requests/", views.request_list, name="request_list"),
    path("requests/new/", views.request_new, name="request_new"),
    path("requests/<int:pk>/", views.request_detail, name="request_detail"),
    path("requests/<int:pk>/<slug:action>/", views.request_action, name="request_action"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("rate/<slug:kind>/<int:pk>/", views.rate, name="rate"),
    path("ratings/", views.rating_list, name="rating_list"),
    path("ratings/<int:pk>/", views.rating_detail, name="rating_detail"),
    path("ratings/<int:pk>/appeal/", views.appeal_new, name="appeal_new"),
    path("followups/", views.followup_list, name="followup_list"),
    path("followups/<int:pk>/", views.followup_detail, name="followup_detail"),
    path("followups/<int:pk>/<slug:action>/", views.followup_action, name="followup_action"),
    path("appeals/", views.appeal_list, name="appeal_list"),
    path("appeals/<int:pk>/", views.appeal_detail, name="appeal_detail"),
    path("statistics/", views_more.statistics, name="statistics"),
    path("statistics/export.xlsx", views_more.statistics_export, name="statistics_export"),
    path("surveys/", views_more.survey_list, name="survey_list"),
    path("surveys/new/", views_more.survey_new, name="survey_new"),
    path("surveys/take/", views_more.survey_take, name="survey_take"),
    path("surveys/<int:pk>/", views_more.survey_detail, name="survey_detail"),
    path("surveys/<int:pk>/close/", views_more.survey_close, name="survey_close"),
    path("surveys/<int:pk>/reissue/", views_more.survey_reissue, name="survey_reissue"),
    path("s/<str:token>/", views_more.survey_answer, name="survey_answer"),
    path("enterprises/<int:pk>/", views_more.enterprise_file, name="enterprise_file"),
    path("enterprises/<int:pk>/plan/", views_more.plan_edit, name="plan_edit"),
    path("enterprises/<int:pk>/measures/", views_more.measure_add, name="measure_add"),
    path("measures/<int:pk>/", views_more.measure_update, name="measure_update"),
    path("settings/", views_more.settings_page, name="settings"),
]
