"""Views by audience: the candidate and the payment providers; the staff."""
