"""English and Spanish: the catalogs hold every string people read, the page language is chosen
as portal/i18n.py says, and the switch remembers it."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from sqlalchemy import select

from portal import formatting
from portal.i18n import valid_language
from portal.models import AuditEvent
from tests import factories
from tests.helpers import csrf_token, sign_in
from tests.i18n_check import CATALOG, PORTAL, findings, missing_translations


def test_every_string_people_read_is_marked_for_translation():
    problems = findings([PORTAL])
    assert not problems, "text outside the catalogs (python -m tests.i18n_check):\n" + "\n".join(map(str, problems[:80]))


def test_every_marked_string_has_its_spanish():
    problems = missing_translations([PORTAL], CATALOG)
    assert not problems, "untranslated (make translations-update, then translate):\n" + "\n".join(
        map(str, problems[:80]))


def test_the_checker_finds_unmarked_text(tmp_path):
    template = tmp_path / "templates" / "page.html"
    template.parent.mkdir()
    template.write_text('<h1>{{ _("Marked") }}</h1><p>Not marked</p><img alt="A picture" src="x.png">'
                        '{% trans %}Inside trans{% endtrans %}{{ link("x", "Sign in") }}<p>NPI</p>')
    module = tmp_path / "views.py"
    module.write_text('from flask import flash\nflash("Saved.")\nflash(_("Marked."))\n'
                      'name = StringField("Last name")\n')
    found = {f.text for f in findings([tmp_path])}
    assert found == {"Not marked", 'alt="A picture"', "literal 'Sign in'", "flash() of an unmarked string",
                     "StringField label not marked"}


def test_the_checker_finds_a_missing_spanish(tmp_path):
    template = tmp_path / "templates" / "page.html"
    template.parent.mkdir()
    template.write_text('{{ _("Choose English or Spanish.") }}{{ _("A sentence nobody translated") }}')
    catalog = tmp_path / "messages.po"
    catalog.write_text('msgid "Choose English or Spanish."\nmsgstr "Elija inglés o español."\n\n'
                       'msgid "A sentence nobody translated"\nmsgstr ""\n')
    assert [f.text for f in missing_translations([tmp_path], catalog)] == [
        "no translation in messages.po: 'A sentence nobody translated'"]


@pytest.mark.parametrize("code, expected", [("es", "es"), ("es-MX", "es"), ("ES_us", "es"), ("en-US", "en"),
                                            ("fr", None), ("", None), (None, None), (3, None)])
def test_valid_language(code, expected):
    assert valid_language(code) == expected


def test_dates_and_numbers_per_language():
    moment = datetime(2026, 12, 1, 20, 43, tzinfo=timezone.utc)
    assert formatting.long_date(date(2026, 12, 1), language="es") == "1 de diciembre de 2026"
    assert formatting.long_datetime(moment, "America/Chicago", "es") == "1 de diciembre de 2026, 2:43 p.m. CST"
    assert formatting.long_datetime(moment, "America/Chicago", "en") == "December 1, 2026, 2:43 PM CST"
    assert formatting.number(2650000, "es") == formatting.number(2650000, "en") == "2,650,000"


def _lang(client, path="/", **headers) -> str:
    html = client.get(path, headers=headers).get_data(as_text=True)
    return html.split('<html lang="', 1)[1].split('"', 1)[0]


def test_the_browser_language_is_followed_until_one_is_chosen(client):
    assert _lang(client) == "en"
    assert _lang(client, **{"Accept-Language": "es-US,es;q=0.9,en;q=0.5"}) == "es"
    assert _lang(client, **{"Accept-Language": "fr-FR,fr;q=0.9"}) == "en"
    client.set_cookie("lang", "es", domain="portal.test")
    assert _lang(client, **{"Accept-Language": "en-US"}) == "es"
    client.set_cookie("lang", "klingon", domain="portal.test")
    assert _lang(client, **{"Accept-Language": "en-US"}) == "en"


def test_the_switch_remembers_the_choice_and_returns_to_the_page(client):
    token = csrf_token(client)
    response = client.post("/language", data={"language": "es", "next": "/care-programs?x=1", "csrf_token": token})
    assert response.status_code == 303 and response.headers["Location"] == "/care-programs?x=1"
    assert "lang=es" in response.headers["Set-Cookie"] and "HttpOnly" in response.headers["Set-Cookie"]
    assert _lang(client, "/care-programs", **{"Accept-Language": "en"}) == "es"
    # Back to English, from the switch the Spanish page shows.
    html = client.get("/").get_data(as_text=True)
    assert 'name="language" value="en" lang="en"' in html and 'value="es" lang="es"' not in html
    client.post("/language", data={"language": "en", "next": "/", "csrf_token": token})
    assert _lang(client) == "en"


def test_the_switch_refuses_bad_input_and_foreign_redirects(client):
    token = csrf_token(client)
    assert client.post("/language", data={"language": "fr", "next": "/", "csrf_token": token}).status_code == 400
    assert client.post("/language", data={"language": "es", "next": "/"}).status_code == 400  # no CSRF token
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        response = client.post("/language", data={"language": "es", "next": target, "csrf_token": token})
        assert response.status_code == 303 and response.headers["Location"] == "/"


def test_a_signed_in_users_choice_is_kept_in_their_account(client, db):
    user = factories.user("patient")
    sign_in(client, user)
    response = client.post("/language", data={"language": "es", "next": "/account", "csrf_token": csrf_token(client)})
    assert response.status_code == 303
    db.refresh(user)
    assert user.language == "es"
    event = db.scalars(select(AuditEvent).where(AuditEvent.action == "auth.language_change")).one()
    assert event.details == {"language": "es", "previous": None} and event.target == f"user:{user.id}"
    # Another browser (no cookie) with English headers: the account's choice wins.
    other = client.application.test_client()
    sign_in(other, user)
    assert _lang(other, "/account", **{"Accept-Language": "en-US"}) == "es"


def test_pages_are_in_spanish(client):
    client.set_cookie("lang", "es", domain="portal.test")
    for path in ("/", "/care-programs", "/login", "/register", "/providers", "/assistant", "/contact"):
        response = client.get(path)
        html = response.get_data(as_text=True)
        assert response.status_code == 200, path
        assert '<html lang="es">' in html, path
    assert "Iniciar sesión" in client.get("/login").get_data(as_text=True)


def test_error_pages_are_in_spanish(client):
    client.set_cookie("lang", "es", domain="portal.test")
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert '<html lang="es">' in response.get_data(as_text=True)


def test_pages_say_they_vary_by_language(client):
    vary = client.get("/").headers["Vary"]
    assert "Accept-Language" in vary and "Cookie" in vary


def test_a_lazy_message_with_what_someone_typed_is_escaped(app):
    from flask import render_template_string
    from flask_babel import lazy_gettext

    with app.test_request_context("/"):
        message = lazy_gettext("Date of birth “%(text)s” is not a real date.", text="<script>alert(1)</script>")
        html = render_template_string("<p>{{ message }}</p>", message=message)
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html



def test_production_refuses_to_start_without_the_compiled_catalog(tmp_path):
    from flask import Flask

    from portal import i18n
    from portal.config import ConfigError

    bare = Flask("bare", root_path=str(tmp_path))  # no portal/translations/es/LC_MESSAGES/messages.mo here
    bare.config["PORTAL_PRODUCTION"] = True
    with pytest.raises(ConfigError, match="no compiled catalog for es"):
        i18n.init_app(bare)
    development = Flask("development", root_path=str(tmp_path))
    i18n.init_app(development)  # development starts (English shows until make install compiles it)
