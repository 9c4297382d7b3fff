from django.urls import path

from devzone.powers import views

app_name = "powers"
urlpatterns = [
    path("", views.home, name="home"),
    path("functions/add/", views.function_add, name="function_add"),
    path("draft/", views.draft_open, name="draft_open"),
    path("lists/<int:pk>/", views.list_detail, name="list_detail"),
    path("lists/<int:pk>/add/", views.power_add, name="power_add"),
    path("lists/<int:pk>/publish/", views.list_publish, name="list_publish"),
    path("powers/<int:pk>/change/", views.power_change, name="power_change"),
    path("powers/<int:pk>/remove/", views.power_remove, name="power_remove"),
    path("public/<int:zone_id>/", views.public, name="public"),  # no login: the zone's published lists
    path("public/<int:zone_id>/lists/<int:pk>/", views.public_version, name="public_version"),  # no login
]
