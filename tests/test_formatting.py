"""One way of writing dates and times for people (portal/formatting.py), and the zone they are
read in (portal/web.py reader_zone)."""
from __future__ import annotations

import locale
from datetime import date, datetime, timedelta, timezone

import pytest

from portal import formatting
from portal.formatting import long_date, long_datetime, valid_zone, zone_label

UTC = timezone.utc


# --- dates -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "expected"), [
    (date(2026, 12, 1), "December 1, 2026"),
    (date(2027, 1, 31), "January 31, 2027"),
    (date(2024, 2, 29), "February 29, 2024"),
    ("2026-05-09", "May 9, 2026"),  # an ISO date as a service hands it to a template
    (None, ""),
    ("", ""),
    ("ongoing", "ongoing"),  # not a date: left as it is
])
def test_long_date(value, expected):
    assert long_date(value) == expected
    assert long_date(value, "Pacific/Honolulu") == expected  # a calendar date has no zone


def test_a_moment_near_midnight_utc_is_the_readers_date():
    moment = datetime(2026, 12, 2, 3, 30, tzinfo=UTC)  # the evening of December 1 in the Americas
    assert long_date(moment, "America/New_York") == "December 1, 2026"
    assert long_date(moment, "America/Los_Angeles") == "December 1, 2026"
    assert long_date(moment, "Europe/Berlin") == "December 2, 2026"
    assert long_date(moment, "UTC") == "December 2, 2026"
    assert long_datetime(moment, "America/Chicago") == "December 1, 2026, 9:30 PM CST"
    # Already December 2 in New York (the default zone), still December 1 in Los Angeles: the
    # date and the time of a moment are both the reader's.
    late = datetime(2026, 12, 2, 5, 30, tzinfo=UTC)
    assert long_datetime(late, "America/Los_Angeles") == "December 1, 2026, 9:30 PM PST"
    assert long_datetime(late, "America/New_York") == "December 2, 2026, 12:30 AM EST"
    # New Year's Eve: the year changes too.
    assert long_date(datetime(2027, 1, 1, 2, 0, tzinfo=UTC), "America/New_York") == "December 31, 2026"


def test_month_names_do_not_follow_the_locale():
    previous = locale.setlocale(locale.LC_TIME)
    try:
        for name in ("de_DE.UTF-8", "fr_FR.UTF-8", "es_ES.UTF-8"):
            try:
                locale.setlocale(locale.LC_TIME, name)
            except locale.Error:  # not installed here
                continue
            assert long_date(date(2026, 3, 1)) == "March 1, 2026"
            assert long_datetime(datetime(2026, 3, 1, 15, 0, tzinfo=UTC), "UTC") == "March 1, 2026, 3:00 PM UTC"
    finally:
        locale.setlocale(locale.LC_TIME, previous)


# --- moments -------------------------------------------------------------------------------------


def test_long_datetime_in_the_zone_with_the_zone_shown():
    assert long_datetime(datetime(2026, 12, 1, 19, 43, tzinfo=UTC), "America/New_York") == \
        "December 1, 2026, 2:43 PM EST"
    assert long_datetime(datetime(2026, 12, 1, 19, 5, tzinfo=UTC), "America/Los_Angeles") == \
        "December 1, 2026, 11:05 AM PST"
    assert long_datetime(datetime(2026, 12, 1, 19, 5, tzinfo=UTC), "Pacific/Honolulu") == \
        "December 1, 2026, 9:05 AM HST"
    assert long_datetime(datetime(2026, 7, 1, 19, 5, tzinfo=UTC), "America/Phoenix") == \
        "July 1, 2026, 12:05 PM MST"  # Arizona keeps standard time all summer


def test_daylight_saving_on_both_sides_of_each_change():
    zone = "America/New_York"
    # Spring forward: Sunday March 8, 2026, 2:00 AM EST becomes 3:00 AM EDT (07:00 UTC).
    assert long_datetime(datetime(2026, 3, 8, 6, 59, tzinfo=UTC), zone) == "March 8, 2026, 1:59 AM EST"
    assert long_datetime(datetime(2026, 3, 8, 7, 0, tzinfo=UTC), zone) == "March 8, 2026, 3:00 AM EDT"
    # Fall back: Sunday November 1, 2026, 2:00 AM EDT becomes 1:00 AM EST (06:00 UTC): the
    # hour from 1 to 2 AM happens twice, and the zone tells which.
    assert long_datetime(datetime(2026, 11, 1, 5, 30, tzinfo=UTC), zone) == "November 1, 2026, 1:30 AM EDT"
    assert long_datetime(datetime(2026, 11, 1, 6, 30, tzinfo=UTC), zone) == "November 1, 2026, 1:30 AM EST"
    # Summer and winter of the same zone.
    assert long_datetime(datetime(2026, 7, 4, 17, 0, tzinfo=UTC), "America/Chicago") == "July 4, 2026, 12:00 PM CDT"
    assert long_datetime(datetime(2026, 1, 4, 17, 0, tzinfo=UTC), "America/Chicago") == "January 4, 2026, 11:00 AM CST"


def test_an_aware_value_in_another_zone_is_the_same_moment():
    eastern = datetime(2026, 12, 1, 14, 43, tzinfo=timezone(timedelta(hours=-5)))
    assert long_datetime(eastern, "America/Denver") == "December 1, 2026, 12:43 PM MST"


def test_naive_values_are_utc():
    assert long_datetime(datetime(2026, 12, 1, 19, 43), "America/New_York") == "December 1, 2026, 2:43 PM EST"
    assert long_date(datetime(2026, 12, 2, 1, 0), "America/New_York") == "December 1, 2026"


@pytest.mark.parametrize(("hour", "minute", "expected"), [
    (0, 0, "12:00 AM"), (0, 1, "12:01 AM"), (11, 59, "11:59 AM"), (12, 0, "12:00 PM"), (12, 30, "12:30 PM"),
    (13, 5, "1:05 PM"), (23, 59, "11:59 PM"),
])
def test_twelve_hour_clock(hour, minute, expected):
    assert long_datetime(datetime(2026, 12, 1, hour, minute, tzinfo=UTC), "UTC") == f"December 1, 2026, {expected} UTC"


def test_none_and_plain_dates():
    assert long_datetime(None) == "" and long_datetime(None, "America/Chicago") == ""
    assert long_date(None, "America/Chicago") == ""
    assert long_datetime(date(2026, 12, 1), "America/Chicago") == "December 1, 2026"


def test_zones_without_letters_show_their_offset():
    moment = datetime(2026, 7, 1, 12, 0, tzinfo=UTC)
    assert long_datetime(moment, "America/Sao_Paulo") == "July 1, 2026, 9:00 AM GMT-3"
    assert long_datetime(moment, "Asia/Kathmandu") == "July 1, 2026, 5:45 PM GMT+5:45"
    assert long_datetime(moment, "Etc/GMT+5") == "July 1, 2026, 7:00 AM GMT-5"
    assert long_datetime(moment, "Pacific/Guam") == "July 1, 2026, 10:00 PM ChST"


# --- zones -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["America/Chicago", "Pacific/Honolulu", "Europe/Paris", "UTC", "Etc/GMT+5",
                                  "America/Puerto_Rico", "Pacific/Guam"])
def test_valid_zones(name):
    assert valid_zone(name) == name


@pytest.mark.parametrize("name", [None, "", "Mars/Olympus_Mons", "america/chicago", "America/Chicago ",
                                  "EST ", "../../etc/passwd", "A" * 65, "localtime", "Factory", 42,
                                  ["America/Chicago"], "America/Chicago\x00"])
def test_invalid_zones_are_refused(name):
    assert valid_zone(name) is None


@pytest.mark.parametrize("name", [None, "", "Mars/Olympus_Mons", "localtime", "not a zone"])
def test_an_invalid_zone_falls_back_to_the_default(name):
    moment = datetime(2026, 12, 1, 19, 43, tzinfo=UTC)
    assert formatting.DEFAULT_ZONE == "America/New_York"
    assert long_datetime(moment, name) == "December 1, 2026, 2:43 PM EST"
    assert long_date(datetime(2026, 12, 2, 3, 0, tzinfo=UTC), name) == "December 1, 2026"


def test_zone_labels():
    assert zone_label("America/Chicago") == "Central Time"
    assert zone_label("America/Phoenix") == "Arizona Time"
    assert zone_label("Pacific/Honolulu") == "Hawaii Time"
    assert zone_label("Europe/Paris") == "Paris time"
    assert zone_label("America/Argentina/Buenos_Aires") == "Buenos Aires time"
    offered = [name for name, _ in formatting.US_ZONES]
    assert offered[:7] == ["America/New_York", "America/Chicago", "America/Denver", "America/Phoenix",
                           "America/Los_Angeles", "America/Anchorage", "Pacific/Honolulu"]
    assert all(valid_zone(name) for name in offered)
    others = formatting.other_zones()
    assert "Europe/Paris" in others and "America/Chicago" not in others and "US/Eastern" not in others
    assert all(valid_zone(name) for name in others)


# --- the reader's zone ----------------------------------------------------------------------------


def test_reader_zone_account_then_cookie_then_configuration(app):
    from types import SimpleNamespace
    from unittest import mock

    from portal import web

    with app.test_request_context("/"):
        assert web.reader_zone() == "America/New_York"  # nobody signed in, no cookie
    with app.test_request_context("/", headers={"Cookie": "tz=America/Denver"}):
        assert web.reader_zone() == "America/Denver"
    with app.test_request_context("/", headers={"Cookie": "tz=Mars/Base"}):
        assert web.reader_zone() == "America/New_York"  # the browser's value is checked
    with app.test_request_context("/", headers={"Cookie": "tz=America/Denver"}), \
            mock.patch("flask_login.utils._get_user", return_value=SimpleNamespace(time_zone="Pacific/Honolulu")):
        assert web.reader_zone() == "Pacific/Honolulu"  # the account's choice wins
    with app.test_request_context("/", headers={"Cookie": "tz=America/Denver"}), \
            mock.patch("flask_login.utils._get_user", return_value=SimpleNamespace(time_zone=None)):
        assert web.reader_zone() == "America/Denver"  # no choice: the device's zone
    with app.app_context():
        assert web.reader_zone() == "America/New_York"  # no request (the worker)
    with mock.patch.dict(app.config, {"PORTAL_TIME_ZONE": "America/Chicago"}), app.test_request_context("/"):
        assert web.reader_zone() == "America/Chicago"
    with mock.patch.dict(app.config, {"PORTAL_TIME_ZONE": "Nowhere/Special"}), app.test_request_context("/"):
        assert web.reader_zone() == "America/New_York"


def test_the_filters_write_in_the_readers_zone(app):
    moment = datetime(2026, 12, 2, 3, 30, tzinfo=UTC)
    with app.test_request_context("/", headers={"Cookie": "tz=America/Los_Angeles"}):
        rendered = app.jinja_env.from_string("{{ m|day }} / {{ m|when }} / {{ d|day }} / {{ none|when }}").render(
            m=moment, d=date(2026, 12, 2), none=None)
    assert rendered == "December 1, 2026 / December 1, 2026, 7:30 PM PST / December 2, 2026 / "


# --- the time zone preference (My account) ----------------------------------------------------------


def _page(client, path="/account") -> str:
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    return " ".join(response.get_data(as_text=True).split())


def _changed_at(db, user, moment):
    from portal.models import User

    db.get(User, user.id).password_changed_at = moment
    db.commit()


def _zone_events(db):
    from sqlalchemy import select

    from portal.models import AuditEvent

    db.expire_all()
    return list(db.scalars(select(AuditEvent).where(AuditEvent.action == "auth.time_zone_change")
                           .order_by(AuditEvent.id)))


def test_account_times_follow_the_default_the_device_then_the_choice(make_client, db):
    from tests.helpers import post

    client = make_client("patient")
    _changed_at(db, client.user, datetime(2026, 12, 1, 19, 43, tzinfo=UTC))

    # No JavaScript, no choice: the portal's zone, said so, and every time carries its zone.
    page = _page(client)
    assert ("Times are shown in Eastern Time (America/New_York), the portal's standard time zone "
            "(your browser has not told us yours).") in page
    assert '<time datetime="2026-12-01T19:43:00+00:00">December 1, 2026, 2:43 PM EST</time>' in page
    assert 'href="/account/time-zone">Change my time zone</a>' in page
    assert "UTC" not in page.replace("+00:00", "")

    # The browser said where it is (static/js/timezone.js): its zone.
    client.set_cookie("tz", "America/Chicago", domain="portal.test")
    page = _page(client)
    assert "Times are shown in Central Time (America/Chicago), your device's time zone." in page
    assert "December 1, 2026, 1:43 PM CST" in page
    form = _page(client, "/account/time-zone")
    assert "<h1>Time zone</h1>" in form
    assert "Use my device&#39;s time zone (now Central Time (America/Chicago))</option>" in form

    # A choice on the time zone page wins over the device's.
    response = post(client, "/account/time-zone", {"time_zone": "Pacific/Honolulu"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/account")
    page = _page(client)
    assert "Times are now shown in Hawaii Time (Pacific/Honolulu)." in page
    assert "Times are shown in Hawaii Time (Pacific/Honolulu), the time zone you chose." in page
    assert "December 1, 2026, 9:43 AM HST" in page
    from portal.models import User

    db.expire_all()
    assert db.get(User, client.user.id).time_zone == "Pacific/Honolulu"
    assert '<option selected value="Pacific/Honolulu">' in _page(client, "/account/time-zone")

    # Choosing the same again changes nothing and is not an event.
    assert post(client, "/account/time-zone", {"time_zone": "Pacific/Honolulu"}).status_code == 302

    # Back to the device's zone (stored as none).
    response = post(client, "/account/time-zone", {"time_zone": ""})
    assert response.status_code == 302
    page = _page(client)
    assert "Times now follow your device&#39;s time zone, Central Time (America/Chicago)." in page
    assert "1:43 PM CST" in page
    db.expire_all()
    assert db.get(User, client.user.id).time_zone is None

    events = _zone_events(db)
    assert [(e.user_id, e.target, e.outcome, e.details) for e in events] == [
        (client.user.id, f"user:{client.user.id}", "success", {"time_zone": "Pacific/Honolulu", "previous": None}),
        (client.user.id, f"user:{client.user.id}", "success", {"time_zone": None, "previous": "Pacific/Honolulu"}),
    ]


def test_time_zone_page_lists_us_zones_first(make_client):
    client = make_client("provider")
    page = _page(client, "/account/time-zone")
    assert "the portal's standard time zone" in page
    assert "Use my device&#39;s time zone</option>" in page  # the browser has not said which
    device, us, others = (page.index(f'<optgroup label="{label}">')
                          for label in ("Your device", "United States", "Other time zones"))
    assert device < us < others
    assert page.index('<option selected value="">') < us
    us_part = page[us:others]
    labels = ["Eastern Time (America/New_York)", "Central Time (America/Chicago)", "Mountain Time (America/Denver)",
              "Arizona Time: Mountain Time, no daylight saving (America/Phoenix)", "Pacific Time (America/Los_Angeles)",
              "Alaska Time (America/Anchorage)", "Hawaii Time (Pacific/Honolulu)"]
    positions = [us_part.index(label) for label in labels]
    assert positions == sorted(positions)
    for territory in ("Puerto Rico", "Guam", "American Samoa"):
        assert territory in us_part
    assert 'value="Europe/Paris"' in page[others:]


@pytest.mark.parametrize("zone", ["Mars/Olympus_Mons", "localtime", "America/Chicago; Path=/", "x" * 100])
def test_a_zone_not_in_the_list_is_refused(make_client, db, zone):
    from portal.models import User
    from tests.helpers import post

    client = make_client("patient")
    response = post(client, "/account/time-zone", {"time_zone": zone})
    assert response.status_code == 400
    assert "Choose a time zone from the list." in response.get_data(as_text=True)
    db.expire_all()
    assert db.get(User, client.user.id).time_zone is None and _zone_events(db) == []


def test_a_cookie_that_is_not_a_zone_is_ignored(make_client, db):
    client = make_client("patient")
    _changed_at(db, client.user, datetime(2026, 7, 1, 19, 43, tzinfo=UTC))
    client.set_cookie("tz", "Nowhere/Atlantis", domain="portal.test")
    page = _page(client)
    assert "Eastern Time (America/New_York), the portal's standard time zone" in page
    assert "July 1, 2026, 3:43 PM EDT" in page
    assert "Nowhere" not in _page(client, "/account/time-zone")


def test_signed_out_the_time_zone_page_asks_to_sign_in(client):
    response = client.get("/account/time-zone")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_set_time_zone_service(db):
    from portal.services import preferences
    from portal.services.accounts import AccountError
    from portal.services.audit import Actor
    from tests import factories as f

    user = f.user("patient")
    db.commit()
    actor = Actor.for_user(user, "192.0.2.1")
    assert preferences.set_time_zone(db, actor, user, "America/Denver") is True
    assert preferences.set_time_zone(db, actor, user, "America/Denver") is False
    with pytest.raises(AccountError) as refused:
        preferences.set_time_zone(db, actor, user, "Denver")
    assert refused.value.field == "time_zone" and user.time_zone == "America/Denver"
    assert preferences.set_time_zone(db, actor, user, "") is True and user.time_zone is None
    assert [(e.ip_address, e.details["time_zone"]) for e in _zone_events(db)] == [
        ("192.0.2.1", "America/Denver"), ("192.0.2.1", None)]


def test_fixed_offset_zones_are_named_by_their_real_offset():
    from portal.formatting import zone_label

    assert zone_label("Etc/GMT+5") == "GMT-5 time"  # five hours behind Greenwich
    assert zone_label("Etc/GMT-10") == "GMT+10 time"
    assert zone_label("Europe/Paris") == "Paris time"
