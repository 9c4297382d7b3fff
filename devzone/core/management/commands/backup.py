from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from devzone.core import backup as bk
from devzone.core import sealbox
from devzone.core.management.passphrase import passphrase_of


class Command(BaseCommand):
    help = "Write an encrypted backup (database, uploaded files, keys and data keys; never the ballot keys) to a file."

    def add_arguments(self, parser):
        parser.add_argument("out", help="the backup file to write, e.g. /backup/devzone-2026-12-04.dzbak")
        parser.add_argument(
            "--passphrase-file", help="a file holding the passphrase (else DEVZONE_BACKUP_PASSPHRASE)"
        )

    def handle(self, *args, out, passphrase_file=None, **options):
        # data keys made before DEVZONE_DATA_KEY_DIR existed still sit among the ballot keys: move them first, so
        # that this backup holds them (core.sealbox)
        try:
            sealbox.adopt_data_keys()
        except OSError as e:
            self.stderr.write(
                f"注意：未能把数据密钥从 {settings.DEVZONE_BALLOT_KEY_DIR} 移到 {settings.DEVZONE_DATA_KEY_DIR}（{e}）："
                "本备份可能缺少部分数据密钥，请检查两个目录的权限后重新备份"
            )
        db = settings.DATABASES["default"]
        sqlite = db["ENGINE"].endswith("sqlite3")
        source = bk.Source(
            media_root=Path(settings.MEDIA_ROOT),
            key_dir=Path(settings.VAR_DIR),
            sqlite_path=Path(db["NAME"]) if sqlite else None,
            database_url="" if sqlite else _conninfo(db),
            # the keys in use: in production from the environment, where a file in VAR_DIR may be stale
            secret_key=settings.SECRET_KEY,
            seal_master_key=settings.DEVZONE_SEAL_MASTER_KEY,
            data_key_dir=Path(settings.DEVZONE_DATA_KEY_DIR),
        )
        try:
            manifest = bk.backup(source, Path(out), passphrase_of(passphrase_file))
        except bk.BackupError as e:
            raise CommandError(str(e)) from None
        self.stdout.write(self.style.SUCCESS(f"已备份到 {out}：{bk.manifest_summary(manifest)}"))
        if "seal_master_key" not in manifest["keys"]:
            self.stderr.write(
                "注意：备份中没有印章主密钥（未设 DEVZONE_SEAL_MASTER_KEY，VAR_DIR 中也还没有 seal_master_key）"
            )


def _conninfo(db: dict) -> str:
    """The database of ``db`` (a ``settings.DATABASES`` entry) as a libpq connection string, as Django's own
    connection reaches it: a Unix-socket directory or an IPv6 address as the host, no host or port when none is
    configured (libpq's defaults, as for Django), and the libpq options of ``OPTIONS`` (``sslmode``,
    ``sslrootcert``, ``connect_timeout``, ...) kept, so pg_dump verifies the server as the application does.
    Django's own options (``pool``, ``isolation_level``, ...) are left out. The password is included:
    ``core.backup.pg_target`` takes it out and passes it to pg_dump in the environment, never on the command
    line."""
    from psycopg import conninfo, pq

    libpq_keys = {o.keyword.decode() for o in pq.Conninfo.get_defaults()}
    parts = {
        "user": db.get("USER"),
        "dbname": db.get("NAME"),
        "host": db.get("HOST"),
        "port": db.get("PORT"),
        "password": db.get("PASSWORD"),
    }
    parts |= {k: v for k, v in (db.get("OPTIONS") or {}).items() if k in libpq_keys and k not in parts}
    return conninfo.make_conninfo(**{k: str(v) for k, v in parts.items() if v not in (None, "")})


_url = _conninfo  # the name it had when it built a URL (kept for callers and tests)
