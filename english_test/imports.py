"""Reading a provider's results file for the staff import (providers without an API).

The file is a CSV (comma or semicolon), UTF-8 with or without BOM, or Windows-1252 (what
Excel writes in France), with a header line:
    email;score;level;completed_on;test_id
`email` (the candidate's portal e-mail) or `reference` (the invitation's reference) names
the candidate; `score` (0 to ENGLISH_TEST_SCORE_MAX, decimal comma accepted) is required;
`level` (A1…C2), `completed_on` (YYYY-MM-DD or DD/MM/YYYY) and `test_id` are optional.

`parse` checks every line and names each bad one and why; the import records nothing
until the file is clean (`FileCheck.errors` empty)."""

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from admissions.models import Campaign

from .enums import Level, TakeState
from .models import Take

MAX_BYTES = 2 * 1024 * 1024
COLUMNS = ("email", "reference", "score", "level", "completed_on", "test_id")


@dataclass
class ImportRow:
    line: int
    take: Take
    score: Decimal
    level: str
    completed_at: dt.datetime | None
    provider_reference: str
    unchanged: bool = False  # already recorded with this result: importing it again changes nothing


@dataclass
class FileCheck:
    encoding: str = ""
    rows: list[ImportRow] = field(default_factory=list)
    errors: list[tuple[int | None, str]] = field(default_factory=list)  # (line or None for the file, why)
    text: str = ""

    @property
    def clean(self) -> bool:
        return not self.errors and bool(self.rows)


def decode(data: bytes, check: FileCheck) -> str | None:
    """UTF-8 (a BOM is dropped), else Windows-1252; any other encoding is refused, naming
    the lines that are neither."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data:
        check.errors.append((None, _("The file is in UTF-16 or is not text: save it as CSV UTF-8.")))
        return None
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        check.encoding = "UTF-8" if encoding == "utf-8-sig" else "Windows-1252"
        return text
    for number, raw in enumerate(data.splitlines(), start=1):
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            try:
                raw.decode("cp1252")
            except UnicodeDecodeError:
                check.errors.append(
                    (number, _("Characters neither UTF-8 nor Windows-1252: save the file as CSV UTF-8."))
                )
    return None


def parse(data: bytes, *, takes: dict[str, Take], score_max: Decimal) -> FileCheck:
    check = FileCheck()
    if len(data) > MAX_BYTES:
        check.errors.append((None, _("The file is too large (2 MB at most).")))
        return check
    text = decode(data, check)
    if text is None:
        return check
    check.text = text
    try:
        dialect = csv.Sniffer().sniff(text.splitlines()[0] if text.strip() else ",", delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    header = [name.strip().lower() for name in next(reader, [])]
    if "score" not in header or not ({"email", "reference"} & set(header)):
        check.errors.append(
            (1, _("The first line must name the columns, with “email” (or “reference”) and “score”."))
        )
        return check
    unknown = [name for name in header if name and name not in COLUMNS]
    if unknown:
        check.errors.append((1, _("Unknown columns: %(names)s.") % {"names": ", ".join(unknown)}))
        return check
    seen: dict[int, int] = {}
    for values in reader:
        line = reader.line_num
        if not any(value.strip() for value in values):
            continue
        if len(values) != len(header):
            check.errors.append(
                (
                    line,
                    _("%(found)d values for %(expected)d columns.")
                    % {"found": len(values), "expected": len(header)},
                )
            )
            continue
        row = dict(zip(header, (value.strip() for value in values), strict=True))
        _row_check(check, row, line=line, takes=takes, score_max=score_max, seen=seen)
    if not check.rows and not check.errors:
        check.errors.append((None, _("The file has no result line.")))
    return check


def _row_check(check, row, *, line, takes, score_max, seen) -> None:
    key = row.get("email", "").lower() or row.get("reference", "")
    take = takes.get(key)
    problems = []
    if take is None:
        problems.append(
            _(
                "unknown candidate “%(who)s”: nobody with this e-mail or reference was invited "
                "to the English test in this session"
            )
            % {"who": key}
            if key
            else _("no e-mail or reference")
        )
    elif take.pk in seen:
        problems.append(_("the same candidate as line %(line)d (duplicated row)") % {"line": seen[take.pk]})
    score = None
    try:
        score = Decimal(row.get("score", "").replace(",", ".").replace(" ", ""))
        if not score.is_finite():
            raise InvalidOperation
    except InvalidOperation:
        problems.append(_("the score “%(score)s” is not a number") % {"score": row.get("score", "")})
    else:
        if not 0 <= score <= score_max:
            problems.append(
                _("the score %(score)s is out of range (0 to %(max)s)")
                % {"score": row["score"], "max": score_max}
            )
    level = row.get("level", "").upper()
    if level and level not in Level.values:
        problems.append(_("the level “%(level)s” is not one of A1 to C2") % {"level": row["level"]})
    completed_at = None
    if row.get("completed_on"):
        completed_at = _date(row["completed_on"])
        if completed_at is None:
            problems.append(
                _("the date “%(date)s” is not a date (YYYY-MM-DD)") % {"date": row["completed_on"]}
            )
    unchanged = False
    if take is not None and not problems:
        if take.state == TakeState.INVALIDATED:
            problems.append(_("this candidate's test was invalidated"))
        elif take.state == TakeState.COMPLETED:
            if take.score == score and take.level == level:
                unchanged = True
            else:
                problems.append(
                    _("this candidate's test already has another result; invalidate it first if it is wrong")
                )
    if take is not None and take.pk not in seen:
        seen[take.pk] = line
    if problems:
        check.errors.append((line, "; ".join(str(p) for p in problems)))
        return
    check.rows.append(
        ImportRow(
            line=line,
            take=take,
            score=score,
            level=level,
            completed_at=completed_at,
            provider_reference=row.get("test_id", "")[:100],
            unchanged=unchanged,
        )
    )


def _date(value: str) -> dt.datetime | None:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            day = dt.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
        return Campaign.paris_start_of(day) + dt.timedelta(hours=12)
    return None
