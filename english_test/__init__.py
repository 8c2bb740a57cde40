"""The English test run by a provider (R-TEST-4, R-TEST-5): invitations, the provider's results
through a signed callback or a staff CSV import, a built-in sandbox provider."""
