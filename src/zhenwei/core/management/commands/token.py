"""``zhenwei token create USERNAME``: print an API token for that user, alone on one line.

A platform administrator's tool on the server (docs/security.md, "API clients"): a token skips the
session's two-factor step, so it is made only here or in the admin by a superuser who entered their
second factor. Each token made or revoked is audited with the operating-system user who ran this.
"""

import getpass

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from rest_framework.authtoken.models import Token

from zhenwei.core.audit import audit_record
from zhenwei.core.choices import AuditAction


class Command(BaseCommand):
    help = "Manage API tokens (platform administrators, on the server; audited)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="print the user's API token (created if missing)")
        create.add_argument("username")
        create.add_argument("--rotate", action="store_true", help="replace an existing token")
        revoke = sub.add_parser("revoke", help="delete the user's API token")
        revoke.add_argument("username")

    def handle(self, *args, **options):
        User = get_user_model()
        try:
            user = User.objects.get(username=options["username"])
        except User.DoesNotExist:
            raise CommandError(f"no user named {options['username']!r}") from None
        if not user.is_active:
            raise CommandError(f"user {user.username!r} is inactive")
        if options["action"] == "revoke":
            deleted, _ = Token.objects.filter(user=user).delete()
            audit_record(
                actor="zhenwei token",
                action=AuditAction.DELETE,
                model="authtoken.token",
                object_id=str(user.pk),
                object_repr=f"API token of {user.username}",
                note=f"by {_operator()} on the server",
            )
            self.stdout.write("revoked" if deleted else "no token")
            return
        if options["rotate"]:
            Token.objects.filter(user=user).delete()
        token, created = Token.objects.get_or_create(user=user)
        if created:
            audit_record(
                actor="zhenwei token",
                action=AuditAction.CREATE,
                model="authtoken.token",
                object_id=str(user.pk),
                object_repr=f"API token of {user.username}",
                note=f"by {_operator()} on the server",
            )
        self.stdout.write(token.key)


def _operator() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (containers)
        return "unknown"
