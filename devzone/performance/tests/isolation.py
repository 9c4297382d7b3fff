"""Endpoints of this module that need no isolation test, each with the reason (read by
devzone.testing.isolation, which fails the suite for any other page or API operation that no isolation test
requests)."""

EXEMPT = {
    "performance:vote": "the secret ballot needs no login by design: it answers only for a valid one-time code, "
    "shows nothing but the department names of that code's round, rate-limited; "
    "test_confidentiality::test_the_ballot_page_reveals_nothing_and_is_rate_limited",
    "performance_ballot_cast": "the ballot API (auth=None) for the same one-time codes; "
    "test_confidentiality::test_the_ballot_page_reveals_nothing_and_is_rate_limited",
}
