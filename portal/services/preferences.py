"""A user's own preferences: the time zone dates and times are shown in, and the language of the
portal and its e-mails.

Like every account change (portal/services/accounts.py), the change writes its audit event in
the same transaction."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from portal.formatting import valid_zone
from portal.i18n import valid_language
from portal.models import User
from portal.services import audit
from portal.services.accounts import AccountError
from portal.services.audit import Actor


def set_time_zone(session: Session, actor: Actor, user: User, zone: str | None) -> bool:
    """Show `user` dates and times in `zone` (an IANA name, America/Chicago), or with None (or
    "") in their device's time zone. Returns whether anything changed (no event when not)."""
    chosen = valid_zone(zone) if zone else None
    if zone and chosen is None:
        raise AccountError(_l("Choose a time zone from the list."), 400, "time_zone")
    return _change(session, actor, user, "time_zone", chosen)


def set_language(session: Session, actor: Actor, user: User, language: str | None) -> bool:
    """Show `user` the portal and send them e-mail in `language` ('en' or 'es'; None: the
    browser's). Returns whether anything changed (no event when not)."""
    chosen = valid_language(language) if language else None
    if language and chosen is None:
        raise AccountError(_l("Choose a language from the list."), 400, "language")
    return _change(session, actor, user, "language", chosen)


def _change(session: Session, actor: Actor, user: User, preference: str, chosen: str | None) -> bool:
    """Set one preference, with its audit event (auth.<preference>_change) in the same commit."""
    previous = getattr(user, preference)
    if previous == chosen:
        return False
    setattr(user, preference, chosen)
    audit.record(session, actor, f"auth.{preference}_change", target=f"user:{user.id}",
                 details={preference: chosen, "previous": previous})
    session.commit()
    return True
