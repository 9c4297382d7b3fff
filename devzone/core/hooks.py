"""Core's own registrations (found by ``core.registry`` at start-up, like each module's): its figures of the
city's reform bulletin."""

from devzone.core import registry
from devzone.core.bulletin import figures

registry.bulletin("core", figures)
