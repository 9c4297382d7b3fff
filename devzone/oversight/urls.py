from django.urls import path

from devzone.oversight import views

app_name = "oversight"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export.xlsx", views.dashboard_export, name="dashboard_export"),
    path("zones/<int:zone_id>/", views.zone_detail, name="zone"),
    path("bulletin/", views.bulletin, name="bulletin"),
    path("bulletin.<slug:fmt>", views.bulletin_file, name="bulletin_file"),
]
