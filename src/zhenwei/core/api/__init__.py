"""The core app's API: ``register(router)`` adds its viewsets, ``get_urlpatterns()`` its other paths."""

from django.urls import path


def register(router) -> None:
    from .views import register as _register

    _register(router)


def get_urlpatterns():
    from .views import MeView

    return [path("me/", MeView.as_view(), name="me")]
