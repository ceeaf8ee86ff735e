"""How a staff page tells a person why a write was refused: one helper for every view.

A service raises ValidationError (naming fields where it can) or PermissionDenied; the view passes
the exception here. With a form, field errors go beside their fields and the rest above the form;
without one, each message becomes an error message (styled as an error, never as a success).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError


def refusal_messages(exc: ValidationError | PermissionDenied) -> list[str]:
    """The human messages of a refusal."""
    if isinstance(exc, ValidationError):
        return list(exc.messages)
    text = str(exc)
    return [text] if text else []


def show_errors(request, exc: ValidationError | PermissionDenied, form=None) -> None:
    """Put a service's refusal where the person sees it: on the form's fields, or as error messages."""
    if form is not None:
        if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
            return
        for text in refusal_messages(exc):
            form.add_error(None, text)
        return
    for text in refusal_messages(exc):
        messages.error(request, text)
