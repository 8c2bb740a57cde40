"""Thin views of the jury back-office, by page: scope by program (404 elsewhere), call a
service, show its message. The jury works on intakes and dossiers; the president
releases the decisions; an administrator overrides one."""
