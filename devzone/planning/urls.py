from django.urls import path

from devzone.planning import views

app_name = "planning"

urlpatterns = [
    path("", views.home, name="home"),
    path("plans/<int:zone_id>/", views.plan_edit, name="plan_edit"),
    path("schemes/new/", views.scheme_edit, name="scheme_new"),
    path("schemes/<int:pk>/", views.scheme_detail, name="scheme_detail"),
    path("schemes/<int:pk>/score/<int:zone_id>/", views.score_zone, name="score_zone"),
    path("schemes/<int:pk>/publish/", views.publish, name="publish"),
]
