"""What 职能目录与权责清单 adds to core's registry: its figures in the city's reform bulletin."""

from devzone.core import registry
from devzone.powers import bulletin

registry.bulletin("powers", bulletin.figures)
