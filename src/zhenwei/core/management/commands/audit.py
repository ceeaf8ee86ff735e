"""``zhenwei audit verify [--checkpoint FILE] [--chain-only]``: walk the keyed hash chain, check it
still holds a signed checkpoint's head, and compare every sealed record with its last audit row
(exit 1 on any finding). ``zhenwei audit checkpoint FILE`` writes a signed checkpoint of the chain
head, to be kept outside the database. ``zhenwei audit seal`` writes the baseline audit row of
sealed records that have none (once, after upgrading a database written before issue 14)."""

import sys

from django.core.management.base import BaseCommand, CommandError

from zhenwei.core.audit import (
    audit_seal_unmatched,
    audit_verify_chain,
    audit_verify_records,
    sealed_models,
)
from zhenwei.core.audit_checkpoint import CheckpointError, checkpoint_check, checkpoint_read, checkpoint_write

MAX_LISTED = 200  # records named on the terminal; the count covers all of them


class Command(BaseCommand):
    help = "Audit trail tools: verify the chain and the sealed records, write signed checkpoints, seal a baseline."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="check the hash chain, checkpoints and sealed records")
        verify.add_argument(
            "--checkpoint",
            action="append",
            default=[],
            help="a signed checkpoint file the chain must still contain (may be repeated)",
        )
        verify.add_argument("--chain-only", action="store_true", help="skip the walk over sealed records")
        checkpoint = sub.add_parser("checkpoint", help="write a signed checkpoint of the chain head to FILE")
        checkpoint.add_argument("file")
        sub.add_parser(
            "seal",
            help="write a baseline 'seal' row for every sealed record without any audit row "
            "(after upgrading; review `audit verify` first: sealing accepts the records as they are)",
        )

    def handle(self, *args, **options):
        action = options["action"]
        if action == "checkpoint":
            try:
                data = checkpoint_write(options["file"])
            except CheckpointError as exc:
                raise CommandError(str(exc)) from None
            self.stdout.write(
                f"checkpoint written: seq={data['seq']} hash={data['hash'][:16]}… to {options['file']}"
            )
            return
        if action == "seal":
            return self._seal()
        return self._verify(options)

    def _verify(self, options):
        failed = False
        chain = audit_verify_chain()
        if chain.broken is not None:
            b = chain.broken
            self.stderr.write(
                f"audit chain broken at row seq={b.seq} (id={b.pk}, {b.model}:{b.object_id}): "
                f"{chain.reason}; {chain.checked} rows before it are intact"
            )
            sys.exit(1)
        if chain.reason:
            self.stderr.write(f"audit chain broken: {chain.reason}")
            failed = True
        else:
            keyed = (
                f"keyed since seq={chain.keyed_since}"
                if chain.keyed_since
                else "no keyed row yet (plain SHA-256)"
            )
            self.stdout.write(f"audit chain intact: {chain.checked} rows, {keyed}")
        for path in options["checkpoint"]:
            try:
                reason = checkpoint_check(checkpoint_read(path), chain)
            except CheckpointError as exc:
                reason = str(exc)
            if reason:
                self.stderr.write(f"checkpoint {path}: {reason}")
                failed = True
            else:
                self.stdout.write(f"checkpoint {path}: chain still contains its head")
        if not options["chain_only"]:
            found = 0
            for problem in audit_verify_records():
                found += 1
                if found <= MAX_LISTED:
                    self.stderr.write(str(problem))
            if found:
                self.stderr.write(f"{found} sealed records do not match their audit trail")
                failed = True
            else:
                self.stdout.write(
                    f"sealed records match their last audit rows ({', '.join(sorted(sealed_models()))})"
                )
        if failed:
            sys.exit(1)

    def _seal(self):
        total = audit_seal_unmatched(
            actor="zhenwei audit seal", note="baseline seal of a record without audit row"
        )
        self.stdout.write(f"sealed {total} records")
