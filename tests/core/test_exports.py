"""core.exports: every CSV export opens in a French Excel (UTF-8 with BOM, `;`), as an
attachment."""

import csv
import io

from core.exports import csv_response


def test_csv_response_is_an_excel_ready_attachment():
    rows = ([n, f"Élève {n}", "a;b"] for n in range(2))
    response = csv_response("liste-2021.csv", ["N", "Nom", "Note"], rows)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="liste-2021.csv"'
    assert response.content.startswith("\ufeff".encode())
    text = response.content.decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text), delimiter=";")) == [
        ["N", "Nom", "Note"],
        ["0", "Élève 0", "a;b"],
        ["1", "Élève 1", "a;b"],
    ]
