"""Reading an office's batch verification file (CSV) and writing the results back as CSV.

Accepted: UTF-8 text (a byte-order mark is fine), comma-, semicolon- or tab-separated, a
header row naming member_id, date_of_birth, last_name and optionally date_of_service (case,
spaces and hyphens in the names do not matter; "dob" and "member id" are understood), at
most 1,000 data rows; empty rows are skipped.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from portal.services.csv_export import csv_lines

MAX_ROWS = 1000
MAX_BYTES = 1024 * 1024
REQUIRED = ("member_id", "date_of_birth", "last_name")
OPTIONAL = ("date_of_service",)
_ALIASES = {"dob": "date_of_birth", "birth_date": "date_of_birth", "memberid": "member_id", "member": "member_id",
            "lastname": "last_name", "surname": "last_name", "dos": "date_of_service", "service_date": "date_of_service"}


class BatchFileError(ValueError):
    """The file as a whole cannot be read; the message says what to fix."""


def _header_name(raw: str) -> str:
    name = raw.strip().strip('"').lower().replace("-", "_").replace(" ", "_")
    return _ALIASES.get(name, name)


def read_rows(data: bytes) -> list[tuple[int, dict[str, str]]]:
    """(line number, fields) for each non-empty data row, or BatchFileError."""
    if not data.strip():
        raise BatchFileError("The file is empty.")
    if len(data) > MAX_BYTES:
        raise BatchFileError(f"The file is larger than {MAX_BYTES // 1024} KB: a file of 1,000 rows is much smaller.")
    if b"\x00" in data:
        raise BatchFileError("This is not a CSV text file. Save the spreadsheet as CSV (UTF-8) and upload that.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BatchFileError("The file is not UTF-8 text. Save it as CSV (UTF-8) and upload it again.") from None
    first_line = text.splitlines()[0] if text.splitlines() else ""
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [_header_name(cell) for cell in next(reader)]
    except (StopIteration, csv.Error):
        raise BatchFileError("The file has no header row.") from None
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise BatchFileError(
            "The header row must name the columns member_id, date_of_birth and last_name (and optionally "
            f"date_of_service); missing: {', '.join(missing)}."
        )
    positions = {name: header.index(name) for name in (*REQUIRED, *OPTIONAL) if name in header}
    rows: list[tuple[int, dict[str, str]]] = []
    try:
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            if len(rows) == MAX_ROWS:
                raise BatchFileError(f"The file has more than {MAX_ROWS:,} rows. Split it into files of at most "
                                     f"{MAX_ROWS:,} rows.")
            fields = {name: (cells[i].strip()[:100] if i < len(cells) else "") for name, i in positions.items()}
            rows.append((reader.line_num, fields))
    except csv.Error as error:
        raise BatchFileError(f"The file could not be read as CSV near line {reader.line_num}: {error}.") from None
    if not rows:
        raise BatchFileError("The file has a header row but no rows to verify.")
    return rows


RESULT_COLUMNS = (
    "row", "member_id", "date_of_birth", "last_name", "date_of_service", "status", "error_field", "error",
    "first_name", "attributed", "program", "medical_group", "pcp", "pcp_npi", "care_coordinator",
    "care_coordinator_phone", "attribution_start", "attribution_end", "enrollments",
)


def result_lines(rows: list[dict]) -> Iterator[str]:
    """The results (BatchRow.to_dict() dicts) as CSV lines, formula cells neutralized."""
    return csv_lines(RESULT_COLUMNS, map(_result_cells, rows))


def _result_cells(row: dict) -> list:
    raw = row["input"]
    result = row.get("result") or {}
    attribution = result.get("attribution") or {}
    enrollments = "; ".join(f"{e['program']}: {e['status']} since {e['since']}" for e in result.get("enrollments", []))
    return [
        row["row"], raw.get("member_id", ""), raw.get("date_of_birth", ""), raw.get("last_name", ""),
        result.get("date_of_service") or raw.get("date_of_service", ""), row["status"], row.get("field", ""),
        row.get("error", ""), result.get("first_name", ""),
        ("yes" if result.get("attributed") else "no") if result.get("match") else "",
        attribution.get("program", ""), attribution.get("organization", ""), attribution.get("pcp") or "",
        attribution.get("pcp_npi") or "", attribution.get("care_coordinator") or "",
        attribution.get("care_coordinator_phone") or "", attribution.get("start_date", ""),
        attribution.get("end_date") or "", enrollments,
    ]
