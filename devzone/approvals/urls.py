from django.urls import path

from devzone.approvals import views, views_stats
from devzone.approvals.urls_catalog import catalog_urlpatterns

app_name = "approvals"

urlpatterns = [
    path("", views.home, name="home"),
    path("queue/", views.queue, name="queue"),
    path("intakes/", views.intake_list, name="intake_list"),
    path("intakes/new/", views.intake_new, name="intake_new"),
    path("intakes/<int:pk>/", views.intake_detail, name="intake_detail"),
    path("applications/<int:pk>/", views.application_detail, name="application_detail"),
    path("applications/<int:pk>/<slug:action>/", views.application_action, name="application_action"),
    path("materials/<int:pk>/", views.material_download, name="material_download"),
    path("statistics/", views_stats.statistics_page, name="statistics"),
    path("statistics/export.xlsx", views_stats.statistics_export, name="statistics_export"),
    path("projects/<int:pk>/path/", views_stats.project_path_page, name="project_path"),
    *catalog_urlpatterns,
]
