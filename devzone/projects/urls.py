from django.urls import path

from devzone.projects import views, views_dispatch, views_problems, views_visits

app_name = "projects"

urlpatterns = [
    path("", views.home, name="home"),
    path("portfolio/", views.portfolio, name="portfolio"),
    path("mine/", views.mine, name="mine"),
    path("handover/", views.handover, name="handover"),
    path("p/<int:pk>/", views.project_detail, name="project_detail"),
    path("p/<int:pk>/visit/", views_visits.visit_new, name="visit_new"),
    path("p/<int:pk>/<slug:action>/", views.project_action, name="project_action"),
    path("agents/", views_visits.agents, name="agents"),
    path("visits/", views_visits.visit_list, name="visit_list"),
    path("photos/<int:pk>/", views_visits.visit_photo, name="visit_photo"),
    path("problems/", views_problems.problem_list, name="problem_list"),
    path("problems/new/", views_problems.problem_new, name="problem_new"),
    path("problems/statistics/", views_problems.problem_stats, name="problem_stats"),
    path("problems/<int:pk>/", views_problems.problem_detail, name="problem_detail"),
    path("problems/<int:pk>/<slug:action>/", views_problems.problem_action, name="problem_action"),
    path("dispatches/", views_dispatch.dispatch_list, name="dispatch_list"),
    path("dispatches/new/", views_dispatch.dispatch_generate, name="dispatch_generate"),
    path("dispatches/<int:pk>/", views_dispatch.dispatch_detail, name="dispatch_detail"),
    path("dispatches/<int:pk>/download/", views_dispatch.dispatch_download, name="dispatch_download"),
    path("settings/", views_dispatch.settings_page, name="settings"),
]
