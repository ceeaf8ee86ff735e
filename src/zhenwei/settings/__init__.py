"""Settings entry point: ZHENWEI_ENV picks the module (local by default, production, test)."""

import os

_env = os.environ.get("ZHENWEI_ENV", "local").strip().lower()

if _env == "production":
    from .production import *  # noqa: F403
elif _env == "test":
    from .test import *  # noqa: F403
elif _env == "local":
    from .local import *  # noqa: F403
else:
    raise RuntimeError(f"ZHENWEI_ENV must be local, production or test, not {_env!r}")
