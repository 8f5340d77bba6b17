"""The portal's languages (Flask-Babel): which one a page is in, and changing it.

A page's language is, in order: the one set for this rendering (g.language: an e-mail is in its
recipient's language, portal/delivery/messages.py), the signed-in user's choice (users.language),
the `lang` cookie (the switch at the foot of every page sets it, also for visitors), and the
browser's Accept-Language; English when none of these names a language the portal has. The JSON
API's messages are always English.

Strings are marked in templates with {{ _("...") }} / {% trans %} and in Python with gettext /
lazy_gettext (`_` and `_l`); `make translations-extract`, `translations-update` and
`translations-compile` keep the catalogs under portal/translations/ (README: adding a language).
"""
from __future__ import annotations

from pathlib import Path

from flask import Flask, g, has_request_context, request
from flask.json.provider import DefaultJSONProvider
from flask_babel import Babel, get_locale
from flask_babel.speaklater import LazyString
from flask_login import current_user
from markupsafe import Markup, escape

from portal.formatting import LOCALES

# Language code -> its name written in that language (what the switch shows).
LANGUAGES: dict[str, str] = {"en": "English", "es": "Español"}
DEFAULT_LANGUAGE = "en"
COOKIE = "lang"
COOKIE_MAX_AGE = 365 * 24 * 3600

babel = Babel()


def _escaped(self: LazyString) -> Markup:
    return escape(str(self))


# Flask-Babel's lazy strings call themselves HTML (__html__ returns the text as it is), so Jinja
# would print one unescaped: "Date of birth “%(text)s” is not a real date" with what the user
# typed would be markup. Here a lazy string is text like any other: escaped where it is shown.
LazyString.__html__ = _escaped  # type: ignore[method-assign]


def valid_language(code: object) -> str | None:
    """'en' or 'es' when `code` names one of the portal's languages ('es-MX' -> 'es'), else None."""
    if not isinstance(code, str) or not code:
        return None
    base = code.strip().replace("_", "-").split("-", 1)[0].lower()
    return base if base in LANGUAGES else None


def select_language() -> str:
    """The language of what is being rendered now (see the module's docstring)."""
    chosen = valid_language(g.get("language"))
    if chosen:
        return chosen
    if has_request_context():
        # The JSON API is a contract for programs: its messages are English whatever the headers
        # say (its documentation page is a page like the others; the assistant's answers follow
        # the question's language on their own).
        if request.blueprint == "api" and request.endpoint != "api.docs":
            return DEFAULT_LANGUAGE
        return reader_language()
    return DEFAULT_LANGUAGE


def reader_language() -> str:
    """The language the reader asked for (account, cookie, Accept-Language), even where the page's
    own messages are English (the JSON API): the hint for the assistant's answers."""
    if has_request_context():
        if current_user and getattr(current_user, "is_authenticated", False):
            chosen = valid_language(getattr(current_user, "language", None))
            if chosen:
                return chosen
        chosen = valid_language(request.cookies.get(COOKIE))
        if chosen:
            return chosen
        best = request.accept_languages.best_match(tuple(LANGUAGES), default=None)
        if best:
            return best
    return DEFAULT_LANGUAGE


def current_language() -> str:
    """The language of the current page or e-mail ('en' or 'es')."""
    return valid_language(str(get_locale())) or DEFAULT_LANGUAGE


def format_locale(language: str | None = None) -> str:
    """The Babel locale numbers and dates are written with for `language` (default: the current one)."""
    return LOCALES[valid_language(language) or current_language()]


class _JSONProvider(DefaultJSONProvider):
    """JSON with lazy strings as their text (Flask's default would take their HTML form, which is
    escaped: "“&lt;b&gt;”" in an API error message)."""

    @staticmethod
    def default(o: object) -> object:
        if isinstance(o, LazyString):
            return str(o)
        return DefaultJSONProvider.default(o)


def init_app(app: Flask) -> None:
    app.json = _JSONProvider(app)
    if app.config.get("PORTAL_PRODUCTION"):
        from portal.config import ConfigError

        missing = [code for code in LANGUAGES if code != DEFAULT_LANGUAGE and not
                   (Path(app.root_path) / "translations" / code / "LC_MESSAGES" / "messages.mo").is_file()]
        if missing:
            raise ConfigError(f"no compiled catalog for {', '.join(missing)}: run `make translations-compile` "
                              "(pybabel compile -d portal/translations) before starting")
    babel.init_app(app, locale_selector=select_language, default_locale=DEFAULT_LANGUAGE,
                   default_translation_directories="translations")

    @app.after_request
    def vary_by_language(response):
        # The same address is English or Spanish by the headers and the cookie: no shared cache
        # may hand one reader's language to another.
        if response.mimetype == "text/html":
            response.vary.update(("Accept-Language", "Cookie"))
        return response

    @app.template_filter("as_stored")
    def as_stored(text: object) -> Markup:
        """Text kept as it was written, in English (program names and descriptions from the payer's
        files, stored delivery errors, the OpenAPI document's descriptions): marked as English on a
        page in another language, so that screen readers say it right."""
        if text is None or text == "":
            return Markup("")
        if current_language() == DEFAULT_LANGUAGE:
            return escape(text)
        return Markup('<span lang="{}">{}</span>').format(DEFAULT_LANGUAGE, text)

    @app.context_processor
    def languages() -> dict:
        return {"current_language": current_language(), "languages": LANGUAGES}


__all__ = ["COOKIE", "COOKIE_MAX_AGE", "DEFAULT_LANGUAGE", "LANGUAGES", "current_language",
           "format_locale", "init_app", "reader_language", "select_language", "valid_language"]
