"""The CFA's models, one module per subdomain."""

from .complementary import *  # noqa: F403
