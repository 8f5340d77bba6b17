from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.access import current_actor, fresh_code_needed
from portal.blueprints.provider import bp
from portal.blueprints.provider.forms import OwnTokenForm, StaffForm
from portal.care import coordinators, messages, worklist
from portal.extensions import db
from portal.models import ApiToken, User
from portal.services import accounts, directory
from portal.services.accounts import AccountError
from portal.web import fail


def _own_token(token_id: int) -> ApiToken:
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != current_user.id:
        fail(404, "There is no such token.")
    return token


def _staff_member(user_id: int) -> User:
    """A colleague of the signed-in office administrator; anyone else is "not found"."""
    user = db.session.get(User, user_id)
    if user is None or user.role != "provider" or user.organization_id != current_user.organization_id:
        fail(404, "There is no such member of your office's staff.")
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
            flash(error.message, "error")
    programs = directory.organization_programs(db.session, current_user.organization_id)
    care = None
    if worklist.can_use(current_user):
        care = {**worklist.counts(db.session, current_user),
                "unread": messages.unread_for_office(db.session, current_user),
                "coordinator": coordinators.coordinator_of(current_user)}
    return render_template("provider/home.html", organization=current_user.organization, programs=programs,
                           form=form, created=created, care=care,
                           tokens=accounts.list_api_tokens(db.session, current_user.id))


@bp.post("/tokens/<int:token_id>/revoke")
def revoke_token(token_id: int):
    token = _own_token(token_id)
    accounts.revoke_api_token(db.session, current_actor(), token)
    flash(f"Token {token.prefix}… is revoked.", "success")
    return redirect(url_for("provider.home"))


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
            form.email.errors.append(error.message)
            status = error.status
        else:
            flash(f"{user.email} was added. An e-mail inviting them to choose a password is on its way.", "success")
            return redirect(url_for("provider.staff"))
    elif request.method == "POST":
        status = 400
    return render_template("provider/staff_new.html", form=form), status


@bp.post("/staff/<int:user_id>/enabled")
def set_staff_enabled(user_id: int):
    user = _staff_member(user_id)
    enable = request.form.get("enabled") == "1"
    try:
        accounts.set_enabled(db.session, current_actor(), user, enable)
    except AccountError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        flash(f"{user.email} is {'enabled' if enable else 'disabled'}.", "success")
    return redirect(url_for("provider.staff"))
