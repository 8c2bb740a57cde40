"""CSV exports as a French Excel opens them: UTF-8 with a byte-order mark (without
it Excel reads Windows-1252), `;` between cells (Excel's separator in French), an attachment
named by the view. One helper, so that every export reads the same."""

import csv
from collections.abc import Iterable

from django.http import HttpResponse


def csv_response(filename: str, header: Iterable, rows: Iterable[Iterable]) -> HttpResponse:
    """An attachment `filename` holding `header` then `rows` (any iterable, consumed here:
    a queryset's `.iterator()` keeps the memory flat)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow(header)
    writer.writerows(rows)
    return response
