"""Charts drawn on the server: the geometry of a few kinds of bar chart, as plain data that the
macros in portal/templates/_charts.html turn into inline SVG (no JavaScript, nothing fetched).

- `bar_chart`: a count per day (questions, failed sign-ins), with a y axis of rounded ticks and
  gridlines, a readable subset of day labels ("Nov 3") and axis titles.
- `stacked_chart`: several counts per day stacked in one bar (answered / unsure / fallback /
  emergency); each series has its own fill pattern as well as its own colour, so that the legend
  and the bars never rely on colour alone.
- `top_chart`: horizontal bars of the top items (a label and a count each); long labels are
  shortened in the picture, their full text kept for the table beside it.

Every chart is laid out twice, for a wide and a narrow container (WIDE, NARROW): the style sheet
shows the one that fits, so that text stays about 13 px high from a 375 px phone to a desktop.
Periods of more than MAX_DAILY_COLUMNS days are drawn (and tabled) per week.

Pure functions of their arguments and the page's language: no database, no request. Their
words (axis titles, descriptions, tooltips) are marked for translation (flask_babel: English
outside a request) and their dates follow the page's language. Coordinates are SVG user units.
"""
from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date

from babel.dates import format_skeleton
from flask_babel import gettext as _, ngettext

from portal.formatting import long_date
from portal.i18n import current_language, format_locale

# --- sizes, scales and labels ------------------------------------------------------------------


@dataclass(frozen=True)
class Size:
    """One layout's width and font size (in viewBox units: the SVG is scaled to its container)."""

    name: str
    width: int
    height: int
    font: float = 13.0


# The wide layout is drawn in containers of about 30 to 48rem (charts.css), the narrow one below:
# 13 units stay 11 to 17 px high either way.
WIDE = Size("wide", 560, 250)
NARROW = Size("narrow", 340, 240)
SIZES = (WIDE, NARROW)

CHAR_WIDTH = 0.6  # an average glyph's advance, in ems, for the system sans-serif (a safe overestimate)
MAX_DAILY_COLUMNS = 92  # longer periods are drawn per week
LABEL_STEPS = (1, 2, 3, 7, 14, 28, 56, 91, 182, 364)  # days (or weeks) between two x labels
TONES = ("brand", "accent", "amber", "danger", "muted")  # charts.css gives each its colour
PATTERNS = ("solid", "stripes", "dots", "cross", "lines")  # a series' fill besides its colour


def text_width(text: str, font: float) -> float:
    return len(text) * font * CHAR_WIDTH


def nice_ticks(peak: float, max_ticks: int = 6) -> list[int]:
    """Round tick values from 0 to at least `peak`: steps of 1, 2 or 5 times a power of ten,
    at most `max_ticks` ticks (0 and one more when there is nothing to count)."""
    max_ticks = max(max_ticks, 2)
    if peak <= 0 or not math.isfinite(peak):
        return [0, 1]
    for step in _steps():
        top = math.ceil(peak / step) * step
        if top // step + 1 <= max_ticks:
            return list(range(0, top + 1, step))
    raise AssertionError("unreachable")  # pragma: no cover


def _steps() -> Iterator[int]:
    power = 1
    while True:
        for multiple in (1, 2, 5):
            yield multiple * power
        power *= 10


def count_label(value: int) -> str:
    return f"{value:,}"


def short_day(day: date) -> str:
    """Nov 3 ("3 nov" in Spanish; the x axis: the year is in the table and the description)."""
    if current_language() == "en":
        return f"{day:%b} {day.day}"
    return format_skeleton("MMMd", day, locale=format_locale())


def _long_date(day: date) -> str:
    return long_date(day, language=current_language())


def shorten(text: str, max_chars: int) -> str:
    """The text cut to at most `max_chars` characters, at a word if one ends near there, with "…"."""
    text = " ".join(text.split())
    if len(text) <= max_chars:
        return text
    if max_chars <= 1:
        return "…"
    cut = text[:max_chars - 1]
    space = cut.rfind(" ")
    if space >= (max_chars - 1) * 0.6:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-–—") + "…"


def thin_labels(count: int, band: float, label_width: float, gap: float) -> list[int]:
    """Which of `count` evenly spaced columns (each `band` wide) get an x label so that labels
    `label_width` wide never come closer than `gap`: every k-th one, k from LABEL_STEPS, counted
    back from the last column (the latest day is always labelled)."""
    if count <= 0:
        return []
    needed = (label_width + gap) / band if band > 0 else math.inf
    step = next((k for k in LABEL_STEPS if k >= needed), None)
    if step is None:  # even the widest step is too tight: the last column only
        return [count - 1]
    return sorted(range(count - 1, -1, -step))


# --- the pieces of a picture ---------------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    x: float
    y: float
    text: str
    anchor: str = "middle"  # SVG text-anchor: start | middle | end


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height


@dataclass(frozen=True)
class Gridline:
    value: int
    y: float
    label: Text


@dataclass(frozen=True)
class Segment:
    """One series' part of a column: a rectangle (zero high when the count is 0)."""

    series: int
    value: int
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class ColumnShape:
    index: int
    x: float
    width: float
    segments: tuple[Segment, ...]
    title: str  # the tooltip: "November 3, 2026: 3 questions"
    band: Box  # the column's whole slot: where the pointer shows the tooltip, even over no bar


@dataclass(frozen=True)
class TimeLayout:
    size: str
    width: int
    height: int
    font: float
    plot: Box
    gridlines: tuple[Gridline, ...]
    x_labels: tuple[Text, ...]
    columns: tuple[ColumnShape, ...]
    y_title: Text
    x_title: Text
    empty_note: Text | None

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"


@dataclass(frozen=True)
class Series:
    """A named count per day. `tone` and `pattern` pick its colour and fill (TONES, PATTERNS);
    left empty, the series' position chooses them."""

    key: str
    name: str
    values: tuple[int, ...]
    tone: str = ""
    pattern: str = ""


@dataclass(frozen=True)
class Column:
    """One bar: a day, or a week of a long period (start to end, both included)."""

    start: date
    end: date
    values: tuple[int, ...]  # one per series

    @property
    def total(self) -> int:
        return sum(self.values)

    @property
    def name(self) -> str:
        """What the table and the tooltips call it: November 3, 2026 (to November 9, 2026)."""
        if self.start == self.end:
            return _long_date(self.start)
        return _("%(start)s to %(end)s", start=_long_date(self.start), end=_long_date(self.end))

    @property
    def short(self) -> str:
        return short_day(self.start)


@dataclass(frozen=True)
class Unit:
    """What is counted, singular and plural: Unit(_("question"), _("questions")) (English and
    Spanish use the singular for one only)."""

    one: str
    many: str

    def of(self, count: int) -> str:
        return f"{count_label(count)} {self.one if count == 1 else self.many}"


@dataclass(frozen=True)
class TimeChart:
    id: str
    title: str
    unit: Unit
    y_title: str
    x_title: str
    series: tuple[Series, ...]
    columns: tuple[Column, ...]
    weekly: bool
    description: str
    layouts: tuple[TimeLayout, ...] = field(default=())

    @property
    def total(self) -> int:
        return sum(column.total for column in self.columns)

    @property
    def empty(self) -> bool:
        return self.total == 0

    @property
    def stacked(self) -> bool:
        return len(self.series) > 1

    @property
    def axis_max(self) -> int:
        """The top of the (wide layout's) y axis."""
        return self.layouts[0].gridlines[-1].value if self.layouts else 0

    @property
    def period_heading(self) -> str:
        return _("Week") if self.weekly else _("Day")

    @property
    def note(self) -> str:
        """What a reader should know before reading the bars."""
        return _("More than %(num)s days: each bar is a week (7 days from its label).", num=MAX_DAILY_COLUMNS) \
            if self.weekly else ""

    def series_total(self, index: int) -> int:
        return sum(column.values[index] for column in self.columns)


# --- charts of counts over time ------------------------------------------------------------------


def bar_chart(chart_id: str, title: str, days: Sequence[date], values: Sequence[int], *, unit: Unit,
              y_title: str = "", x_title: str = "", weekly_x_title: str = "", series_name: str = "",
              tone: str = "brand") -> TimeChart:
    """One count per day, as bars."""
    name = series_name or unit.many.capitalize()
    return stacked_chart(chart_id, title, days, [Series("count", name, tuple(values), tone=tone, pattern="solid")],
                         unit=unit, y_title=y_title, x_title=x_title, weekly_x_title=weekly_x_title)


def stacked_chart(chart_id: str, title: str, days: Sequence[date], series: Sequence[Series], *, unit: Unit,
                  y_title: str = "", x_title: str = "", weekly_x_title: str = "") -> TimeChart:
    """Several counts per day stacked in one bar per day, the first series at the bottom.
    `x_title` ("Day" by default) names the x axis; `weekly_x_title` when a long period is drawn
    per week ("Week" by default; an English "Day ..." title becomes "Week ..." without it)."""
    days = list(days)
    if not series:
        raise ValueError("a chart needs at least one series")
    for one in series:
        if len(one.values) != len(days):
            raise ValueError(f"series {one.key!r} has {len(one.values)} values for {len(days)} days")
        if any(value < 0 for value in one.values):
            raise ValueError(f"series {one.key!r} has a negative count")
    styled = tuple(Series(one.key, one.name, tuple(int(v) for v in one.values),
                          one.tone or TONES[i % len(TONES)], one.pattern or PATTERNS[i % len(PATTERNS)])
                   for i, one in enumerate(series))
    columns, weekly = _columns(days, styled)
    y_title = y_title or unit.many.capitalize()
    if weekly:
        x_title = weekly_x_title or ("Week" + x_title[3:] if x_title.startswith("Day") else x_title) or _("Week")
    else:
        x_title = x_title or _("Day")
    chart = TimeChart(chart_id, title, unit, y_title, x_title, styled, tuple(columns), weekly,
                      _describe(title, unit, styled, columns, weekly))
    layouts = tuple(_time_layout(chart, size) for size in SIZES)
    return TimeChart(**{**vars(chart), "layouts": layouts})


def _columns(days: list[date], series: tuple[Series, ...]) -> tuple[list[Column], bool]:
    if len(days) <= MAX_DAILY_COLUMNS:
        return [Column(day, day, tuple(one.values[i] for one in series)) for i, day in enumerate(days)], False
    columns = []
    for start in range(0, len(days), 7):
        stop = min(start + 7, len(days))
        columns.append(Column(days[start], days[stop - 1],
                              tuple(sum(one.values[start:stop]) for one in series)))
    return columns, True


def _describe(title: str, unit: Unit, series: tuple[Series, ...], columns: list[Column], weekly: bool) -> str:
    if not columns:
        return _("%(title)s: no days to show.", title=title)
    total = sum(column.total for column in columns)
    first, last = _long_date(columns[0].start), _long_date(columns[-1].end)
    if not total:
        return _("No %(things)s from %(first)s to %(last)s.", things=unit.many, first=first, last=last)
    if len(series) > 1:
        text = _("%(count)s from %(first)s to %(last)s: %(series)s.", count=unit.of(total), first=first, last=last,
                 series=", ".join(f"{one.name} {count_label(sum(one.values))}" for one in series))
    else:
        text = _("%(count)s from %(first)s to %(last)s.", count=unit.of(total), first=first, last=last)
    busiest = max(columns, key=lambda column: column.total)  # the first of equals
    words = {"period": busiest.name, "count": unit.of(busiest.total)}
    return text + " " + (_("Busiest week: %(period)s, with %(count)s.", **words) if weekly
                         else _("Busiest day: %(period)s, with %(count)s.", **words))


def _time_layout(chart: TimeChart, size: Size) -> TimeLayout:
    font = size.font
    peak = max((column.total for column in chart.columns), default=0)
    ticks = nice_ticks(peak, max_ticks=max(2, int((size.height - 4 * font) // (font * 2.4)) + 1))
    tick_width = max(text_width(count_label(tick), font) for tick in ticks)
    label_width = max((text_width(column.short, font) for column in chart.columns), default=0.0)
    left = math.ceil(tick_width + font * 0.6)
    right = math.ceil(max(font * 0.6, label_width / 2))
    top = math.ceil(font * 2.0)  # the y axis title sits above the plot
    bottom = math.ceil(font * 3.4)  # x labels, then the x axis title
    plot = Box(left, top, size.width - left - right, size.height - top - bottom)
    axis_max = ticks[-1]

    def y_of(value: float) -> float:
        return plot.bottom - plot.height * value / axis_max

    gridlines = tuple(Gridline(tick, _r(y_of(tick)), Text(left - font * 0.4, _r(y_of(tick) + font * 0.35),
                                                          count_label(tick), "end")) for tick in ticks)
    count = len(chart.columns)
    band = plot.width / count if count else plot.width
    bar = band * 0.7 if band >= 4 else band
    shapes, labels = [], []
    for index, column in enumerate(chart.columns):
        x = plot.x + index * band + (band - bar) / 2
        base, segments = 0, []
        for series_index, value in enumerate(column.values):
            top_y, bottom_y = y_of(base + value), y_of(base)
            segments.append(Segment(series_index, value, _r(x), _r(top_y), _r(bar), _r(bottom_y - top_y)))
            base += value
        shapes.append(ColumnShape(index, _r(x), _r(bar), tuple(segments), _column_title(chart, column),
                                  Box(_r(plot.x + index * band), plot.y, _r(band), plot.height)))
    for index in thin_labels(count, band, label_width, font * 0.8):
        centre = plot.x + (index + 0.5) * band
        centre = min(max(centre, label_width / 2), size.width - label_width / 2)
        labels.append(Text(_r(centre), _r(plot.bottom + font * 1.3), chart.columns[index].short))
    y_title = Text(0, _r(font * 1.1), chart.y_title, "start")
    x_title = Text(_r(plot.x + plot.width / 2), _r(size.height - font * 0.4), chart.x_title)
    note = Text(_r(plot.x + plot.width / 2), _r(plot.y + plot.height / 2),
                _("No %(things)s in this period", things=chart.unit.many)) if chart.empty else None
    return TimeLayout(size.name, size.width, size.height, font, plot, gridlines, tuple(labels), tuple(shapes),
                      y_title, x_title, note)


def _column_title(chart: TimeChart, column: Column) -> str:
    text = f"{column.name}: {chart.unit.of(column.total)}"
    if chart.stacked:
        text += " (" + ", ".join(f"{one.name} {count_label(value)}"
                                 for one, value in zip(chart.series, column.values)) + ")"
    return text


def _r(value: float) -> float:
    return round(value, 2)


# --- the top items ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """One ranked item: what people read, its count, and optionally a link and a note (an id)."""

    label: str
    value: int
    href: str = ""
    note: str = ""


@dataclass(frozen=True)
class ItemShape:
    index: int
    label: Text  # shortened to fit; the item keeps the full text
    bar: Box
    value: Text
    title: str  # full label and count, for the tooltip


@dataclass(frozen=True)
class TopLayout:
    size: str
    width: int
    height: int
    font: float
    rows: tuple[ItemShape, ...]

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"


@dataclass(frozen=True)
class TopChart:
    id: str
    title: str
    unit: Unit
    label_heading: str
    items: tuple[Item, ...]
    description: str
    tone: str = "brand"
    layouts: tuple[TopLayout, ...] = field(default=())

    @property
    def empty(self) -> bool:
        return not self.items


def top_chart(chart_id: str, title: str, items: Sequence[Item], *, unit: Unit, label_heading: str = "",
              tone: str = "brand") -> TopChart:
    """Horizontal bars, longest first as given: each item's label above its bar, its count after it.
    `label_heading` names the items' column of the table ("Item" by default)."""
    items = tuple(items)
    label_heading = label_heading or _("Item")
    if any(item.value < 0 for item in items):
        raise ValueError("a negative count")
    chart = TopChart(chart_id, title, unit, label_heading, items, _describe_top(title, unit, items), tone)
    return TopChart(**{**vars(chart), "layouts": tuple(_top_layout(chart, size) for size in SIZES)})


def _describe_top(title: str, unit: Unit, items: tuple[Item, ...]) -> str:
    if not items:
        return _("%(title)s: none in this period.", title=title)
    first, last = items[0], items[-1]
    if len(items) == 1:
        return _("1 item; the first is %(first)s, with %(count)s.", first=first.label, count=unit.of(first.value))
    return ngettext("%(num)s item; the first is %(first)s, with %(count)s; the last is %(last)s, with %(last_count)s.",
                    "%(num)s items; the first is %(first)s, with %(count)s; the last is %(last)s, with "
                    "%(last_count)s.", len(items), first=first.label, count=unit.of(first.value), last=last.label,
                    last_count=unit.of(last.value))


def _top_layout(chart: TopChart, size: Size) -> TopLayout:
    font = size.font
    peak = max((item.value for item in chart.items), default=0)
    value_width = max((text_width(count_label(item.value), font) for item in chart.items), default=0.0)
    bar_room = size.width - value_width - font * 0.8
    max_chars = max(int(size.width / (font * CHAR_WIDTH)), 4)
    row_height = font * 3.1
    rows = []
    for index, item in enumerate(chart.items):
        top = index * row_height
        label = Text(0, _r(top + font * 1.05), shorten(item.label, max_chars), "start")
        length = bar_room * item.value / peak if peak else 0.0
        bar = Box(0, _r(top + font * 1.4), _r(length), _r(font * 1.1))
        value = Text(_r(length + font * 0.4), _r(top + font * 2.3), count_label(item.value), "start")
        rows.append(ItemShape(index, label, bar, value, f"{item.label}: {chart.unit.of(item.value)}"))
    height = math.ceil(max(len(rows), 1) * row_height)
    return TopLayout(size.name, size.width, height, font, tuple(rows))
