"""The deferred video interview (R-TEST-2, R-TEST-6, R-TEST-7): questions, device check and
practice, one take recorded in chunks, the jury's grading, deletion on time."""
