"""English formats of the portal, read by Django's localisation (FORMAT_MODULE_PATH).

The English pages serve international candidates of a French school, who read "09/03/2021"
as 9 March, as the notice writes it: the short formats are day first, on a 24-hour clock
(Paris time), instead of Django's American "03/09/2021 2:05 p.m.". Everything else (long
dates with month names, numbers) is Django's English."""

SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
