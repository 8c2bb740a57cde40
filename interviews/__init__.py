"""Live interviews by video conference (R-TEST-3, R-TEST-5): slots opened by the jury, one
booking per candidate and test, iCalendar invitations, the panel's grading."""
