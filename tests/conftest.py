"""Shared test configuration: the hypothesis profiles.

``HYPOTHESIS_PROFILE`` picks the profile; without it, ``ci`` when the ``CI`` variable is set,
else ``dev``.
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("dev", max_examples=30)
settings.register_profile("ci", max_examples=150, deadline=None, derandomize=False, print_blob=True)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)
