"""Which of its organization's care coordinators an office staff account is: the same view
for an admin (a user's page) and an office administrator (the staff page). A first link is
made at once; removing or replacing one (the account loses those patients) is confirmed first
(portal/confirm.py)."""
from __future__ import annotations

from flask import flash, redirect
from flask_babel import gettext as _

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
            fail(400, _("Choose a care coordinator of this account's organization."))
        return _page(user, current, new, bool(coordinators.office_readers(db.session, None, user.organization_id)),
                     back, hidden={"coordinator": raw}, nav=nav)

    needed = page if current is not None and chosen != current.id else None
    if (stop := confirm.guard(needed, back, coordinator=raw)) is not None:
        return stop
    try:
        linked = coordinators.link(db.session, current_actor(), user, chosen)
    except CareError as error:
        db.session.rollback()
        flash(str(error.message), "error")
    else:
        flash(coordinators.linked_message(user, linked), "success")
    return redirect(back)


def _page(user, current, new, office_reads: bool, cancel_url: str, **kw) -> Confirmation:
    """Removing (`new` None) or replacing the link of `user`'s account to `current`, one of its
    organization's CareCoordinators: that account stops seeing those patients. `office_reads`:
    whether the organization's office administrators read its worklist and messages."""
    name = current.display_name
    if user.organization is None:
        instead = _("The organization's office administrators follow up %(name)s's patients until another account "
                    "is linked.", name=name) if office_reads else \
            _("Until another account is linked, nobody at the organization follows up %(name)s's patients in the "
              "portal.", name=name)
    else:
        organization = user.organization.name
        instead = _("%(organization)s's office administrators follow up %(name)s's patients until another account "
                    "is linked.", organization=organization, name=name) if office_reads else \
            _("Until another account is linked, nobody at %(organization)s follows up %(name)s's patients in the "
              "portal.", organization=organization, name=name)
    if user.is_office_admin:
        seen = _("They stay an office administrator and still see the whole organization's worklist and messages, "
                 "%(name)s's included; the worklist no longer names them as %(name)s's account.", name=name)
    elif new is not None:
        seen = _("From their next click they no longer see %(name)s's worklist items and secure messages with "
                 "patients; they see %(new)s's instead.", name=name, new=new.display_name)
    else:
        seen = _("From their next click they no longer see %(name)s's worklist items and secure messages with "
                 "patients.", name=name)
    return Confirmation(
        question=(_("Stop %(email)s being the account of %(name)s?", email=user.email, name=name) if new is None else
                  _("Make %(email)s the account of %(new)s instead of %(name)s?", email=user.email,
                    new=new.display_name, name=name)),
        consequences=(seen, instead),
        button=_("Remove the link") if new is None else _("Link to %(new)s", new=new.display_name),
        cancel_url=cancel_url, **kw)
