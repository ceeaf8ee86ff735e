"""Task workers that are alive: each `zhenwei tasks worker` process keeps one row fresh (heartbeat), so
a task left RUNNING by a worker that died can be told apart from one that is still being worked on."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TaskWorker(models.Model):
    """One task worker process (host, pid) and when it was last seen alive."""

    worker_id = models.CharField(verbose_name=_("工作进程标识"), max_length=64, unique=True)
    hostname = models.CharField(verbose_name=_("主机"), max_length=255)
    pid = models.PositiveIntegerField(verbose_name=_("进程号"))
    backend = models.CharField(verbose_name=_("任务后端"), max_length=32, default="default")
    started_at = models.DateTimeField(verbose_name=_("启动时间"))
    last_seen_at = models.DateTimeField(verbose_name=_("最近心跳"), db_index=True)
    stopped_at = models.DateTimeField(verbose_name=_("正常退出时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("任务工作进程")
        verbose_name_plural = _("任务工作进程")
        ordering = ["-last_seen_at"]

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.hostname} pid {self.pid})"
