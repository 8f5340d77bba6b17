"""Guarded actions: what cannot be taken back (disabling an account, revoking a token, ending
someone's sessions, leaving a program) is confirmed on a page of its own first, without
JavaScript.

The button that starts such an action is a link (`confirm_link` in templates/_confirm.html)
to the action's own URL. A GET there changes nothing: it shows what the action will do, in
plain words, with a danger button and a way back (templates/confirm.html, or a page of the
action's own that calls `confirm_form`). That button posts to the same URL with the CSRF
token and FIELD=VALUE. A POST without FIELD (a form of an older page, a script, a list's
button from before) is never acted on: it is sent to the confirmation page, with the same
choices in the query string.

A view guards itself with `guard()`:

    if (stop := confirm.guard(lambda: Confirmation(...), back_url, enabled="0")) is not None:
        return stop
    ... do it ...
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from werkzeug.wrappers import Response

FIELD = "confirmed"
VALUE = "yes"


@dataclass(frozen=True)
class Confirmation:
    """A confirmation page: the question, what happens, and the two ways out."""

    question: str                    # the heading, a question: "Disable desk@office.example?"
    consequences: tuple[str, ...]    # what the action does, each a sentence, plainly and truthfully
    button: str                      # the danger button: "Disable desk@office.example"
    cancel_url: str                  # back to where the action was offered
    cancel_label: str = _l("Cancel")
    hidden: dict[str, str] = field(default_factory=dict)  # the action's choices ({"enabled": "0"})
    nav: str | None = None           # a navigation include of the area ("admin/_nav.html")
    action: str | None = None        # where the button posts: the action's own URL by default


def confirmed() -> bool:
    """Whether this request is the confirmation page's button (a POST with FIELD=VALUE)."""
    return request.method == "POST" and request.form.get(FIELD) == VALUE


def ask(confirmation: Confirmation, status: int = 200) -> tuple[str, int]:
    """The shared confirmation page."""
    return render_template("confirm.html", confirmation=confirmation,
                           action=confirmation.action or request.path), status


def to_confirmation(**choices: str) -> Response:
    """An unconfirmed POST: to the confirmation page of the same action and choices."""
    return redirect(url_for(request.endpoint, **(request.view_args or {}), **choices))


def guard(confirmation: Callable[[], Confirmation] | None, back: str, /, **choices: str) -> Response | tuple | None:
    """What a guarded view answers before acting, or None to go ahead.

    `confirmation` builds the page (None: this choice needs none, e.g. enabling an account):
    a GET shows it (or, with nothing to confirm, goes `back`); a POST goes ahead only when
    confirmed, else it is sent to the GET page with `choices` in the query string."""
    if request.method != "POST":
        return ask(confirmation()) if confirmation is not None else redirect(back)
    if confirmation is None or confirmed():
        return None
    return to_confirmation(**choices)


# --- confirmations asked in more than one area ---------------------------------------------------


def _token_check_seconds() -> str:
    from flask import current_app

    seconds = int(current_app.config.get("API_TOKEN_CHECK_SECONDS", 0))
    return ngettext("%(num)s second", "%(num)s seconds", seconds) if seconds else _("a moment")


def revoke_token_page(token, back: str, **kw) -> Confirmation:
    """Revoking an API token (an administrator's, or an office user's own): `token` is an ApiToken."""
    from portal import formatting
    from portal.web import reader_zone

    from portal.i18n import current_language

    named = token.name and token.name != "API token"  # "API token": the name given when none was
    used = (_("It was last used %(when)s.",
              when=formatting.long_datetime(token.last_used_at, reader_zone(), current_language()))
            if token.last_used_at else _("It has never been used."))
    question = (_("Revoke the API token %(prefix)s… (%(name)s) of %(email)s?", prefix=token.prefix, name=token.name,
                  email=token.user.email) if named else
                _("Revoke the API token %(prefix)s… of %(email)s?", prefix=token.prefix, email=token.user.email))
    return Confirmation(
        question=question,
        consequences=(_("Systems that call the API with it are refused: at once on this server, within %(delay)s on "
                        "the others. %(used)s", delay=_token_check_seconds(), used=used),
                      _("A revoked token cannot be used again: to reconnect a system, create a new token.")),
        button=_("Revoke %(prefix)s…", prefix=token.prefix), cancel_url=back, **kw)

