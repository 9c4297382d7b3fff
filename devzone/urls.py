from django.contrib import admin
from django.urls import include, path, re_path

from devzone.api import api
from devzone.api import unknown_path as api_unknown_path
from devzone.approvals.urls_verify import certificates
from devzone.core import metrics, sso, views_health, views_people, views_tools
from devzone.core.forms import LoginForm

urlpatterns = [
    path("", include("devzone.dashboard.urls")),
    path("core/", include("devzone.core.urls")),
    path("approvals/", include("devzone.approvals.urls")),
    path("projects/", include("devzone.projects.urls")),
    path("services/", include("devzone.services.urls")),
    path("investment/", include("devzone.investment.urls")),
    path("performance/", include("devzone.performance.urls")),
    path("personnel/", include("devzone.personnel.urls")),
    path("planning/", include("devzone.planning.urls")),
    path("emergency/", include("devzone.emergency.urls")),
    path("exchange/", include("devzone.exchange.urls")),
    path("powers/", include("devzone.powers.urls")),
    path("oversight/", include("devzone.oversight.urls")),
    path("verify/", include("devzone.approvals.urls_verify")),  # public: certificate verification
    path("certificates/", certificates),  # downloads of a certificate in scope
    path(
        "accounts/login/",
        sso.LoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True),
        name="login",
    ),
    # The one-time link to set one's own password (core.services.people): no login, the link is the proof.
    path("accounts/set-password/<str:uidb64>/<str:token>/", views_people.password_set, name="password_set"),
    path("accounts/logout/", sso.LogoutView.as_view(), name="logout"),  # ends the provider's session too
    path(
        "oidc/", include(sso.urlpatterns)
    ),  # single sign-on (core.sso): 404 unless DEVZONE_OIDC_ISSUER is set
    path("i18n/setlang/", views_tools.language_switch, name="set_language"),  # kept on the account too
    path("healthz", views_health.healthz, name="healthz"),
    path(
        "metrics", metrics.metrics, name="metrics"
    ),  # Prometheus: the monitoring host only (DEVZONE_METRICS_ALLOW)  # load balancer / monitoring: no login, no data
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    # every other path under api/, a newline (%0A) in it included, which <path:> does not match
    re_path(r"^api/(?P<rest>(?s:.*))$", api_unknown_path, name="api_unknown_path"),
]

handler400 = "devzone.core.views_errors.bad_request"
handler403 = "devzone.core.views_errors.forbidden"
handler404 = "devzone.core.views_errors.not_found"
handler500 = "devzone.core.views_errors.server_error"
