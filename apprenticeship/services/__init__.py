"""Every write of the CFA's phase, one module per subject (job sheets, places, contracts,
complementary list)."""

from .complementary import *  # noqa: F403
