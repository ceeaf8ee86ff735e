"""What other apps may call in webwatch (docs/architecture.md): the screen for counterfeit wording."""

from .screening import screen_text

__all__ = ["screen_text"]
