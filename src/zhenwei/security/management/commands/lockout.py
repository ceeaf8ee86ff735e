"""``zhenwei lockout list`` and ``zhenwei lockout unlock [--username U] [--network N] --reason R``:
login lockouts (django-axes) from the shell. Unlocking is audited with the operator and the reason;
the same is on the page ``/accounts/2fa/lockouts/`` for platform administrators."""

import getpass

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from zhenwei.security.services import login_lockout_clear, login_lockouts


class Command(BaseCommand):
    help = "Login lockouts: list the failure counts held, or unlock an account or a network (audited)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("list", help="failure counts per account, network and pair, locked first")
        unlock = sub.add_parser("unlock", help="forget the failures of an account and/or a network")
        unlock.add_argument("--username", default="")
        unlock.add_argument("--network", default="", help="an address or CIDR; its /24 or /48 is unlocked")
        unlock.add_argument("--reason", required=True)

    def handle(self, *args, **options):
        if options["action"] == "list":
            for row in login_lockouts():
                state = "LOCKED" if row["locked"] else "counting"
                who = " ".join(x for x in (row["username"], row["network"]) if x)
                self.stdout.write(f"{state:8} {row['rule']:16} {who:40} {row['failures']}/{row['limit']}")
            return
        try:
            operator = getpass.getuser()
        except (KeyError, OSError):
            operator = "unknown"
        try:
            count = login_lockout_clear(
                actor=f"zhenwei lockout ({operator})",
                reason=options["reason"],
                username=options["username"],
                network=options["network"],
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        self.stdout.write(f"unlocked ({count} records removed)")
