"""How the portal writes dates and times for people: one format everywhere.

A date is "December 1, 2026" ("1 de diciembre de 2026" in Spanish); a moment is "December 1,
2026, 2:43 PM EST" ("1 de diciembre de 2026, 2:43 p.m. EST"), in the reader's time zone with the
zone shown; a number is "2,650,000" in both languages (US conventions, as US Spanish readers see
them). Pure functions of their arguments (no Flask): the templates reach them through the
`day`, `when` and `number` filters, which pass the reader's zone and language.

Machine-readable dates (CSV files, the JSON API, `<time datetime>` attributes) stay ISO 8601."""
from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from babel.dates import format_date, format_time
from babel.numbers import format_decimal

DEFAULT_ZONE = "America/New_York"

# English month names, whatever the process's locale (strftime's %B follows LC_TIME).
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")

# The zones offered first on the account's time zone page: the United States and its territories.
US_ZONES: tuple[tuple[str, str], ...] = (
    ("America/New_York", "Eastern Time"),
    ("America/Chicago", "Central Time"),
    ("America/Denver", "Mountain Time"),
    ("America/Phoenix", "Arizona Time: Mountain Time, no daylight saving"),
    ("America/Los_Angeles", "Pacific Time"),
    ("America/Anchorage", "Alaska Time"),
    ("Pacific/Honolulu", "Hawaii Time"),
    ("America/Adak", "Hawaii-Aleutian Time: Aleutian Islands"),
    ("America/Puerto_Rico", "Atlantic Time: Puerto Rico, U.S. Virgin Islands"),
    ("Pacific/Guam", "Chamorro Time: Guam, Northern Mariana Islands"),
    ("Pacific/Pago_Pago", "Samoa Time: American Samoa"),
)
# A zone's name in a sentence ("Times are shown in Arizona Time (America/Phoenix)").
_LABELS = {name: label.partition(":")[0] for name, label in US_ZONES} | {
    "UTC": "Coordinated Universal Time", "Etc/UTC": "Coordinated Universal Time"}
# The regions whose zones are listed after the US ones (not the old aliases: US/Eastern, EST5EDT).
_REGIONS = ("Africa/", "America/", "Antarctica/", "Asia/", "Atlantic/", "Australia/", "Europe/", "Indian/",
            "Pacific/")
# Names in the zone database that are not a place: never a reader's zone.
_NOT_PLACES = frozenset({"localtime", "Factory", "posixrules", "posix", "right"})


def valid_zone(name: object) -> str | None:
    """The IANA zone name if it is one (America/Chicago), else None."""
    if not isinstance(name, str) or not name or len(name) > 64 or name in _NOT_PLACES or name not in _zones():
        return None
    return name


def _zones() -> frozenset[str]:
    global _ZONES
    if _ZONES is None:
        _ZONES = frozenset(available_timezones())
    return _ZONES


_ZONES: frozenset[str] | None = None


def other_zones() -> list[str]:
    """The world's zones by region (Europe/Paris), for whoever is not in one of US_ZONES."""
    us = {name for name, _ in US_ZONES}
    return sorted(name for name in _zones() if name.startswith(_REGIONS) and name not in us)


def zone_label(name: str) -> str:
    """Central Time (America/Chicago); a zone not in the US list by its place: Paris time."""
    if name in _LABELS:
        return _LABELS[name]
    place = name.rpartition("/")[2]
    if name.startswith("Etc/GMT") and place[3:4] in ("+", "-"):  # POSIX signs: Etc/GMT+5 is 5 hours behind
        return f"GMT{'-' if place[3] == '+' else '+'}{place[4:]} time"
    return place.replace("_", " ") + " time"


def _zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(valid_zone(name) or DEFAULT_ZONE)
    except ZoneInfoNotFoundError:  # a system without that zone's data
        return ZoneInfo("UTC")


def local(value: datetime, zone: str | None) -> datetime:
    """An aware (or naive UTC) datetime in the zone."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(_zone(zone))


def _abbreviation(moment: datetime) -> str:
    """EST, CDT, HST, ChST; where the zone database has no letters for a zone ("-03", "+0545"),
    the offset as browsers write it: GMT-3, GMT+5:45."""
    name = moment.tzname() or ""
    if name and name[0] not in "+-":
        return name
    offset = moment.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    if not minutes:
        return "GMT"
    sign, minutes = ("+" if minutes > 0 else "-"), abs(minutes)
    return f"GMT{sign}{minutes // 60}" + (f":{minutes % 60:02d}" if minutes % 60 else "")


def long_date(value: date | datetime | str | None, zone: str | None = None, language: str = "en") -> str:
    """December 1, 2026 (a datetime: its date in the zone). An ISO date string ("2026-12-01",
    as services hand them to templates) is written the same way; any other text is left as is."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, datetime):
        value = local(value, zone)
    return _date(value, language)


def _date(value: date, language: str = "en") -> str:
    if language == "en":
        return f"{MONTHS[value.month - 1]} {value.day}, {value.year}"
    return format_date(value, "long", locale=LOCALES.get(language, "en_US"))


# The Babel locale numbers and dates are written with, per language the portal speaks: US
# conventions in both ("2,650,000"; Spanish month names), as US Spanish readers see them.
LOCALES = {"en": "en_US", "es": "es_US"}


def number(value: int | float | None, language: str = "en") -> str:
    """2,650,000 (None: empty)."""
    if value is None:
        return ""
    return format_decimal(value, locale=LOCALES.get(language, "en_US"))


def long_datetime(value: datetime | date | None, zone: str | None = None, language: str = "en") -> str:
    """December 1, 2026, 2:43 PM EST (a date without a time: December 1, 2026)."""
    if value is None:
        return ""
    if not isinstance(value, datetime):
        return long_date(value, language=language)
    moment = local(value, zone)
    # The date of the moment as it is in the zone (not long_date(moment): that would take it to
    # the default zone again, and 9 PM in Los Angeles would be the next day's).
    if language == "en":
        hour = moment.hour % 12 or 12
        clock = f"{hour}:{moment.minute:02d} {'AM' if moment.hour < 12 else 'PM'}"
    else:
        clock = format_time(moment, "h:mm a", locale=LOCALES.get(language, "en_US"))
    return f"{_date(moment, language)}, {clock} {_abbreviation(moment)}"
