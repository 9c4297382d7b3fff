"""URL patterns of the catalog pages; the app's ``urls.py`` (app_name "approvals") includes them."""

from django.urls import path

from devzone.approvals import views_catalog

catalog_urlpatterns = [
    path("items/", views_catalog.item_list, name="item_list"),
    path("items/new/", views_catalog.item_create, name="item_create"),
    path("items/<int:pk>/", views_catalog.item_detail, name="item_detail"),
    path("items/<int:pk>/edit/", views_catalog.item_edit, name="item_edit"),
    path("catalog/import/", views_catalog.catalog_import, name="catalog_import"),
    path("catalog/template.xlsx", views_catalog.catalog_template, name="catalog_template"),
    path("catalog/export.xlsx", views_catalog.catalog_export, name="catalog_export"),
]
