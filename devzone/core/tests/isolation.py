"""Endpoints of this module that need no isolation test, each with the reason (read by
devzone.testing.isolation, which fails the suite for any other page or API operation that no isolation test
requests)."""

EXEMPT = {
    "login": "the login form: no data; lockout and audit in test_security",
    "logout": "ends the caller's own session",
    "healthz": "answers whether the database answers, no data; test_init",
    "metrics": "counts only (no names, no ids), to DEVZONE_METRICS_ALLOW only; test_metrics",
    "set_language": "sets the caller's language cookie; test_pages",
    "core:staff_template": "an empty ledger template, the same for everybody",
    "core:module": "a placeholder page that names a module, no data (login required: tested above)",
    "api:openapi-json": "the API description, no data",
    "api:openapi-view": "the API documentation page, no data",
    "api:api-root": "ninja's root, no data",
    "token_create": "creates the caller's own token; test_api",
    "me_get": "reports the caller's own reach",
    "calendar_add": "working-day arithmetic on the shared calendar, no zone data",
    "calendar_between": "working-day arithmetic on the shared calendar, no zone data",
    "core:otp_enroll": "links the caller's own authenticator; test_otp",
    "core:otp_verify": "checks the caller's own code; test_otp",
    "core:otp_reset": "system administrators only (every other role 403: test_otp::test_only_a_sysadmin_may_reset)",
    "oidc_authentication_init": "sends the caller to the identity provider, no data; test_sso_browser",
    "oidc_authentication_callback": "the provider's answer for the caller's own login; test_sso_browser, test_sso",
    "oidc_logout": "ends the caller's own session; test_sso_browser",
}
