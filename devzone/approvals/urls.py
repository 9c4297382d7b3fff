from django.urls import path

from devzone.approvals import views, views_catalog, views_stats

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
    # The catalog of approval items.
    path("items/", views_catalog.item_list, name="item_list"),
    path("items/new/", views_catalog.item_create, name="item_create"),
    path("items/<int:pk>/", views_catalog.item_detail, name="item_detail"),
    path("items/<int:pk>/edit/", views_catalog.item_edit, name="item_edit"),
    path("catalog/import/", views_catalog.catalog_import, name="catalog_import"),
    path("catalog/template.xlsx", views_catalog.catalog_template, name="catalog_template"),
    path("catalog/export.xlsx", views_catalog.catalog_export, name="catalog_export"),
]
