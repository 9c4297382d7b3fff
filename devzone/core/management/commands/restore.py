import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from devzone.core import backup as bk
from devzone.core.management.passphrase import passphrase_of

#: the restore's target database, read when --database-url is not given; unlike the option it may hold a password
URL_ENV = "DEVZONE_RESTORE_DATABASE_URL"


def _has_password(database_url: str) -> bool:
    try:
        return bool(bk.pg_target(database_url)[1])
    except bk.BackupError as e:
        raise CommandError(str(e)) from None


class Command(BaseCommand):
    help = (
        "Restore an encrypted backup into a new place (never over a live database): SQLite into --var-dir, "
        "PostgreSQL into the empty database --database-url; the keys into --key-dir (default --var-dir), the data "
        "keys into its data_keys/, with devzone-keys.env, the lines for the environment file."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--var-dir", help="where the SQLite file, uploads and keys go (a new folder)")
        parser.add_argument(
            "--database-url",
            default="",
            help=f"an empty PostgreSQL database for the dump, without its password (else {URL_ENV}, which may "
            "hold one; or give the password in PGPASSWORD or ~/.pgpass)",
        )
        parser.add_argument(
            "--media-root",
            help="where the uploaded files go (default: VAR_DIR/media); afterwards it holds exactly the backup's "
            "files: any other (uploaded or changed since) is moved into a dated folder beside it, never deleted",
        )
        parser.add_argument(
            "--key-dir",
            help="where the keys go (the data keys into its data_keys/), with devzone-keys.env for the environment "
            "file (default: --var-dir); "
            "needed for a PostgreSQL backup that holds keys",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace the SQLite file in --var-dir (DevZone stopped), restore into a PostgreSQL database "
            "that has tables (cleaned first), replace other keys in --key-dir",
        )
        parser.add_argument("--check", action="store_true", help="only decrypt and verify, restore nothing")
        parser.add_argument("--passphrase-file")

    def handle(
        self,
        *args,
        archive,
        var_dir=None,
        database_url="",
        media_root=None,
        key_dir=None,
        force=False,
        check=False,
        passphrase_file=None,
        **options,
    ):
        import tempfile

        if database_url and _has_password(database_url):
            # the command line is readable by every user of the machine (ps, /proc/<pid>/cmdline), for the whole
            # restore: the password comes from the environment, as the backup passphrase does
            raise CommandError(
                f"--database-url 中不能含数据库密码（命令行其他用户也能看到）：请改用环境变量 {URL_ENV}，"
                "或把密码放入 PGPASSWORD 或 ~/.pgpass"
            )
        database_url = database_url or os.environ.get(URL_ENV, "")
        try:
            if check:
                with tempfile.TemporaryDirectory() as tmp:
                    manifest = bk.open_backup(Path(archive), passphrase_of(passphrase_file), Path(tmp))
                self.stdout.write(self.style.SUCCESS(f"备份完好：{bk.manifest_summary(manifest)}"))
                return
            manifest = bk.restore(
                Path(archive),
                passphrase_of(passphrase_file),
                var_dir=Path(var_dir) if var_dir else None,
                database_url=database_url,
                media_root=Path(media_root) if media_root else None,
                key_dir=Path(key_dir) if key_dir else None,
                force=force,
                now=timezone.localtime(),  # the moved-aside folder's date, Beijing time
            )
        except bk.BackupError as e:
            raise CommandError(str(e)) from None
        self.stdout.write(self.style.SUCCESS(f"已恢复：{bk.manifest_summary(manifest)}"))
        moved = manifest.get("media_moved_aside")
        if moved:
            self.stdout.write(
                self.style.WARNING(
                    f"上传文件目录已与备份一致：其中{moved['files']}个备份中没有（备份之后新增）或已改动的文件"
                    f"未删除，已移到 {moved['folder']}；确认不再需要后可自行删除"
                )
            )
        if "keys_restored_to" in manifest:
            where = Path(manifest["keys_restored_to"])
            self.stdout.write(
                f"密钥已写入 {where}：把 {where / bk.KEYS_ENV_FILE} 中的各行写入环境文件（如 /etc/devzone.env）"
                "后再启动 DevZone"
            )
