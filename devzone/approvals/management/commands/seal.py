"""``devzone seal create --zone 济北经济开发区 [--name …]``; ``devzone seal rotate --zone … --as USER``;
``devzone seal export-public --zone … [--all]`` (the public key PEM, for ``openssl pkeyutl -verify``)."""

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import timezone

from devzone.approvals import seal as crypto
from devzone.approvals.certificates import seal_create, seal_rotate
from devzone.approvals.models import ApprovalSeal
from devzone.core.actors import system_actor
from devzone.core.errors import DomainError
from devzone.core.models import Zone


def _zone(name: str) -> Zone:
    zones = list(Zone.objects.filter(Q(name=name) | Q(short_name=name)).select_related("city"))
    if not zones:
        raise CommandError(f"开发区不存在：{name}")
    if len(zones) > 1:
        raise CommandError(f"有多个开发区名为“{name}”，请用全称：{'、'.join(z.name for z in zones)}")
    return zones[0]


class Command(BaseCommand):
    help = "The zones' approval seals (审批专用章): create, rotate, export the public key."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="op", required=True)
        create = sub.add_parser("create", help="create the zone's first seal")
        create.add_argument("--zone", required=True, help="the zone's name or short name")
        create.add_argument("--name", help="the seal's name (default: <zone>管理委员会行政审批专用章)")
        rotate = sub.add_parser(
            "rotate", help="retire the active seal (kept for verification) and start a new one"
        )
        rotate.add_argument("--zone", required=True)
        rotate.add_argument(
            "--as", dest="username", required=True, help="a system administrator or the zone leader"
        )
        export = sub.add_parser(
            "export-public", help="print the seal's public key (SubjectPublicKeyInfo PEM)"
        )
        export.add_argument("--zone", required=True)
        export.add_argument("--all", action="store_true", help="retired seals too")

    def handle(self, *args, op, **o):
        zone = _zone(o["zone"])
        try:
            if op == "create":
                row = seal_create(actor=system_actor(), zone=zone, name=o.get("name"))
                self._describe(row, "已启用")
            elif op == "rotate":
                from django.contrib.auth import get_user_model

                user = get_user_model().objects.filter(username=o["username"], is_active=True).first()
                if user is None:
                    raise CommandError(f"用户不存在：{o['username']}")
                row = seal_rotate(actor=user, zone=zone)
                self._describe(row, "已轮换，新印章")
            else:
                self._export(zone, everything=o["all"])
        except DomainError as e:
            raise CommandError(e.message)

    def _describe(self, row: ApprovalSeal, verb: str) -> None:
        self.stdout.write(
            f"{verb}：{row.name}（印章编号 {row.serial}，公钥指纹 SM3 {crypto.fingerprint(row.public_key)}）"
        )

    def _export(self, zone: Zone, *, everything: bool) -> None:
        seals = ApprovalSeal.objects.filter(zone=zone).order_by("-is_active", "-created_at")
        if not everything:
            seals = seals.filter(is_active=True)
        rows = list(seals)
        if not rows:
            raise CommandError(f"{zone.name}没有{'' if everything else '在用的'}审批专用章")
        for row in rows:  # stdout is PEM only (``> seal.pem``); the labels go to stderr
            # the day in Beijing time: stored in UTC, a seal retired before 08:00 would read as the day before
            day = timezone.localtime(row.retired_at) if row.retired_at else None
            retired = f"已停用 {day:%Y-%m-%d}" if day else "已停用"
            self.stderr.write(f"# {row.name} {row.serial}（{'在用' if row.is_active else retired}）")
            self.stdout.write(crypto.public_key_pem(row.public_key), ending="")
