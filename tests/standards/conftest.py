"""The live xAPI LRS of the standards tests: one ralph server per pytest-xdist worker."""

from tests.standards.lrs import xapi_lrs

__all__ = ["xapi_lrs"]
