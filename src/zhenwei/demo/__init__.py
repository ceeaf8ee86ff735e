"""Demo data: one loader module per domain app, each ``load(*, stdout)``, idempotent (natural keys).

The loaders are clients of the whole platform: they write through each app's services with the named
system actor ``ACTOR`` (zhenwei.core.access.SystemActor), and place authored dates relative to today
with ``demodates``. ``zhenwei demo load`` runs them all (``load``)."""


def load(*, stdout) -> None:
    """Every loader, an app's records before the records that refer to them (the former app order).

    The sub-loaders (campaigns_checks, inspections_fire, joint_destruction, tips_monitors) are run by
    their domain's loader."""
    from zhenwei.demo import (
        campaigns,
        cases,
        catalog,
        core,
        credit,
        inspections,
        joint,
        market,
        registry,
        reports,
        tips,
        verify,
        webwatch,
    )

    for loader in (
        core,
        catalog,
        registry,
        campaigns,
        verify,
        cases,
        inspections,
        tips,
        webwatch,
        credit,
        joint,
        market,
        reports,
    ):
        loader.load(stdout=stdout)
