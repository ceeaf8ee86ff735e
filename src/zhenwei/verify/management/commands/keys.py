"""``zhenwei keys create|list|rotate|revoke KID``: the issuer's signing keys."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from zhenwei.verify import keys
from zhenwei.verify.models import SigningKey


class Command(BaseCommand):
    help = "Manage QR signing keys (private keys stay in KEYS_DIR, mode 0600)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("create", help="create a new active key")
        sub.add_parser("list", help="list keys (public halves)")
        sub.add_parser("rotate", help="create a new active key and retire the active ones")
        revoke = sub.add_parser("revoke", help="revoke a key: its signatures fail everywhere at once")
        revoke.add_argument("kid")
        revoke.add_argument("--reason", default="")

    def handle(self, *args, **options):
        action = options["action"]
        try:
            if action == "create":
                key = keys.key_create(actor="zhenwei keys")
                self.stdout.write(f"created {key.kid} (private key {keys.key_path(key.kid)})")
            elif action == "rotate":
                key = keys.key_rotate(actor="zhenwei keys")
                self.stdout.write(f"rotated: {key.kid} is now the active key")
            elif action == "revoke":
                key = SigningKey.objects.filter(kid=options["kid"]).first()
                if key is None:
                    raise CommandError(f"no key {options['kid']}")
                keys.key_revoke(key=key, actor="zhenwei keys", reason=options["reason"])
                self.stdout.write(f"revoked {key.kid}")
            else:
                for key in SigningKey.objects.order_by("created_at"):
                    self.stdout.write(
                        f"{key.kid}\t{key.algorithm}\t{key.status}\t{key.created_at:%Y-%m-%d}\t{key.public_key}"
                    )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
