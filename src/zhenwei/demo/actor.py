"""The one actor of the demo: a named system actor, so every audit row and stamp says "demo"."""

from zhenwei.core.access import SystemActor

ACTOR = SystemActor("demo")
