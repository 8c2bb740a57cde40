"""Views by audience: the candidate's dossier, the referee's form, the staff back-office."""
