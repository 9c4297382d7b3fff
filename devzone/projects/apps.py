from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "devzone.projects"
    label = "projects"
    verbose_name = _("重点项目全程代办")
    # access.py, jobs.py and hooks.py are found by core.registry; demo.py and bench.py register there too.
