from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VerifyConfig(AppConfig):
    name = "zhenwei.verify"
    label = "verify"
    verbose_name = _("真伪核验")
    # (label, url name, capability or None[, group]): the staff sidebar (core/navigation.py);
    # entries without a group go to nav_group.
    nav_group = "inspect"
    nav_items = [
        (_("扫码与可疑编码"), "verify:index", "view"),
        (_("证书批量核查"), "verify:bulk", "view"),
        (_("证书打印"), "verify:certificate-pdf", "view", "registry"),
        (_("签名密钥"), "verify:keys", "admin", "admin"),
    ]
    # (title, url name, description): shown on the public portal.
    portal_links = [
        (_("产品真伪查询"), "verify_public:product", _("输入或扫描产品身份标识码，查询是否为正品")),
        (_("安全生产证书查询"), "verify_public:certificate", _("输入证书编号和姓名，核验证书真伪与状态")),
        (_("证书二维码验证"), "verify_public:qr", _("扫描证书上的签名二维码，离线签名也可核验")),
    ]

    def ready(self) -> None:
        # core's `zhenwei serve` runs these without importing verify (docs/architecture.md, layers).
        from zhenwei.core import serve_hooks

        serve_hooks.on_startup(_scan_log_partitions)
        serve_hooks.on_worker_exit(_scan_log_flush)


def _scan_log_partitions() -> list[str]:
    """The scan log's coming monthly partitions (a no-op where the table is not partitioned)."""
    from .partitions import ensure_partitions

    return [f"created scan-log partition {name}" for name in ensure_partitions()]


def _scan_log_flush() -> None:
    """Write the scan events this worker still holds (its batches are written every few hundred ms)."""
    from .scanlog import flush

    flush()
