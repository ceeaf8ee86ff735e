"""Two-factor steps, mounted at /accounts/2fa/ by the root URLconf (login/logout keep their names)."""

from django.urls import path

from . import views

app_name = "security"

urlpatterns = [
    path("setup/", views.setup, name="setup"),
    path("verify/", views.verify, name="verify"),
    path("recovery-codes/", views.recovery_codes, name="recovery-codes"),
    path("reset/", views.reset, name="reset"),
    path("lockouts/", views.lockouts, name="lockouts"),
]
