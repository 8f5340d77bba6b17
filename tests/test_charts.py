"""Charts drawn on the server: the geometry (portal/charts.py), the macros that draw it
(templates/_charts.html), and the support and admin dashboards' charts counting what they say.
Also: topic titles in the support console, and names instead of user ids on admin pages."""
from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from markupsafe import escape
from sqlalchemy import event, select

from portal import charts
from portal.assistant import answers as assistant_service
from portal.models import (
    ApiToken,
    AssistantExchange,
    AssistantPhrase,
    AuditEvent,
    ContactRequest,
    ImportRun,
    OutboxMessage,
    utcnow,
)
from portal.services import activity
from tests import factories as f

QUESTIONS = charts.Unit("question", "questions")
START = date(2026, 11, 1)


def days(n: int, start: date = START) -> list[date]:
    return [start + timedelta(days=i) for i in range(n)]


# --- ticks, labels, shortening ---------------------------------------------------------------------


@pytest.mark.parametrize("peak, ticks", [
    (0, [0, 1]), (1, [0, 1]), (7, [0, 2, 4, 6, 8]), (10, [0, 2, 4, 6, 8, 10]), (12, [0, 5, 10, 15]),
    (993, [0, 200, 400, 600, 800, 1000]), (1_000_001, [0, 500_000, 1_000_000, 1_500_000]),
])
def test_ticks_are_round_and_reach_the_peak(peak, ticks):
    assert charts.nice_ticks(peak) == ticks


def test_ticks_for_any_peak_are_few_even_steps_from_zero():
    for peak in [*range(0, 400), 993, 4_999, 123_456, 10**9]:
        for most in (2, 4, 6, 7):
            ticks = charts.nice_ticks(peak, most)
            steps = {b - a for a, b in zip(ticks, ticks[1:])}
            assert ticks[0] == 0 and ticks[-1] >= peak and len(steps) == 1 and len(ticks) <= most, (peak, most)
            step = steps.pop()
            assert ticks[-1] - step < max(peak, 1)  # no empty step on top
            assert re.fullmatch(r"[125]0*", str(step)), (peak, step)


def test_a_negative_or_odd_peak_still_gets_an_axis():
    assert charts.nice_ticks(-3) == [0, 1] and charts.nice_ticks(float("nan")) == [0, 1]
    assert charts.nice_ticks(0.4) == [0, 1]


def test_day_labels_are_thinned_so_they_never_overlap_and_the_last_day_is_labelled():
    for n in (1, 2, 7, 14, 30, 31, 60, 92):
        chart = charts.bar_chart("c", "Questions per day", days(n), [1] * n, unit=QUESTIONS)
        for layout in chart.layouts:
            labels = layout.x_labels
            width = max(charts.text_width(t.text, layout.font) for t in labels)
            assert labels and labels[-1].text == charts.short_day(days(n)[-1]), (n, layout.size)
            for a, b in zip(labels, labels[1:]):
                assert b.x - a.x >= width, (n, layout.size, a, b)
            assert all(width / 2 <= t.x <= layout.width - width / 2 for t in labels)
    week = charts.bar_chart("c", "t", days(7), [1] * 7, unit=QUESTIONS).layouts[0]
    assert [t.text for t in week.x_labels] == ["Nov 1", "Nov 2", "Nov 3", "Nov 4", "Nov 5", "Nov 6", "Nov 7"]
    month = charts.bar_chart("c", "t", days(30), [1] * 30, unit=QUESTIONS)
    assert [t.text for t in month.layouts[1].x_labels] == ["Nov 2", "Nov 9", "Nov 16", "Nov 23", "Nov 30"]


def test_thinning_copes_with_no_room_and_no_columns():
    assert charts.thin_labels(0, 10, 40, 5) == []
    assert charts.thin_labels(5, 0, 40, 5) == [4]
    assert charts.thin_labels(3, 100, 40, 5) == [0, 1, 2]


@pytest.mark.parametrize("text, limit, expected", [
    ("What is a care coordinator?", 40, "What is a care coordinator?"),
    ("How do I find out which Collaborative Care program my patient is in?", 30, "How do I find out which…"),
    ("Supercalifragilisticexpialidocious", 10, "Supercali…"),
    ("  spaced   out\ttext ", 40, "spaced out text"),
    ("anything", 1, "…"),
])
def test_long_labels_are_shortened_at_a_word(text, limit, expected):
    assert charts.shorten(text, limit) == expected
    assert len(charts.shorten(text, limit)) <= max(limit, 1)


# --- bar and stacked charts -------------------------------------------------------------------------


def _heights(layout) -> list[float]:
    return [sum(s.height for s in column.segments) for column in layout.columns]


def test_bar_heights_are_proportional_and_stand_on_the_axis():
    values = [3, 6, 0, 1, 12]
    chart = charts.bar_chart("c", "Questions per day", days(5), values, unit=QUESTIONS)
    assert chart.axis_max == 12 and chart.total == 22 and not chart.empty and not chart.stacked
    for layout in chart.layouts:
        heights = _heights(layout)
        unit = layout.plot.height / layout.gridlines[-1].value
        for value, height in zip(values, heights):
            assert height == pytest.approx(value * unit, abs=0.02)
        assert heights[1] == pytest.approx(2 * heights[0], abs=0.02)
        for column in layout.columns:
            bottom = column.segments[0]
            assert bottom.y + bottom.height == pytest.approx(layout.plot.bottom, abs=0.02)
            assert layout.plot.x <= column.x and column.x + column.width <= layout.plot.right + 0.01
        assert layout.gridlines[0].value == 0 and layout.gridlines[0].y == layout.plot.bottom
    assert chart.layouts[0].columns[0].title == "November 1, 2026: 3 questions"
    assert chart.layouts[0].columns[3].title == "November 4, 2026: 1 question"
    assert chart.description == ("22 questions from November 1, 2026 to November 5, 2026. "
                                 "Busiest day: November 5, 2026, with 12 questions.")


def test_an_all_zero_series_draws_an_empty_axis_without_dividing_by_zero():
    chart = charts.bar_chart("c", "Questions per day", days(30), [0] * 30, unit=QUESTIONS)
    assert chart.empty and chart.axis_max == 1
    for layout in chart.layouts:
        assert [g.value for g in layout.gridlines] == [0, 1]
        assert all(s.height == 0 for c in layout.columns for s in c.segments)
        assert layout.empty_note.text == "No questions in this period"
    assert chart.description == "No questions from November 1, 2026 to November 30, 2026."
    nothing = charts.bar_chart("c", "Questions per day", [], [], unit=QUESTIONS)
    assert nothing.empty and not nothing.columns and nothing.layouts[0].x_labels == ()


def test_stacked_segments_sit_on_each_other_in_series_order():
    series = [charts.Series("answer", "Answered", (2, 0, 5)), charts.Series("clarify", "Unsure", (1, 0, 0)),
              charts.Series("fallback", "Fallback", (1, 3, 0)), charts.Series("emergency", "Emergency", (0, 1, 1))]
    chart = charts.stacked_chart("o", "Outcomes per day", days(3), series, unit=QUESTIONS)
    assert chart.stacked and [c.total for c in chart.columns] == [4, 4, 6] and chart.series_total(2) == 4
    assert [s.pattern for s in chart.series] == ["solid", "stripes", "dots", "cross"]
    assert len({(s.tone, s.pattern) for s in chart.series}) == 4
    for layout in chart.layouts:
        for column in layout.columns:
            for lower, upper in zip(column.segments, column.segments[1:]):
                assert upper.y + upper.height == pytest.approx(lower.y, abs=0.02)
        first = layout.columns[0].segments
        assert first[0].height == pytest.approx(2 * first[1].height, abs=0.02)
    assert chart.layouts[0].columns[1].title == ("November 2, 2026: 4 questions "
                                                 "(Answered 0, Unsure 0, Fallback 3, Emergency 1)")
    assert "Answered 7, Unsure 1, Fallback 4, Emergency 2" in chart.description


def test_a_long_period_is_drawn_per_week_with_the_same_total():
    values = [i % 5 for i in range(120)]
    chart = charts.bar_chart("c", "Questions per day", days(120), values, unit=QUESTIONS)
    assert chart.weekly and len(chart.columns) == 18 and chart.total == sum(values)
    assert chart.columns[0].name == "November 1, 2026 to November 7, 2026" and chart.columns[0].total == sum(values[:7])
    assert chart.columns[-1].start == days(120)[119] and chart.columns[-1].end == days(120)[119]
    assert "Busiest week" in chart.description and chart.x_title == "Week" and "each bar is a week" in chart.note
    assert charts.bar_chart("c", "t", days(92), [1] * 92, unit=QUESTIONS).note == ""


def test_bad_series_are_refused():
    with pytest.raises(ValueError):
        charts.bar_chart("c", "t", days(3), [1, 2], unit=QUESTIONS)
    with pytest.raises(ValueError):
        charts.bar_chart("c", "t", days(2), [1, -2], unit=QUESTIONS)
    with pytest.raises(ValueError):
        charts.stacked_chart("c", "t", days(2), [], unit=QUESTIONS)


def test_top_items_shorten_long_labels_but_keep_the_full_text():
    long = "How do I find out which Collaborative Care program my patient belongs to this year and why? " * 2
    items = [charts.Item(long, 40, "/support/log?topic=x", "x"), charts.Item("Short", 10), charts.Item("None", 0)]
    chart = charts.top_chart("t", "Top topics", items, unit=QUESTIONS)
    assert chart.items[0].label == long
    for layout in chart.layouts:
        first, second, third = layout.rows
        assert first.label.text.endswith("…") and len(first.label.text) < len(long)
        assert charts.text_width(first.label.text, layout.font) <= layout.width
        assert first.title == f"{long}: 40 questions"
        assert second.bar.width == pytest.approx(first.bar.width / 4, abs=0.02) and third.bar.width == 0
        assert first.value.x + charts.text_width("40", layout.font) <= layout.width + 0.01
    empty = charts.top_chart("t", "Top topics", [], unit=QUESTIONS)
    assert empty.empty and empty.layouts[0].rows == ()
    zeros = charts.top_chart("t", "Top topics", [charts.Item("a", 0)], unit=QUESTIONS)
    assert zeros.layouts[0].rows[0].bar.width == 0


# --- the macros ----------------------------------------------------------------------------------------


def _render(app, source: str, **context) -> str:
    with app.test_request_context():
        return app.jinja_env.from_string(source).render(**context)


def test_the_macro_draws_both_layouts_with_a_text_alternative_and_no_style(app):
    series = [charts.Series("a", "Answered", (3, 6)), charts.Series("b", "Unsure <x>", (1, 0))]
    chart = charts.stacked_chart("outcomes", "Outcomes per day", days(2), series, unit=QUESTIONS)
    html = _render(app, '{% from "_charts.html" import time_chart %}{{ time_chart(c) }}', c=chart)
    assert html.count("<svg") == 4  # two layouts and two swatches in the key
    for size in ("wide", "narrow"):
        assert f'class="chart-svg chart-{size}"' in html
        assert f'role="img" aria-labelledby="outcomes-{size}-title outcomes-{size}-desc"' in html
        assert f'<title id="outcomes-{size}-title">Outcomes per day</title>' in html
    assert 'viewBox="0 0 560 250" width="100%"' in html
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    assert "style=" not in html and "<script" not in html and "<style" not in html
    assert "Unsure &lt;x&gt;" in html and "<x>" not in html
    assert 'fill="url(#outcomes-wide-p1)"' in html and '<pattern id="outcomes-wide-p1"' in html
    assert "Outcomes per day as a table" in html
    assert rows(html, "outcomes") == [("November 1, 2026", [3, 1, 4]), ("November 2, 2026", [6, 0, 6])]


def test_the_top_chart_table_links_items_and_keeps_their_full_label(app):
    long = "A very long topic title that will never fit on one line of a phone-sized chart at all"
    chart = charts.top_chart("top", "Top topics answered", [charts.Item(long, 7, "/support/log?topic=x", "x-id")],
                             unit=QUESTIONS, label_heading="Topic")
    html = _render(app, '{% from "_charts.html" import top_chart %}{{ top_chart(c) }}', c=chart)
    assert f'<a href="/support/log?topic=x">{long}</a> <span class="muted chart-note">x-id</span>' in html
    narrow = html[html.index("chart-narrow"):]
    assert f">{charts.shorten(long, int(charts.NARROW.width / (13 * charts.CHAR_WIDTH)))}</text>" in narrow
    assert "<title>" + long + ": 7 questions</title>" in html


# --- helpers to read the pages -------------------------------------------------------------------------


def section(page: str, chart_id: str) -> str:
    start = page.index(f'<section class="chart-block" aria-labelledby="{chart_id}-heading">')
    return page[start:page.index("</section>", start)]


def rows(page: str, chart_id: str) -> list[tuple[str, list[int]]]:
    """The chart's table: (row heading, numbers) for each row of its body."""
    body = section(page, chart_id)
    body = body[body.index("<tbody>"):body.index("</tbody>")]
    return [(unescape(re.sub(r"<[^>]+>", "", head)).strip(),
             [int(n.replace(",", "")) for n in re.findall(r'<td class="chart-number"[^>]*>([\d,]+)</td>', cells)])
            for head, cells in re.findall(r'<tr>(?:<td>\d+</td>)?<th scope="row">(.*?)</th>(.*?)</tr>', body)]


def row(page: str, chart_id: str, day: date) -> list[int]:
    heading = f"{day:%B} {day.day}, {day.year}"
    found = [numbers for head, numbers in rows(page, chart_id) if head == heading]
    assert found, f"no row {heading} in {chart_id}"
    return found[0]


def bars(page: str, chart_id: str, size: str = "wide") -> dict[str, list[tuple[int, float]]]:
    """The drawn columns of one layout: tooltip -> [(value, height) of each segment]."""
    svg = section(page, chart_id)
    svg = svg[svg.index(f'class="chart-svg chart-{size}"'):]
    svg = svg[:svg.index("</svg>")]
    return {unescape(title): [(int(v), float(h)) for h, v in re.findall(
        r'<rect x="[^"]+" y="[^"]+" width="[^"]+" height="([^"]+)" [^>]*data-value="(\d+)"/>', shapes)]
        for title, shapes in re.findall(r'<g class="chart-column"><title>(.*?)</title>(.*?)</g>', svg)}


# --- the support dashboard -----------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def fresh_engine():
    assistant_service.clear_cache()
    yield
    assistant_service.clear_cache()


def ask(db, day: date, outcome: str = "answer", topic_id: str | None = None, **kw) -> AssistantExchange:
    fields = dict(audience="patient", question="a question", outcome=outcome, confidence=0.9, role="anonymous",
                  topic_id=topic_id, candidates=[], created_at=datetime.combine(day, time(12), timezone.utc))
    item = AssistantExchange(**{**fields, **kw})
    db.add(item)
    db.commit()
    return item


def title_of(topic_id: str) -> str:
    from flask import current_app

    return str(escape(assistant_service.knowledge(current_app.config["PORTAL_PAYER_NAME"]).topic(topic_id).question))


def test_support_dashboard_charts_count_questions_outcomes_and_topics(support_client, db):
    first, second = date(2026, 10, 5), date(2026, 10, 8)
    for outcome in ("answer", "answer", "fallback"):
        ask(db, first, outcome, "care-coordinator" if outcome == "answer" else None)
    for outcome in ("answer", "clarify", "clarify", "fallback", "emergency", "emergency"):
        ask(db, second, outcome, "how-to-enroll" if outcome == "answer" else None)
    ask(db, date(2026, 9, 1))  # outside the period
    page = support_client.get("/support/?date_from=2026-10-01&date_to=2026-10-14").get_data(as_text=True)

    assert len(rows(page, "questions-per-day")) == 14
    assert row(page, "questions-per-day", first) == [3] and row(page, "questions-per-day", second) == [6]
    assert row(page, "questions-per-day", date(2026, 10, 6)) == [0]
    drawn = bars(page, "questions-per-day")
    (three, low), = drawn["October 5, 2026: 3 questions"]
    (six, high), = drawn["October 8, 2026: 6 questions"]
    assert (three, six) == (3, 6) and high == pytest.approx(2 * low, abs=0.05)
    assert drawn["October 6, 2026: 0 questions"] == []
    narrow = bars(page, "questions-per-day", "narrow")
    (_, narrow_six), = narrow["October 8, 2026: 6 questions"]
    assert narrow_six == pytest.approx(2 * narrow["October 5, 2026: 3 questions"][0][1], abs=0.05)

    # answered, unsure, fallback, emergency, total
    assert row(page, "outcomes-per-day", first) == [2, 0, 1, 0, 3]
    assert row(page, "outcomes-per-day", second) == [1, 2, 1, 2, 6]
    stacked = bars(page, "outcomes-per-day")["October 8, 2026: 6 questions (Answered 1, Unsure (asked to clarify) 2, " \
                                              "Fallback (no answer) 1, Emergency (988 or 911) 2)"]
    assert [value for value, _ in stacked] == [1, 2, 1, 2]
    assert stacked[1][1] == pytest.approx(2 * stacked[0][1], abs=0.05)
    legend = section(page, "outcomes-per-day")
    assert legend.index("Answered") < legend.index("Unsure") < legend.index("Fallback") < legend.index("Emergency")

    coordinator, enroll = title_of("care-coordinator"), title_of("how-to-enroll")
    assert rows(page, "top-topics") == [(f"{unescape(coordinator)} care-coordinator", [2]),
                                        (f"{unescape(enroll)} how-to-enroll", [1])]
    top = section(page, "top-topics")
    assert f'text-anchor="start" class="chart-label">{coordinator}</text>' in top
    assert f'<a href="/support/log?topic=care-coordinator&amp;outcome=answer&amp;date_from=2026-10-01&amp;' \
           f'date_to=2026-10-14">{coordinator}</a> <span class="muted chart-note">care-coordinator</span>' in top
    assert "10 questions from October 1, 2026 to October 14, 2026" not in page
    assert "9 questions from October 1, 2026 to October 14, 2026" in page


def test_support_dashboard_with_no_questions_says_so(support_client, db):
    page = support_client.get("/support/?date_from=2026-10-01&date_to=2026-10-07").get_data(as_text=True)
    assert "No questions in this period" in section(page, "questions-per-day")
    assert "No questions from October 1, 2026 to October 7, 2026." in page
    assert all(numbers == [0] for _, numbers in rows(page, "questions-per-day"))
    assert "None in this period." in section(page, "top-topics")


def test_a_whole_year_is_charted_per_week(support_client, db):
    ask(db, date(2026, 1, 1))
    ask(db, date(2026, 1, 3))
    page = support_client.get("/support/?date_from=2026-01-01&date_to=2026-12-31").get_data(as_text=True)
    weeks = rows(page, "questions-per-day")
    assert len(weeks) == 53 and weeks[0] == ("January 1, 2026 to January 7, 2026", [2])
    assert "each bar is a week" in section(page, "questions-per-day") and "Week (UTC)" in page
    assert sum(numbers[0] for _, numbers in weeks) == 2


# --- topic titles across the support console ----------------------------------------------------------


def test_support_pages_show_topic_titles_with_the_id_as_secondary_text(support_client, db):
    coordinator, enroll = title_of("care-coordinator"), title_of("how-to-enroll")
    shown = f'{coordinator} <span class="muted" lang="en">(care-coordinator)</span>'
    item = ask(db, date(2026, 10, 5), "answer", "care-coordinator", conversation="k" * 16,
               candidates=[{"topic_id": "how-to-enroll", "score": 0.4}], picked_suggestion="care-coordinator",
               previous_topic_id="how-to-enroll", label="care-coordinator", reviewed=True)

    log = support_client.get("/support/log").get_data(as_text=True)
    assert f'<td data-label="Topic">{shown}</td>' in log
    filtered = support_client.get("/support/log?topic=care-coordinator").get_data(as_text=True)
    assert f"Exchanges on the topic {shown}." in filtered

    page = support_client.get(f"/support/log/{item.id}").get_data(as_text=True)
    assert f'<li>{enroll} <span class="muted" lang="en">(how-to-enroll)</span>: 0.4</li>' in page  # a candidate
    assert f"<dt>Picked suggestion</dt><dd>{shown}</dd>" in page
    assert f"correct answer: {shown}" in page and f"after {enroll}" in page

    conversation = support_client.get(f"/support/conversations/{'k' * 16}").get_data(as_text=True)
    assert f"answer: {shown}" in conversation

    gone = ask(db, date(2026, 10, 5), "answer", "a-retired-topic")
    assert "a-retired-topic <span class=\"muted\">(no longer in the knowledge base)</span>" in \
        support_client.get(f"/support/log/{gone.id}").get_data(as_text=True)

    db.add(ContactRequest(about="help", name="Pat", method="email", email="pat@example.com",
                          topic_id="care-coordinator"))
    db.add(AssistantPhrase(topic_id="care-coordinator", kind="alternate", phrase="who is my nurse",
                           normalized="who is my nurse"))
    db.add(AssistantPhrase(topic_id="crisis", kind="emergency", phrase="zorble quandrix", normalized="zorble quandrix"))
    db.commit()
    requests = support_client.get("/support/requests").get_data(as_text=True)
    assert f"<dt>Last topic</dt><dd>{shown}</dd>" in requests
    phrases = support_client.get("/support/phrases").get_data(as_text=True)
    assert f'<td data-label="Topic">{shown}</td>' in phrases and '<td data-label="Topic">Mental health crisis (988 first)</td>' in phrases
    queue = support_client.get("/support/queue").get_data(as_text=True)
    assert "(Mental health crisis (988 first), proposed" in queue


def test_a_fallback_label_is_shown_in_words(support_client, db):
    item = ask(db, date(2026, 10, 5), "fallback", label="FALLBACK", reviewed=True)
    page = support_client.get(f"/support/log/{item.id}").get_data(as_text=True)
    assert 'correct answer: None: out of scope <span class="muted">(FALLBACK)</span>' in page


# --- the admin overview ------------------------------------------------------------------------------


def at(day: date, hour: int = 12) -> datetime:
    return datetime.combine(day, time(hour), timezone.utc)


def test_admin_overview_charts_count_what_they_say(admin_client, db):
    today = utcnow().astimezone(ZoneInfo("America/New_York")).date()  # the reader's day (PORTAL_TIME_ZONE)
    day, other = today - timedelta(days=3), today - timedelta(days=10)
    office = f.user("provider")
    db.commit()

    def audit(action, when, outcome="success", **details):
        db.add(AuditEvent(action=action, outcome=outcome, user_id=office.id, occurred_at=when, details=details))

    for channel in ("web", "api", "web-batch", "api-batch", "api-batch"):
        audit("member.verify", at(day), "match", channel=channel)
    audit("member.verify", at(other), "no_match", channel="web-batch")
    audit("member.verify", at(today - timedelta(days=40)), "match", channel="web")  # before the period
    audit("member.view", at(day))  # not a verification
    for outcome in ("bad_password", "bad_password", "unknown_account", "locked", "disabled"):
        audit("auth.login_failed", at(day), outcome)
    audit("auth.second_factor_failed", at(day))
    audit("auth.lockout", at(day))  # counted as its failed sign-in, not twice
    for status in ("sent", "logged", "failed", "queued", "sending", "cancelled", "skipped"):
        db.add(OutboxMessage(kind="invitation", recipient="a@example.org", status=status, created_at=at(day)))
    for status in ("applied", "applied", "dry_run", "rejected", "failed", "running"):
        db.add(ImportRun(kind="members", filename="m.csv", status=status, started_at=at(day)))
    db.add(ImportRun(kind="members", filename="m.csv", status="applied", started_at=at(other)))
    db.commit()

    page = admin_client.get("/admin/").get_data(as_text=True)
    assert len(rows(page, "verifications-per-day")) == 30
    assert row(page, "verifications-per-day", day) == [2, 3, 5]  # single, batch rows, total
    assert row(page, "verifications-per-day", other) == [0, 1, 1]
    assert sum(numbers[-1] for _, numbers in rows(page, "verifications-per-day")) == 6
    # wrong password, unknown address, locked/disabled/suspended, second factor, total
    assert row(page, "failed-sign-ins-per-day", day) == [2, 1, 2, 1, 6]
    # sent, waiting, failed, cancelled or skipped, total
    assert row(page, "emails-per-day", day) == [2, 2, 1, 2, 7]
    # applied, dry run, rejected, failed, still running, total
    assert row(page, "imports-per-day", day) == [2, 1, 1, 1, 1, 6]
    assert row(page, "imports-per-day", other) == [1, 0, 0, 0, 0, 1]
    drawn = bars(page, "verifications-per-day")
    (single, low), (batch, high) = next(v for k, v in drawn.items() if k.startswith(f"{day:%B} {day.day}, "))
    assert (single, batch) == (2, 3) and high == pytest.approx(1.5 * low, abs=0.05)
    assert "Member verifications per day as a table" in page and "Day (America/New York time)" in page

    week = admin_client.get("/admin/?days=7").get_data(as_text=True)
    assert len(rows(week, "verifications-per-day")) == 7 and row(week, "verifications-per-day", day) == [2, 3, 5]
    assert admin_client.get("/admin/?days=5").status_code == 400
    assert admin_client.get("/admin/?days=x").status_code == 400


def test_a_worker_reuses_its_counts_for_the_configured_time_then_counts_again(db):
    day = date(2026, 11, 3)
    now = at(day, 20)

    def sign_ins(when, keep=300):
        counts, counted_at = activity.counted_activity(db, day, day, "UTC", when, keep, database="reuse-test")
        return sum(counts.sign_ins[0].values), counted_at

    assert sign_ins(now) == (0, now)
    db.add(AuditEvent(action="auth.login_failed", outcome="bad_password", occurred_at=at(day, 12)))
    db.commit()
    assert sign_ins(now + timedelta(minutes=4)) == (0, now)  # reused, and it says when it was counted
    later = now + timedelta(minutes=5)
    assert sign_ins(later) == (1, later)
    assert sign_ins(later, keep=0)[0] == 1  # 0: counted on every visit


def test_days_are_the_readers_days(db):
    day = date(2026, 11, 3)
    # 3 a.m. UTC: 10 p.m. the day before in New York
    db.add(AuditEvent(action="auth.login_failed", outcome="bad_password", occurred_at=at(day, 3)))
    db.add(AuditEvent(action="auth.login_failed", outcome="bad_password", occurred_at=at(day, 12)))
    db.commit()

    def counts(zone):
        stats = activity.daily_activity(db, day - timedelta(days=1), day, zone)
        return list(stats.sign_ins[0].values)

    assert counts("UTC") == [0, 2]
    assert counts("America/New_York") == [1, 1]
    assert counts("Asia/Tokyo") == [0, 2]  # noon and 9 p.m. on the 3rd there
    assert activity.period(30, "America/New_York", at(day, 3)) == (date(2026, 10, 4), date(2026, 11, 2))


def test_the_overview_is_five_grouped_queries_whatever_the_rows(app, db):
    day = date(2026, 11, 3)
    for hour in range(24):
        channel = "api-batch" if hour % 3 == 0 else "web"
        db.add(AuditEvent(action="member.verify", outcome="match", occurred_at=at(day, hour),
                          details={"channel": channel}))
    db.commit()
    statements = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.get_bind(), "before_cursor_execute", count)
    try:
        stats = activity.daily_activity(db, day - timedelta(days=29), day, "UTC")
    finally:
        event.remove(db.get_bind(), "before_cursor_execute", count)
    assert [c.values[-1] for c in stats.verifications] == [16, 8]
    # verifications (all, then batch rows), failed sign-ins, imports, e-mails: each one grouped query
    assert len(statements) == 5 and all("GROUP BY" in s for s in statements)
    assert all("'member.verify'" in s for s in statements[:2])  # literal: a partial index can match it


# --- names instead of ids on admin pages ---------------------------------------------------------------


def test_the_audit_log_names_organizations_tokens_and_imports(admin_client, db):
    organization = f.organization(name="Lakeside Medical Group", city="Springfield", state="IL")
    staff = f.user("provider", organization=organization)
    db.commit()
    token = ApiToken(user_id=staff.id, name="front desk", prefix="ccp_AbCdEfGh", token_hash="x" * 64)
    run = ImportRun(kind="members", filename="members.csv", status="applied")
    db.add_all([token, run])
    db.commit()
    for target in (f"organization:{organization.id}", f"token:{token.id}", f"import:{run.id}", "organization:999999"):
        db.add(AuditEvent(action="user.unlock", user_id=admin_client.user.id, target=target))
    db.commit()
    page = admin_client.get("/admin/audit").get_data(as_text=True)
    assert "Lakeside Medical Group (Springfield, IL)</a>" in page
    assert "API token ccp_AbCdEfGh… (front desk)" in page
    assert f'<a href="/admin/imports/{run.id}">Import of members (members.csv)</a>' in page
    assert "organization:999999" in page  # one that is gone keeps its id
    assert f"organization:{organization.id}" not in page and f"token:{token.id}" not in page


def test_admin_pages_name_people_instead_of_showing_their_ids(admin_client, db):
    office = f.user("provider", display_name="Dana Office")
    patient = f.user("patient", display_name="")
    db.commit()
    db.add(AuditEvent(action="user.unlock", user_id=admin_client.user.id, target=f"user:{office.id}"))
    db.add(AuditEvent(action="auth.login_failed", outcome="bad_password", user_id=patient.id,
                      target=f"user:{patient.id}", member_ref=patient.member.member_id))
    db.add(OutboxMessage(kind="invitation", recipient=office.email, user_id=office.id))
    db.add(OutboxMessage(kind="registration", recipient=patient.email, user_id=patient.id))
    db.commit()
    office_link = f'<a href="/admin/users/{office.id}">Dana Office</a><br><span class="muted">{office.email}</span>'
    patient_link = f'<a href="/admin/users/{patient.id}">{patient.email}</a>'

    admin = admin_client.user
    admin_link = f'<a href="/admin/users/{admin.id}">{admin.display_name}</a><br><span class="muted">{admin.email}</span>'
    # the User, Member and Target cells of each event
    unlock = (rf'<td data-label="User">{re.escape(admin_link)}</td>\s*<td data-label="Member">—</td>\s*'
              rf'<td data-label="Target">{re.escape(office_link)}</td>')
    failed = (rf'<td data-label="User">{re.escape(patient_link)}</td>\s*<td data-label="Member">{patient.member.member_id}'
              rf'</td>\s*<td data-label="Target">{re.escape(patient_link)}</td>')
    own = admin_client.get(f"/admin/users/{admin.id}").get_data(as_text=True)  # their events only
    assert re.search(unlock, own) and "since deleted" not in own and "Unlocked" in own
    for path in ("/admin/", "/admin/audit"):
        page = admin_client.get(path).get_data(as_text=True)
        assert re.search(unlock, page) and re.search(failed, page), path
        assert not re.search(rf"<td(?: data-label=\"[^\"]*\")?>{office.id}</td>", page) and f"user:{office.id}" not in page

    outbox = admin_client.get("/admin/outbox").get_data(as_text=True)
    assert f'<a href="/admin/users/{office.id}">Dana Office</a>' in outbox
    assert f'<a href="/admin/users/{patient.id}">their account</a>' in outbox
    assert office.email not in outbox and patient.email not in outbox  # addresses stay masked

    views = db.scalars(select(AuditEvent).where(AuditEvent.action == "member.view")).all()
    assert {e.details.get("what") for e in views} >= {"admin overview", "outbox"}
    assert all(e.member_ref == patient.member.member_id for e in views)


def test_a_users_own_page_names_them_in_their_events(admin_client, db):
    office = f.user("provider", display_name="Dana Office")
    db.commit()
    db.add(AuditEvent(action="auth.login_failed", outcome="bad_password", user_id=office.id,
                      target=f"user:{office.id}"))
    db.commit()
    page = admin_client.get(f"/admin/users/{office.id}").get_data(as_text=True)
    events = page[page.index("Latest activity"):]
    assert f'<a href="/admin/users/{office.id}">Dana Office</a>' in events and f"user:{office.id}" not in events


def test_people_lookup_is_one_query_and_skips_unknown_ids(db):
    office = f.user("provider", display_name="Dana Office")
    db.commit()
    found = activity.people(db, [office.id, None, 0, 999_999, office.id])
    assert list(found) == [office.id] and found[office.id].label == "Dana Office"
    assert activity.people(db, []) == {} and activity.target_user_id("user:12") == 12
    assert activity.target_user_id("organization:3") is None and activity.target_user_id("user:x") is None

