"""Reading an office's batch verification file (CSV) and writing the results back as CSV.

Accepted: UTF-8 text (a byte-order mark is fine), comma-, semicolon- or tab-separated, a
header row naming member_id, date_of_birth, last_name and optionally date_of_service (case,
spaces, hyphens and accents in the names do not matter; "dob" and "member id" are understood,
and so are the Spanish names of the results file, "numero_de_miembro", "fecha_de_nacimiento",
"apellido" and "fecha_de_servicio"), at most 1,000 data rows; empty rows are skipped.

The results file is written in the page's language: its header row and its words ("yes",
"since"); the values that are codes (status, error_field) and dates (ISO) are the same in
every language.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.services.csv_export import csv_lines
from portal.services.text import fold

MAX_ROWS = 1000
MAX_BYTES = 1024 * 1024
REQUIRED = ("member_id", "date_of_birth", "last_name")
OPTIONAL = ("date_of_service",)
_ALIASES = {"dob": "date_of_birth", "birth_date": "date_of_birth", "memberid": "member_id", "member": "member_id",
            "lastname": "last_name", "surname": "last_name", "dos": "date_of_service",
            "service_date": "date_of_service",
            # The Spanish names (as the Spanish results file writes them; accents are folded away).
            "numero_de_miembro": "member_id", "fecha_de_nacimiento": "date_of_birth", "apellido": "last_name",
            "apellidos": "last_name", "fecha_de_servicio": "date_of_service", "fecha_del_servicio": "date_of_service"}


class BatchFileError(ValueError):
    """The file as a whole cannot be read; the message says what to fix."""


def _header_name(raw: str) -> str:
    name = fold(raw).replace(" ", "_")
    return _ALIASES.get(name, name)


def read_rows(data: bytes) -> list[tuple[int, dict[str, str]]]:
    """(line number, fields) for each non-empty data row, or BatchFileError."""
    if not data.strip():
        raise BatchFileError(_l("The file is empty."))
    if len(data) > MAX_BYTES:
        raise BatchFileError(_l("The file is larger than %(size)s KB: a file of 1,000 rows is much smaller.",
                                size=MAX_BYTES // 1024))
    if b"\x00" in data:
        raise BatchFileError(_l("This is not a CSV text file. Save the spreadsheet as CSV (UTF-8) and upload that."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BatchFileError(_l("The file is not UTF-8 text. Save it as CSV (UTF-8) and upload it again.")) from None
    first_line = text.splitlines()[0] if text.splitlines() else ""
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [_header_name(cell) for cell in next(reader)]
    except (StopIteration, csv.Error):
        raise BatchFileError(_l("The file has no header row.")) from None
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise BatchFileError(_l("The header row must name the columns member_id, date_of_birth and last_name (and "
                                "optionally date_of_service); missing: %(missing)s.", missing=", ".join(missing)))
    positions = {name: header.index(name) for name in (*REQUIRED, *OPTIONAL) if name in header}
    rows: list[tuple[int, dict[str, str]]] = []
    try:
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            if len(rows) == MAX_ROWS:
                raise BatchFileError(_l("The file has more than %(num)s rows. Split it into files of at most "
                                        "%(num)s rows.", num=format(MAX_ROWS, ",")))
            fields = {name: (cells[i].strip()[:100] if i < len(cells) else "") for name, i in positions.items()}
            rows.append((reader.line_num, fields))
    except csv.Error as error:
        raise BatchFileError(_l("The file could not be read as CSV near line %(line)s: %(error)s.",
                                line=reader.line_num, error=str(error))) from None
    if not rows:
        raise BatchFileError(_l("The file has a header row but no rows to verify."))
    return rows


# The results file's columns: the English names are the documented ones (and what the file
# says in English); the header row is written in the page's language.
RESULT_COLUMNS = {
    "row": _l("row"), "member_id": _l("member_id"), "date_of_birth": _l("date_of_birth"),
    "last_name": _l("last_name"), "date_of_service": _l("date_of_service"), "status": _l("status"),
    "error_field": _l("error_field"), "error": _l("error"), "first_name": _l("first_name"),
    "attributed": _l("attributed"), "program": _l("program"), "medical_group": _l("medical_group"), "pcp": _l("pcp"),
    "pcp_npi": _l("pcp_npi"), "care_coordinator": _l("care_coordinator"),
    "care_coordinator_phone": _l("care_coordinator_phone"), "attribution_start": _l("attribution_start"),
    "attribution_end": _l("attribution_end"), "enrollments": _l("enrollments"),
}
# How an enrollment's status is written in the file ("Diabetes: active since 2026-01-05").
_ENROLLMENT_STATUS = {"active": _l("active"), "withdrawn": _l("withdrawn"), "completed": _l("completed")}


def result_lines(rows: list[dict]) -> Iterator[str]:
    """The results (BatchRow.to_dict() dicts) as CSV lines in the page's language, formula cells
    neutralized."""
    return csv_lines([str(name) for name in RESULT_COLUMNS.values()], map(_result_cells, rows))


def _result_cells(row: dict) -> list:
    raw = row["input"]
    result = row.get("result") or {}
    attribution = result.get("attribution") or {}
    enrollments = "; ".join(
        _("%(program)s: %(status)s since %(since)s", program=_(e["program"]),
          status=str(_ENROLLMENT_STATUS.get(e["status"], e["status"])), since=e["since"])
        for e in result.get("enrollments", []))
    return [
        row["row"], raw.get("member_id", ""), raw.get("date_of_birth", ""), raw.get("last_name", ""),
        result.get("date_of_service") or raw.get("date_of_service", ""), row["status"], row.get("field", ""),
        row.get("error", ""), result.get("first_name", ""),
        (_("yes") if result.get("attributed") else _("no")) if result.get("match") else "",
        attribution.get("program", ""), attribution.get("organization", ""), attribution.get("pcp") or "",
        attribution.get("pcp_npi") or "", attribution.get("care_coordinator") or "",
        attribution.get("care_coordinator_phone") or "", attribution.get("start_date", ""),
        attribution.get("end_date") or "", enrollments,
    ]
