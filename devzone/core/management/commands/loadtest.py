"""``devzone loadtest``: mixed traffic against a real server (``core.loadtest``)."""

from django.core.management.base import BaseCommand, CommandError

from devzone.core.bench import DEFAULT_ZONE_NAME, write_figures
from devzone.core.httpload import add_server_arguments, check_counts, server_options
from devzone.core.loadtest import FAULTS


class Command(BaseCommand):
    help = (
        "混合流量压力测试：在127.0.0.1上启动gunicorn，依次测量静态文件、空白视图、登录后的项目列表，"
        "以及各模块用户的混合请求（每秒请求数、p50/p99），并报告列表页与空白视图之比（目标≥1/4）。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=2000, help="requests per phase (default 2,000)")
        parser.add_argument(
            "--zone-name", default=DEFAULT_ZONE_NAME, help="the zone whose users make the traffic"
        )
        parser.add_argument(
            "--fault",
            action="append",
            choices=FAULTS,
            default=[],
            help="break this a third of the way through the mixed phase (repeatable)",
        )
        add_server_arguments(parser)

    def handle(self, *args, **opts):
        from devzone.core.loadgen import ensure_zone
        from devzone.core.loadtest import run_loadtest, table

        check_counts(opts, "requests")
        zone, _created = ensure_zone(opts["zone_name"])
        self.stdout.write(f"loadtest: {zone.name}, {opts['requests']:,} requests per phase")
        try:
            report = run_loadtest(
                zone,
                requests=opts["requests"],
                faults=tuple(opts["fault"]),
                log=self.stdout.write,
                **server_options(opts),
            )
        except RuntimeError as e:
            raise CommandError(str(e)) from e
        write_figures(opts["json_path"], report)
        self.stdout.write(table(report))
