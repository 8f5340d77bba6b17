"""A user's own preferences: the time zone dates and times are shown in.

Like every account change (portal/services/accounts.py), the change writes its audit event in
the same transaction."""
from __future__ import annotations

from sqlalchemy.orm import Session

from portal.formatting import valid_zone
from portal.models import User
from portal.services import audit
from portal.services.accounts import AccountError
from portal.services.audit import Actor


def set_time_zone(session: Session, actor: Actor, user: User, zone: str | None) -> bool:
    """Show `user` dates and times in `zone` (an IANA name, America/Chicago), or with None (or
    "") in their device's time zone. Returns whether anything changed (no event when not)."""
    chosen = valid_zone(zone) if zone else None
    if zone and chosen is None:
        raise AccountError("Choose a time zone from the list.", 400, "time_zone")
    previous = user.time_zone
    if previous == chosen:
        return False
    user.time_zone = chosen
    audit.record(session, actor, "auth.time_zone_change", target=f"user:{user.id}",
                 details={"time_zone": chosen, "previous": previous})
    session.commit()
    return True
