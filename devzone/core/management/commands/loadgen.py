"""``devzone loadgen``: fill the database with synthetic staff, enterprises and projects for the benchmark."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from devzone.core import registry
from devzone.core.bench import DEFAULT_ZONE_NAME
from devzone.core.loadgen import PROVINCE_ZONES, load_province, loadgen


class Command(BaseCommand):
    help = (
        "Fill one zone with synthetic, valid rows (bulk_create, batches of 2,000, each in a transaction). "
        "A load tool, not a user action: it bypasses the services and leaves no audit trail. "
        "Deterministic for a given --seed on the same database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--staff", type=int, default=10_000, help="staff to add (default 10,000)")
        parser.add_argument(
            "--enterprises", type=int, default=20_000, help="enterprises to add (default 20,000)"
        )
        parser.add_argument("--projects", type=int, default=50_000, help="projects to add (default 50,000)")
        parser.add_argument(
            "--zone-name",
            default=None,
            help=f"an existing zone to fill, or the name of a new one (default {DEFAULT_ZONE_NAME})",
        )
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument("--batch-size", type=int, default=2000, help="rows per INSERT and transaction")
        parser.add_argument(
            "--province",
            action="store_true",
            help="a province instead of one zone: 200 zones in 16 cities with 60,000 staff, 20,000 enterprises, "
            "50,000 projects, 1,000,000 applications, 200,000 leads and 100,000 service requests, shared by "
            "zone size (the per-kind options are ignored)",
        )
        parser.add_argument(
            "--scale", type=float, default=1.0, help="with --province: a share of those rows (default 1)"
        )
        parser.add_argument(
            "--zones", type=int, default=PROVINCE_ZONES, help="with --province: zones (default 200)"
        )
        for ext in registry.load_steps():
            # argparse formats help with %: a module's "60%" is text, not a placeholder
            parser.add_argument(f"--{ext.option}", type=int, default=0, help=ext.help.replace("%", "%%"))

    def handle(self, *args, **opts):
        for key in ("staff", "enterprises", "projects"):
            if opts[key] < 0:
                raise CommandError(f"--{key} must not be negative")
        if opts["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1")
        self.stdout.write(f"loadgen → {connection.vendor} {connection.settings_dict['NAME']}")
        if opts["province"]:
            if not 0 < opts["scale"] <= 10 or not 1 <= opts["zones"] <= 1000:
                raise CommandError("--scale must be in (0, 10] and --zones in 1–1000")
            province = {k: opts[k] for k in ("seed", "scale", "zones")}
            figures = self.call(load_province, batch=opts["batch_size"], **province)
            self.stdout.write(self.style.SUCCESS(f"province: {figures}"))
            return
        core = {k: opts[k] for k in ("staff", "enterprises", "projects", "zone_name", "seed")}
        result = self.call(loadgen, batch=opts["batch_size"], **core)
        extra = ", ".join(
            f"{k} {v}"
            for k, v in result.created.items()
            if k in ("city", "zone", "department", "post", "area") and v
        )
        self.stdout.write(
            f"开发区 {result.zone_name} (id {result.zone_id})" + (f"; 新建 {extra}" if extra else "")
        )
        self.stdout.write(
            f"新增 工作人员 {result.created['staff']}, 企业 {result.created['enterprise']}, "
            f"项目 {result.created['project']}; 合计 工作人员 {result.totals['staff']}, "
            f"企业 {result.totals['enterprise']}, 项目 {result.totals['project']}"
        )
        self.stdout.write(self.style.SUCCESS(f"用时 {result.seconds:.1f} s"))
        from devzone.core.models import Zone

        zone = Zone.objects.get(pk=result.zone_id)
        for ext in registry.load_steps():
            count = opts[ext.option.replace("-", "_")]
            if count > 0:
                self.stdout.write(f"{ext.option}: {count:,}")
                figures = self.call(ext.load, zone=zone, count=count, seed=opts["seed"])
                self.stdout.write(self.style.SUCCESS(f"{ext.option}: {figures}"))

    def call(self, load, **kwargs):
        """``load(**kwargs)`` logging to the command's output; its refusal (RuntimeError) is the command's error."""
        try:
            return load(log=self.stdout.write, **kwargs)
        except RuntimeError as e:
            raise CommandError(str(e)) from None
