from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    name = "devzone.oversight"
    label = "oversight"
    verbose_name = _("领导驾驶舱与改革简报")
