from django.urls import path

from devzone.planning import views

app_name = "planning"

urlpatterns = [
    path("", views.home, name="home"),
    path("plans/<int:zone_id>/", views.plan_edit, name="plan_edit"),
    path("targets/progress/", views.target_progress, name="target_progress"),
    path("schemes/new/", views.scheme_new, name="scheme_new"),
    path("schemes/<int:pk>/", views.scheme_detail, name="scheme_detail"),
    path("schemes/<int:pk>/edit/", views.scheme_edit, name="scheme_edit"),
    path("schemes/<int:pk>/score/<int:zone_id>/", views.score_zone, name="score_zone"),
    path("schemes/<int:pk>/exclude/<int:zone_id>/", views.exclude_zone, name="exclude_zone"),
    path("schemes/<int:pk>/publish/", views.publish, name="publish"),
    path("assessments/<int:pk>/resolve/", views.value_resolve, name="value_resolve"),
]

from devzone.planning import institution_views  # noqa: E402

urlpatterns += [
    path("institutions/", institution_views.city, name="institutions"),
    path("institutions/<int:zone_id>/", institution_views.zone, name="institution_zone"),
    path("institutions/<int:zone_id>/reform/", institution_views.reform_set, name="institution_reform"),
    path("institutions/<int:zone_id>/bodies/", institution_views.body_create, name="body_create"),
    path("bodies/<int:pk>/merge/", institution_views.body_merge, name="body_merge"),
    path("bodies/<int:pk>/abolish/", institution_views.body_abolish, name="body_abolish"),
    path("companies/", institution_views.companies, name="companies"),
    path(
        "companies/<slug:kind>/<int:pk>/contract.pdf",
        institution_views.contract_download,
        name="contract_download",
    ),
]
