from __future__ import annotations

import secrets
from pathlib import Path

from flask import current_app, flash, redirect, render_template, request, url_for
from sqlalchemy import func, select
from werkzeug.utils import secure_filename

from portal.access import current_actor, fresh_code_needed
from portal.blueprints.admin import bp
from portal.blueprints.admin.forms import (
    AuditFilterForm,
    CreateUserForm,
    ImportForm,
    OrganizationSearchForm,
    OutboxFilterForm,
    RoleForm,
    TokenForm,
    UserSearchForm,
)
from portal.delivery import outbox as outbox_service
from portal.delivery.messages import KIND_LABELS
from portal.care import CareError, coordinators
from portal.extensions import db
from portal.forms import show_error
from portal.jobs import tasks as jobs
from portal.models import ApiToken, ImportRun, Organization, User, utcnow
from portal.models.ops import OUTBOX_STATUSES
from portal.services import accounts, audit, second_factor
from portal.services import imports as imports_service
from portal.services.accounts import AccountError
from portal.services.second_factor import SecondFactorError
from portal.services.passwords import WeakPassword
from portal.web import download, fail


def _get_or_404(model, pk: int, what: str):
    obj = db.session.get(model, pk)
    if obj is None:
        fail(404, f"There is no such {what}.")
    return obj


def _refused(error: AccountError | WeakPassword) -> None:
    db.session.rollback()
    flash(getattr(error, "message", str(error)), "error")


@bp.get("/")
def dashboard():
    by_role = dict(db.session.execute(select(User.role, func.count()).group_by(User.role)).all())
    locked = db.session.scalar(select(func.count()).where(User.locked_until > utcnow())) or 0
    disabled = db.session.scalar(select(func.count()).where(User.is_enabled.is_(False))) or 0
    suspended = db.session.scalar(select(func.count()).where(Organization.portal_access.is_(False))) or 0
    recent = audit.search(db.session, audit.AuditFilters(per_page=10))
    return render_template("admin/dashboard.html", by_role=by_role, locked=locked, disabled=disabled,
                           suspended=suspended, recent=recent)


@bp.get("/users")
def users():
    form = UserSearchForm(request.args)
    if not form.validate():
        return render_template("admin/users.html", form=form, page=None), 400
    page = accounts.search_users(db.session, q=form.q.data or "", role=form.role.data or "", page=form.page.data or 1)
    audit.member_view(db.session, current_actor(), "user list", (u.member.member_id for u in page.items if u.member))
    return render_template("admin/users.html", form=form, page=page)


@bp.route("/users/new", methods=["GET", "POST"])
def create_user():
    form = CreateUserForm()
    status = 200
    if form.validate_on_submit():
        try:
            user = accounts.create_user(
                db.session, current_actor(), email=form.email.data, role=form.role.data,
                display_name=form.display_name.data or "", organization_id=form.organization_id.data,
                member_ref=form.member_id.data or None, is_office_admin=form.is_office_admin.data,
            )
        except AccountError as error:
            db.session.rollback()
            show_error(form, error.message, error.field)
            status = error.status
        else:
            flash(f"Account created for {user.email}. An e-mail inviting them to choose a password is on its way "
                  "(the Outbox page shows when the mail server accepts it).", "success")
            return redirect(url_for("admin.user_detail", user_id=user.id))
    elif request.method == "POST":
        status = 400
    return render_template("admin/user_new.html", form=form), status


@bp.get("/users/<int:user_id>")
def user_detail(user_id: int):
    user = _get_or_404(User, user_id, "user")
    role_form = RoleForm(role=user.role, organization_id=user.organization_id,
                         member_id=user.member.member_id if user.member else "")
    tokens = accounts.list_api_tokens(db.session, user.id)
    events = audit.search(db.session, audit.AuditFilters(user_email=user.email, per_page=10))
    audit.member_view(db.session, current_actor(), "user account",
                      [user.member.member_id if user.member else None, *(e.member_ref for e in events.items)])
    care = None
    if user.role == "provider":
        care = {"coordinators": coordinators.coordinators(db.session, user.organization_id),
                "linked": coordinators.linked_accounts(db.session, user.organization_id)}
    return render_template("admin/user_detail.html", user=user, role_form=role_form, tokens=tokens, events=events,
                           care=care)


@bp.post("/users/<int:user_id>/role")
def change_role(user_id: int):
    user = _get_or_404(User, user_id, "user")
    if (ask := fresh_code_needed()) is not None:
        return ask
    form = RoleForm()
    if not form.validate_on_submit():
        fail(400, "Choose a role from the list.")
    try:
        accounts.change_role(db.session, current_actor(), user, role=form.role.data,
                             organization_id=form.organization_id.data, member_ref=form.member_id.data or None)
    except AccountError as error:
        _refused(error)
    else:
        flash(f"{user.email} is now {user.role_label}. Their sessions were ended.", "success")
    return redirect(url_for("admin.user_detail", user_id=user.id))


def _act_on_user(user_id: int, action, done: str):
    """A one-button action on a user's page (the CSRF token was checked by CSRFProtect)."""
    user = _get_or_404(User, user_id, "user")
    try:
        action(user)
    except AccountError as error:
        _refused(error)
    else:
        flash(done.format(email=user.email), "success")
    return redirect(url_for("admin.user_detail", user_id=user.id))


@bp.post("/users/<int:user_id>/enabled")
def set_enabled(user_id: int):
    enable = request.form.get("enabled") == "1"
    return _act_on_user(user_id, lambda user: accounts.set_enabled(db.session, current_actor(), user, enable),
                        "{email} is " + ("enabled." if enable else "disabled."))


@bp.post("/users/<int:user_id>/second-factor/reset")
def reset_second_factor(user_id: int):
    user = _get_or_404(User, user_id, "user")
    if (ask := fresh_code_needed()) is not None:
        return ask
    try:
        second_factor.reset(db.session, current_actor(), user)
    except SecondFactorError as error:
        fail(error.status, error.message)
    flash(f"The second factor of {user.email} is reset: they set up a new one at their next sign-in. Their "
          "sessions ended, their API tokens were revoked, and an e-mail telling them so is on its way.", "success")
    return redirect(url_for("admin.user_detail", user_id=user.id))


@bp.post("/users/<int:user_id>/sessions/end")
def end_sessions(user_id: int):
    return _act_on_user(user_id, lambda user: accounts.end_sessions(db.session, current_actor(), user),
                        "Every session of {email} is ended.")


@bp.post("/users/<int:user_id>/unlock")
def unlock(user_id: int):
    return _act_on_user(user_id, lambda user: accounts.unlock(db.session, current_actor(), user), "{email} is unlocked.")


@bp.post("/users/<int:user_id>/invite")
def resend_invitation(user_id: int):
    return _act_on_user(
        user_id,
        lambda user: accounts.resend_invitation(db.session, current_actor(), user),
        "A new link to choose a password is on its way to {email} (the Outbox page shows when the mail server "
        "accepts it).")


@bp.post("/users/<int:user_id>/office-admin")
def set_office_admin(user_id: int):
    office_admin = request.form.get("office_admin") == "1"
    return _act_on_user(
        user_id, lambda user: accounts.set_office_admin(db.session, current_actor(), user, office_admin),
        "{email} is " + ("now" if office_admin else "no longer") + " an office administrator.")


@bp.post("/users/<int:user_id>/coordinator")
def link_coordinator(user_id: int):
    """Make an office staff account the account of one of its organization's care coordinators."""
    user = _get_or_404(User, user_id, "user")
    raw = request.form.get("coordinator", "")
    if raw and not (raw.isascii() and raw.isdigit() and len(raw) <= 9):
        fail(400, "Choose a care coordinator from the list.")
    try:
        linked = coordinators.link(db.session, current_actor(), user, int(raw) if raw else None)
    except CareError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        flash(coordinators.linked_message(user, linked), "success")
    return redirect(url_for("admin.user_detail", user_id=user.id))


@bp.get("/organizations")
def organizations():
    form = OrganizationSearchForm(request.args)
    if not form.validate():
        return render_template("admin/organizations.html", form=form, page=None), 400
    page = accounts.search_organizations(db.session, form.q.data or "", form.page.data or 1)
    return render_template("admin/organizations.html", form=form, page=page)


@bp.post("/organizations/<int:organization_id>/access")
def organization_access(organization_id: int):
    organization = _get_or_404(Organization, organization_id, "organization")
    enable = request.form.get("portal_access") == "1"
    accounts.set_organization_access(db.session, current_actor(), organization, enable)
    flash(f"{organization.name}: portal access {'restored' if enable else 'suspended'}.", "success")
    return redirect(url_for("admin.organizations", q=request.form.get("q") or None))


@bp.route("/tokens", methods=["GET", "POST"])
def tokens():
    form = TokenForm()
    created = None
    status = 200
    if form.validate_on_submit() and (ask := fresh_code_needed()) is not None:
        return ask
    if form.validate_on_submit():
        user = accounts.find_user_by_email(db.session, form.email.data)
        if user is None:
            form.email.errors.append("There is no account with this e-mail address.")
            status = 400
        else:
            try:
                created = accounts.create_api_token(db.session, current_actor(), user, form.name.data or "")
            except AccountError as error:
                db.session.rollback()
                form.email.errors.append(error.message)
                status = error.status
    elif request.method == "POST":
        status = 400
    return render_template("admin/tokens.html", form=form, created=created,
                           tokens=accounts.list_api_tokens(db.session)), status


@bp.post("/tokens/<int:token_id>/revoke")
def revoke_token(token_id: int):
    token = _get_or_404(ApiToken, token_id, "token")
    accounts.revoke_api_token(db.session, current_actor(), token)
    flash(f"Token {token.prefix}… is revoked.", "success")
    if request.form.get("back") == "user":
        return redirect(url_for("admin.user_detail", user_id=token.user_id))
    return redirect(url_for("admin.tokens"))


def _audit_filters(form: AuditFilterForm, per_page: int = 50) -> audit.AuditFilters:
    return audit.AuditFilters(user_email=form.user.data or "", action=form.action.data or "",
                              member_ref=form.member.data or "", date_from=form.date_from.data,
                              date_to=form.date_to.data, page=form.page.data or 1, per_page=per_page)


@bp.get("/audit")
def audit_log():
    form = AuditFilterForm(request.args)
    if not form.validate():
        return render_template("admin/audit.html", form=form, page=None, emails={}), 400
    filters = _audit_filters(form)
    page = audit.search(db.session, filters)
    audit.view_log(db.session, current_actor(), filters, page)
    ids = {event.user_id for event in page.items if event.user_id}
    emails = dict(db.session.execute(select(User.id, User.email).where(User.id.in_(ids))).all()) if ids else {}
    return render_template("admin/audit.html", form=form, page=page, emails=emails, actions=audit.ACTIONS)


@bp.get("/audit.csv")
def audit_export():
    if (ask := fresh_code_needed()) is not None:
        return ask
    form = AuditFilterForm(request.args)
    if not form.validate():
        fail(400, "Check the filters: " + "; ".join(errors[0] for errors in form.errors.values()))
    return download(audit.export_csv(db.session, current_actor(), _audit_filters(form)), "audit")


@bp.route("/imports", methods=["GET", "POST"])
def imports():
    form = ImportForm()
    status = 200
    if form.validate_on_submit():
        upload = form.file.data
        folder = Path(current_app.config["IMPORT_DIR"])
        folder.mkdir(parents=True, exist_ok=True)
        name = secure_filename(upload.filename or "upload.csv") or "upload.csv"
        path = folder / f"{secrets.token_hex(8)}-{name}"
        upload.save(path)
        total = max(0, sum(1 for _ in path.open("rb")) - 1)
        run = imports_service.queue_run(db.session, current_actor(), form.kind.data, name, total,
                                        dry_run=form.dry_run.data, all_or_nothing=form.all_or_nothing.data)
        try:
            jobs.run_import(run.id, str(path), form.kind.data, form.dry_run.data, form.all_or_nothing.data)
        except Exception:
            current_app.logger.exception("could not queue import %s", run.id)
            path.unlink(missing_ok=True)
            imports_service.fail_run(db.engine, run.id, "The job queue could not be reached, so the import did not "
                                     "start and nothing was changed. Try again in a few minutes.")
        return redirect(url_for("admin.import_run", run_id=run.id))
    elif request.method == "POST":
        status = 400
    runs = db.session.scalars(select(ImportRun).order_by(ImportRun.id.desc()).limit(50)).all()
    return render_template("admin/imports.html", form=form, runs=runs), status


@bp.get("/imports/<int:run_id>")
def import_run(run_id: int):
    run = _get_or_404(ImportRun, run_id, "import")
    return render_template("admin/import_run.html", run=run, running=run.status in ("queued", "running"))


# --- the outbox ------------------------------------------------------------------------------------


@bp.get("/outbox")
def outbox():
    form = OutboxFilterForm(request.args)
    if not form.validate():
        fail(400, "Check the filters: " + "; ".join(errors[0] for errors in form.errors.values()))
    status, kind = form.status.data or "", form.kind.data or ""
    messages = outbox_service.search(db.session, status=status, kind=kind, page=form.page.data or 1)
    audit.record(db.session, current_actor(), "outbox.view", details={"status": status, "kind": kind})
    db.session.commit()
    return render_template("admin/outbox.html", form=form, messages=messages,
                           summary=outbox_service.summary(db.session), statuses=OUTBOX_STATUSES, kinds=KIND_LABELS,
                           status=status, mail_server=current_app.config["MAIL_SERVER"], now=utcnow(),
                           mask=outbox_service.masked_address, mask_text=outbox_service.masked_text)


def _act_on_message(message_id: int, action, done: str):
    try:
        action(db.session, current_actor(), message_id)
    except outbox_service.OutboxError as error:
        db.session.rollback()
        if error.status == 404:
            fail(404, str(error))
        flash(str(error), "error")
    else:
        flash(done.format(id=message_id), "success")
    return redirect(request.form.get("back") if (request.form.get("back") or "").startswith("/admin/outbox")
                    else url_for("admin.outbox"))


@bp.post("/outbox/<int:message_id>/retry")
def outbox_retry(message_id: int):
    return _act_on_message(message_id, outbox_service.retry, "Message {id} is queued to be sent again.")


@bp.post("/outbox/<int:message_id>/cancel")
def outbox_cancel(message_id: int):
    return _act_on_message(message_id, outbox_service.cancel, "Message {id} is cancelled: it will not be sent.")
