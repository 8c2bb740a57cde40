"""The CFA's writes, one module per subdomain."""

from .complementary import *  # noqa: F403
