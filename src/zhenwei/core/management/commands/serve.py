"""``zhenwei serve``: the production server (gunicorn, threaded workers), never runserver."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.core.servers.basehttp import get_internal_wsgi_application

from zhenwei.core import serve_hooks


def _worker_exit(server, worker) -> None:
    """Run what the apps registered for a worker's graceful exit (verify: write the pending scan log)."""
    for hook in serve_hooks.worker_exit_hooks():
        try:
            hook()
        except Exception:  # noqa: BLE001 - one hook's failure must not skip the others
            server.log.exception("worker exit hook %s failed", getattr(hook, "__qualname__", hook))


class Command(BaseCommand):
    help = "Serve the platform with gunicorn (production-grade WSGI server)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=settings.SERVE_HOST)
        parser.add_argument("--port", type=int, default=settings.SERVE_PORT)
        parser.add_argument("--workers", type=int, default=settings.SERVE_WORKERS)
        parser.add_argument("--threads", type=int, default=settings.SERVE_THREADS)
        parser.add_argument("--access-log", action="store_true", help="log every request")
        parser.add_argument(
            "--with-worker",
            action="store_true",
            help="also run one background task worker (zhenwei tasks worker: db_worker, or rqworker with Redis)",
        )

    def handle(self, *args, **options):
        from gunicorn.app.base import BaseApplication

        # settings.WSGI_APPLICATION (zhenwei.wsgi.application), the way runserver finds it.
        application = get_internal_wsgi_application()

        bind = (
            f"[{options['host']}]:{options['port']}"
            if ":" in options["host"]
            else f"{options['host']}:{options['port']}"
        )
        config = {
            "bind": bind,
            "workers": options["workers"],
            "threads": options["threads"],
            "worker_class": "gthread" if options["threads"] > 1 else "sync",
            "timeout": 60,
            "graceful_timeout": 20,
            "keepalive": 5,
            "forwarded_allow_ips": ",".join(settings.TRUSTED_PROXIES) or "127.0.0.1",
            "accesslog": "-" if options["access_log"] else None,
            "errorlog": "-",
            "max_requests": 20000,
            "max_requests_jitter": 2000,
            # Batched writers (the verification scan log) write what they hold before a worker exits.
            "worker_exit": _worker_exit,
        }

        class Server(BaseApplication):
            def load_config(self):
                for key, value in config.items():
                    if value is not None:
                        self.cfg.set(key, value)

            def load(self):
                return application

        self._maintain()
        worker = self._start_worker() if options["with_worker"] else None
        self.stdout.write(f"Zhenwei serving on http://{bind}/ with {options['workers']} workers")
        try:
            Server().run()
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=20)

    def _maintain(self) -> None:
        """Start-up upkeep that must not wait for cron: the CJK font PDF exports embed (built if the
        install skipped `zhenwei fonts prepare`, then registered here so that every forked worker has
        it: no export pays for it), and the hooks the apps register (verify: the scan log's coming
        monthly partitions). A failing hook is reported and the server still starts."""
        from zhenwei.core import fonts

        if not fonts.is_prepared():
            self.stdout.write("building the CJK font for PDF exports (once; `zhenwei fonts prepare`)")
        fonts.prepare()

        for hook in serve_hooks.startup_hooks():
            try:
                for line in hook() or ():
                    self.stdout.write(line)
            except Exception as exc:  # noqa: BLE001 - e.g. the default partition still takes every row
                self.stderr.write(f"start-up hook {getattr(hook, '__qualname__', hook)} failed: {exc}")

    def _start_worker(self):
        """The real task worker of the configured backend, as a child process (for single-machine setups)."""
        import subprocess
        import sys

        backend = settings.TASKS["default"]["BACKEND"]
        if not backend.startswith(("django_tasks_rq", "django_tasks_db")):
            self.stderr.write(f"task backend {backend} needs no worker")
            return None
        # rqworker or db_worker, with the recovery of tasks whose worker died (zhenwei.core.task_recovery).
        command = ["tasks", "worker"]
        self.stdout.write(f"starting task worker: zhenwei {' '.join(command)}")
        return subprocess.Popen([sys.executable, "-m", "zhenwei.cli", *command])  # noqa: S603
