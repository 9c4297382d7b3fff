"""The survey links' rate limit, shared by the answer page and the API: unknown links per address in ten minutes
(``core.ratelimit``). A link is 24 random bytes, so guessing is hopeless anyway; the limit keeps a scanner from
filling the logs and the database with attempts."""

from devzone.core.ratelimit import Limit

WRONG_LINKS = Limit("survey-wrong-link", 30, 600)
