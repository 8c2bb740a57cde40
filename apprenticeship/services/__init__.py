"""Every write of the CFA's phase, one module per subject."""
