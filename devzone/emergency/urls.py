from django.urls import path

from devzone.emergency import views

app_name = "emergency"

urlpatterns = [
    path("", views.home, name="home"),
    path("mine/", views.mine, name="mine"),
    path("mine/<int:pk>/need/", views.my_need, name="my_need"),
    path("campaigns/new/", views.campaign_new, name="campaign_new"),
    path("campaigns/<int:pk>/", views.campaign, name="campaign"),
    path("campaigns/<int:pk>/need/", views.staff_need, name="staff_need"),
    path("campaigns/<int:pk>/plan/", views.plan, name="plan"),
    path("campaigns/<int:pk>/<slug:action>/", views.campaign_action, name="campaign_action"),
    path("supplies/<int:pk>/allocate/", views.allocate, name="allocate"),
    path("supplies/<int:pk>/stock/", views.stock, name="stock"),
    path("needs/<int:pk>/<slug:action>/", views.need_action, name="need_action"),
    path("allocations/<int:pk>/deliver/", views.deliver, name="deliver"),
    path("runs/<int:pk>/", views.run, name="run"),
]
