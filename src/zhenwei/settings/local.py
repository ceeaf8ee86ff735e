"""The embedded default: SQLite under var/, plain HTTP on localhost, demo-friendly."""

from .base import *  # noqa: F403
from .env import env_bool

DEBUG = env_bool("DEBUG", False)
