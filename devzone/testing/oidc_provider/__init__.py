"""A real OpenID Connect provider for DevZone's single sign-on tests: django-oauth-toolkit (a development package,
never installed on a server) as a tiny Django project of its own, run by ``devzone.testing.oidc`` in a second
process on 127.0.0.1 with its own SQLite file and a fresh RS256 key. It stands for the province's unified
identity platform: people log in on its own page, and its ID tokens carry ``sub``, ``name`` and, for a legal
person, the enterprise's ``credit_code`` (kept in the test user's ``last_name``)."""
