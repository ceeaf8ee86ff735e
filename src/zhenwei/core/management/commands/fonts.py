"""``zhenwei fonts prepare|status``: build the CJK font that PDF exports embed (install step).

``make install``, ``make demo`` and ``make test`` run ``prepare``; ``zhenwei serve`` does too before it
accepts requests. Without it the first PDF export of a fresh install spends half a minute building
the font inside the request (see zhenwei/core/fonts.py).
"""

import time

from django.core.management.base import BaseCommand

from zhenwei.core import fonts


class Command(BaseCommand):
    help = "Build (prepare) or check (status) the CJK font embedded in PDF exports."
    requires_system_checks = []  # an install step: needs no database

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["prepare", "status"])

    def handle(self, *args, action, **options):
        path = fonts.cached_font_path()
        if action == "status":
            state = f"ready ({path.stat().st_size // 1024} KiB)" if path.exists() else "not built"
            self.stdout.write(f"CJK font {path}: {state}")
            return
        started = time.monotonic()
        built = not path.exists()
        fonts.prepare()
        verb = "built" if built else "already built"
        self.stdout.write(f"CJK font {verb}: {path} ({time.monotonic() - started:.1f} s)")
