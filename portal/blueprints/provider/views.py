from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from portal import confirm
from portal.access import current_actor, fresh_code_needed
from portal.blueprints.provider import bp
from portal.blueprints.provider.forms import OwnTokenForm, StaffForm
from portal.care import coordinators, messages, worklist
from portal.extensions import db
from portal.models import ApiToken, User
from portal.services import accounts, directory
from portal.services.accounts import AccountError
from portal.confirm import Confirmation
from portal.web import fail


def _own_token(token_id: int) -> ApiToken:
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != current_user.id:
        fail(404, _("There is no such token."))
    return token


def _staff_member(user_id: int) -> User:
    """A colleague of the signed-in office administrator; anyone else is "not found"."""
    user = db.session.get(User, user_id)
    if user is None or user.role != "provider" or user.organization_id != current_user.organization_id:
        fail(404, _("There is no such member of your office's staff."))
    return user


@bp.route("/", methods=["GET", "POST"])
def home():
    form = OwnTokenForm()
    created = None
    if form.validate_on_submit() and (ask := fresh_code_needed()) is not None:
        return ask
    if form.validate_on_submit():
        try:
            created = accounts.create_api_token(db.session, current_actor(), current_user, form.name.data or "")
        except AccountError as error:
            db.session.rollback()
            flash(str(error.message), "error")
    programs = directory.organization_programs(db.session, current_user.organization_id)
    care = None
    if worklist.can_use(current_user):
        care = {**worklist.counts(db.session, current_user),
                "unread": messages.unread_for_office(db.session, current_user),
                "coordinator": coordinators.coordinator_of(current_user)}
    return render_template("provider/home.html", organization=current_user.organization, programs=programs,
                           form=form, created=created, care=care,
                           tokens=accounts.list_api_tokens(db.session, current_user.id))


@bp.route("/tokens/<int:token_id>/revoke", methods=["GET", "POST"])
def revoke_token(token_id: int):
    """Revoking one of your own tokens is confirmed first (GET: the confirmation page)."""
    token = _own_token(token_id)
    back = url_for("provider.home")
    if token.revoked_at is not None and request.method == "GET":
        flash(_("The API token %(prefix)s… is revoked already.", prefix=token.prefix), "info")
        return redirect(back)
    if (stop := confirm.guard(lambda: confirm.revoke_token_page(token, back), back)) is not None:
        return stop
    accounts.revoke_api_token(db.session, current_actor(), token)
    flash(_("The API token %(prefix)s… is revoked.", prefix=token.prefix), "success")
    return redirect(back)


@bp.get("/staff")
def staff():
    page = accounts.search_users(db.session, role="provider", organization_id=current_user.organization_id,
                                 page=request.args.get("page", 1, type=int) or 1, per_page=50)
    return render_template("provider/staff.html", page=page, organization=current_user.organization,
                           coordinators=coordinators.coordinators(db.session, current_user.organization_id),
                           linked=coordinators.linked_accounts(db.session, current_user.organization_id))


@bp.route("/staff/new", methods=["GET", "POST"])
def add_staff():
    form = StaffForm()
    status = 200
    if form.validate_on_submit():
        try:
            user = accounts.create_user(
                db.session, current_actor(), email=form.email.data, role="provider",
                display_name=form.display_name.data or "", organization_id=current_user.organization_id,
            )
        except AccountError as error:
            db.session.rollback()
            form.email.errors.append(str(error.message))
            status = error.status
        else:
            flash(_("%(email)s was added. An e-mail inviting them to choose a password is on its way.",
                    email=user.email), "success")
            return redirect(url_for("provider.staff"))
    elif request.method == "POST":
        status = 400
    return render_template("provider/staff_new.html", form=form), status


@bp.route("/staff/<int:user_id>/enabled", methods=["GET", "POST"])
def set_staff_enabled(user_id: int):
    """Enabling a colleague is one click; disabling them is confirmed first (GET: the page)."""
    user = _staff_member(user_id)
    enable = request.values.get("enabled") == "1"
    back = url_for("provider.staff")
    if not enable and user.id == current_user.id and request.method == "GET":
        flash(_("You cannot disable your own account; ask another office administrator."), "error")
        return redirect(back)

    def page() -> Confirmation:
        tokens = [t for t in accounts.list_api_tokens(db.session, user.id) if t.revoked_at is None]
        own = coordinators.coordinator_of(user)
        return Confirmation(
            question=_("Disable %(email)s?", email=user.email),
            consequences=(_("They are signed out everywhere and cannot sign in until you or another office "
                            "administrator enables the account again."),
                          *((ngettext("Their %(num)s API token stops working while the account is disabled.",
                                      "Their %(num)s API tokens stop working while the account is disabled.",
                                      len(tokens)),) if tokens else ()),
                          *((_("Until then, %(name)s's worklist and secure messages are followed up by your "
                               "office's administrators.", name=own.display_name),) if own is not None else ()),
                          _("Nothing else about the account changes: enabling it again restores it as it was.")),
            button=_("Disable %(email)s", email=user.email), cancel_url=back, hidden={"enabled": "0"})

    if (stop := confirm.guard(None if enable else page, back, enabled="0")) is not None:
        return stop
    try:
        accounts.set_enabled(db.session, current_actor(), user, enable)
    except AccountError as error:
        db.session.rollback()
        flash(str(error.message), "error")
    else:
        flash(_("%(email)s is enabled.", email=user.email) if enable else
              _("%(email)s is disabled: they are signed out everywhere.", email=user.email), "success")
    return redirect(back)
