"""The probatory tests as a whole: the registry where each test's app says what the candidate
has to do and what the jury graded, the candidate's tests page, and the jury's admissibility
deliberation released on its date (R-TEST-1, R-TEST-8)."""
