"""Which of its organization's care coordinators an office staff account is: the same view
for an admin (a user's page) and an office administrator (the staff page). A first link is
made at once; removing or replacing one (the account loses those patients) is confirmed first
(portal/confirm.py)."""
from __future__ import annotations

from flask import flash, redirect

from portal import confirm
from portal.access import current_actor
from portal.care import CareError, coordinators
from portal.confirm import Confirmation
from portal.extensions import db
from portal.models import CareCoordinator, User
from portal.web import fail


def link_or_confirm(user: User, raw: str, back: str, nav: str):
    """`raw`: the chosen coordinator's id as sent (digits, checked by the caller), or "" for none.
    Answers the confirmation page, or links and goes `back`."""
    chosen = int(raw) if raw else None
    current = user.care_coordinator if user.care_coordinator_id is not None else None

    def page() -> Confirmation:
        new = db.session.get(CareCoordinator, chosen) if chosen is not None else None
        if chosen is not None and (new is None or new.organization_id != user.organization_id):
            fail(400, "Choose a care coordinator of this account's organization.")
        return _page(user, current, new, bool(coordinators.office_readers(db.session, None, user.organization_id)),
                     back, hidden={"coordinator": raw}, nav=nav)

    needed = page if current is not None and chosen != current.id else None
    if (stop := confirm.guard(needed, back, coordinator=raw)) is not None:
        return stop
    try:
        linked = coordinators.link(db.session, current_actor(), user, chosen)
    except CareError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        flash(coordinators.linked_message(user, linked), "success")
    return redirect(back)


def _page(user, current, new, office_reads: bool, cancel_url: str, **kw) -> Confirmation:
    """Removing (`new` None) or replacing the link of `user`'s account to `current`, one of its
    organization's CareCoordinators: that account stops seeing those patients. `office_reads`:
    whether the organization's office administrators read its worklist and messages."""
    organization = user.organization.name if user.organization else "the organization"
    instead = (f"{organization}'s office administrators follow up {current.display_name}'s patients until "
               "another account is linked." if office_reads
               else f"Until another account is linked, nobody at {organization} follows up "
                    f"{current.display_name}'s patients in the portal.")
    return Confirmation(
        question=(f"Stop {user.email} being the account of {current.display_name}?" if new is None else
                  f"Make {user.email} the account of {new.display_name} instead of {current.display_name}?"),
        consequences=((f"They stay an office administrator and still see the whole organization's worklist and "
                       f"messages, {current.display_name}'s included; the worklist no longer names them as "
                       f"{current.display_name}'s account." if user.is_office_admin else
                       f"From their next click they no longer see {current.display_name}'s worklist items and "
                       "secure messages with patients"
                       + (f"; they see {new.display_name}'s instead." if new is not None else ".")),
                      instead),
        button="Remove the link" if new is None else f"Link to {new.display_name}",
        cancel_url=cancel_url, **kw)
