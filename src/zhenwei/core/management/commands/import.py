"""``zhenwei import KIND FILE``: every app's ``importers.IMPORTERS`` maps a kind to a function.

The function takes ``path``, ``actor`` and ``progress`` (a callable taking rows done) and returns an
ImportSummary; the command prints rejected rows with their line numbers and the summary line.

A platform administrator's tool, run on the server: without ``--user`` the rows are written by a
named system actor, in any division. With ``--user`` the import runs as that account and its scope
applies (rows outside it are rejected), as on the staff import page.
"""

from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError


def all_importers() -> dict:
    found = {}
    for app in settings.ZHENWEI_APPS:
        if find_spec(f"{app}.importers") is not None:
            found.update(import_module(f"{app}.importers").IMPORTERS)
    return found


class Command(BaseCommand):
    help = (
        "Import a file: zhenwei import KIND FILE (kinds: divisions, product-codes, certificates, "
        "enterprises, listings, lab_results). A platform-administrator tool run on the server: "
        "without --user the rows are written in any division. Staff import on the staff site "
        "(/staff/registry/imports/), where rows outside their scope are rejected."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind")
        parser.add_argument("file")
        parser.add_argument(
            "--user",
            help=(
                "username recorded as the importer in the audit trail; the import then runs with "
                "that account's scope (rows outside it are rejected with their line)"
            ),
        )
        parser.add_argument("--quiet-errors", action="store_true", help="print only the summary line")

    def handle(self, *args, **options):
        importers = all_importers()
        kind = options["kind"]
        if kind not in importers:
            raise CommandError(f"unknown import kind {kind!r}; choose one of: {', '.join(sorted(importers))}")
        actor = None
        if options["user"]:
            from django.contrib.auth import get_user_model

            actor = get_user_model().objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(f"no user named {options['user']!r}")
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.completed} rows"),
            TimeElapsedColumn(),
            console=None,
            transient=True,
            disable=not self.stderr.isatty(),
        ) as bar:
            task = bar.add_task(f"import {kind}", total=None)
            try:
                summary = importers[kind](
                    path=options["file"], actor=actor, progress=lambda n: bar.update(task, completed=n)
                )
            except FileNotFoundError:
                raise CommandError(f"file not found: {options['file']}") from None
            except ValidationError as exc:
                raise CommandError("; ".join(exc.messages)) from None
            except PermissionDenied as exc:
                raise CommandError(str(exc)) from None
        if not options["quiet_errors"]:
            for line, reason in summary.errors:
                self.stderr.write(f"line {line}: {reason}")
        self.stdout.write(summary.line())
