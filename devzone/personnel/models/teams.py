"""班子: the leadership team of each zone, which the city manages apart from the zone's staff. A member's term is
``joined_on`` … ``left_on``; a member who came from another post in the reform carries where from. The city's
figures (exchange ratio, average age, full-time degrees before and after a reform date) are computed from these
rows (``selectors.team_comparison``)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from devzone.core.choices import Education
from devzone.core.models.base import ZoneRow


class TeamMember(ZoneRow):
    name = models.CharField(_("姓名"), max_length=30)
    post = models.CharField(_("职务"), max_length=40)
    birth_date = models.DateField(_("出生日期"))
    fulltime_education = models.CharField(
        _("全日制学历"),
        max_length=12,
        choices=Education.choices,
        blank=True,
        help_text=_("非全日制取得的不填"),
    )
    exchanged_from = models.CharField(
        _("交流来源"), max_length=80, blank=True, help_text=_("交流任职的，填原单位")
    )
    joined_on = models.DateField(_("任职日期"))
    left_on = models.DateField(_("离任日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("班子成员")
        verbose_name_plural = _("班子成员")
        ordering = ["zone", "joined_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(left_on__isnull=True) | models.Q(left_on__gte=models.F("joined_on")),
                name="personnel_team_term",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.post}）"
