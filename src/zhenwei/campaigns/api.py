"""/api/v1/campaigns/…: the app's API (core/api discovers ``register``)."""

from . import checks_api


def register(router) -> None:
    checks_api.register(router)  # self-checks and certificate checks (campaigns/checks_api.py)
