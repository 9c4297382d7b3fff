from django.urls import path

from devzone.exchange import views

app_name = "exchange"
urlpatterns = [
    path("", views.home, name="home"),
    path("new/", views.subscriber_new, name="subscriber_new"),
    path("<int:pk>/", views.subscriber_detail, name="subscriber_detail"),
    path("<int:pk>/rotate/", views.subscriber_rotate, name="subscriber_rotate"),
    path("deliveries/<int:pk>/replay/", views.delivery_replay, name="delivery_replay"),
    path("sandbox/<int:pk>/", views.sandbox, name="sandbox"),  # a test receiver (DEVZONE_EXCHANGE_SANDBOX=1)
]
