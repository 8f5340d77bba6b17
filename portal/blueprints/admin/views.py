from __future__ import annotations

import secrets
from pathlib import Path

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, ngettext
from sqlalchemy import func, select
from werkzeug.utils import secure_filename

from portal import charts
from portal import confirm
from portal.access import current_actor, fresh_code_needed, is_safe_next
from portal.i18n import current_language
from portal.blueprints import coordinator_links
from portal.blueprints.admin import bp
from portal.blueprints.admin.forms import (
    AuditFilterForm,
    CreateUserForm,
    ImportForm,
    OrganizationSearchForm,
    OUTBOX_STATUS_LABELS,
    OutboxFilterForm,
    RoleForm,
    TokenForm,
    UserSearchForm,
)
from portal.delivery import outbox as outbox_service
from portal.delivery.messages import KIND_LABELS
from portal.care import coordinators
from portal.extensions import db
from portal.forms import show_error
from portal.jobs import tasks as jobs
from portal.models import ApiToken, ImportRun, Organization, OutboxMessage, User, utcnow
from portal.models.ops import OUTBOX_STATUSES
from portal.services import accounts, activity, audit, second_factor
from portal.services import imports as imports_service
from portal.services.accounts import AccountError
from portal.services.second_factor import SecondFactorError
from portal.services.passwords import WeakPassword
from portal.confirm import Confirmation
from portal.web import download, fail, reader_zone

NAV = "admin/_nav.html"


def _get_or_404(model, pk: int, missing: str):
    """The row, or a 404 page saying `missing` ("There is no such user.")."""
    obj = db.session.get(model, pk)
    if obj is None:
        fail(404, missing)
    return obj


def _user_or_404(user_id: int) -> User:
    return _get_or_404(User, user_id, _("There is no such user."))


def _refused(error: AccountError | WeakPassword) -> None:
    db.session.rollback()
    flash(getattr(error, "message", str(error)), "error")


# The overview's charts: each series' colour (its pattern follows from its place; portal/charts.py).
TONES = {"single": "brand", "batch": "accent", "applied": "accent", "dry_run": "brand", "rejected": "amber",
         "failed": "danger", "running": "muted", "sent": "accent", "waiting": "brand", "not_sent": "muted",
         "bad_password": "brand", "unknown": "amber", "refused": "danger", "second_factor": "muted"}


def _activity_charts(stats: activity.Activity) -> dict:
    zone = stats.zone.replace("_", " ")
    x_title, weekly_x_title = _("Day (%(zone)s time)", zone=zone), _("Week (%(zone)s time)", zone=zone)

    def chart(chart_id: str, title: str, counts: tuple[activity.Counts, ...], unit: charts.Unit):
        series = [charts.Series(c.key, c.name, c.values, TONES.get(c.key, "")) for c in counts]
        return charts.stacked_chart(chart_id, title, stats.days, series, unit=unit, x_title=x_title,
                                    weekly_x_title=weekly_x_title)

    return {
        "verifications": chart("verifications-per-day", _("Member verifications per day"), stats.verifications,
                               charts.Unit(_("verification"), _("verifications"))),
        "imports": chart("imports-per-day", _("Imports per day, by outcome"), stats.imports,
                         charts.Unit(_("import"), _("imports"))),
        "emails": chart("emails-per-day", _("E-mails queued per day, by what became of them"), stats.emails,
                        charts.Unit(_("e-mail"), _("e-mails"))),
        "sign_ins": chart("failed-sign-ins-per-day", _("Failed sign-ins per day"), stats.sign_ins,
                          charts.Unit(_("failed sign-in"), _("failed sign-ins"))),
    }


def _events_people(events) -> dict[int, activity.Person]:
    """Who the audit events' users and "user:<id>" targets are, in one query."""
    ids = [e.user_id for e in events] + [activity.target_user_id(e.target) for e in events]
    return activity.people(db.session, ids)


@bp.get("/")
def dashboard():
    raw_days = request.args.get("days", str(activity.DEFAULT_PERIOD))
    if raw_days not in {str(d) for d in activity.PERIODS}:
        fail(400, _("Choose a period of %(days)s days.", days=", ".join(str(d) for d in activity.PERIODS)))
    days = int(raw_days)
    zone = reader_zone()
    date_from, date_to = activity.period(days, zone, utcnow())
    stats, counted_at = activity.counted_activity(
        db.session, date_from, date_to, zone, utcnow(), current_app.config["ADMIN_ACTIVITY_CACHE_SECONDS"],
        current_app.config["SQLALCHEMY_DATABASE_URI"])
    by_role = dict(db.session.execute(select(User.role, func.count()).group_by(User.role)).all())
    locked = db.session.scalar(select(func.count()).where(User.locked_until > utcnow())) or 0
    disabled = db.session.scalar(select(func.count()).where(User.is_enabled.is_(False))) or 0
    suspended = db.session.scalar(select(func.count()).where(Organization.portal_access.is_(False))) or 0
    recent = audit.search(db.session, audit.AuditFilters(per_page=10))
    people = _events_people(recent.items)
    audit.member_view(db.session, current_actor(), "admin overview",
                      [*(e.member_ref for e in recent.items), *(p.member_ref for p in people.values())])
    return render_template("admin/dashboard.html", by_role=by_role, locked=locked, disabled=disabled,
                           suspended=suspended, recent=recent, people=people, actions=audit.ACTIONS,
                           target_names=activity.targets(db.session, (e.target for e in recent.items)),
                           charts=_activity_charts(stats), days=days, periods=activity.PERIODS,
                           date_from=date_from, date_to=date_to, counted_at=counted_at,
                           keep_minutes=round(current_app.config["ADMIN_ACTIVITY_CACHE_SECONDS"] / 60))


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
            flash(_("Account created for %(email)s. An e-mail inviting them to choose a password is on its way "
                    "(the Outbox page shows when the mail server accepts it).", email=user.email), "success")
            return redirect(url_for("admin.user_detail", user_id=user.id))
    elif request.method == "POST":
        status = 400
    return render_template("admin/user_new.html", form=form), status


@bp.get("/users/<int:user_id>")
def user_detail(user_id: int):
    user = _user_or_404(user_id)
    return _user_page_with(user, RoleForm(role=user.role, organization_id=user.organization_id,
                                          member_id=user.member.member_id if user.member else ""))


def _user_page_with(user: User, role_form: RoleForm, status: int = 200):
    """A user's page, its role form as given (with its errors, when a change was refused)."""
    tokens = accounts.list_api_tokens(db.session, user.id)
    events = audit.search(db.session, audit.AuditFilters(user_email=user.email, per_page=10))
    people = _events_people(events.items)
    audit.member_view(db.session, current_actor(), "user account",
                      [user.member.member_id if user.member else None, *(e.member_ref for e in events.items),
                       *(p.member_ref for p in people.values())])
    care = None
    if user.role == "provider":
        care = {"coordinators": coordinators.coordinators(db.session, user.organization_id),
                "linked": coordinators.linked_accounts(db.session, user.organization_id)}
    return render_template("admin/user_detail.html", user=user, role_form=role_form, tokens=tokens, events=events,
                           care=care, people=people, actions=audit.ACTIONS,
                           target_names=activity.targets(db.session, (e.target for e in events.items))), status


@bp.post("/users/<int:user_id>/role")
def change_role(user_id: int):
    user = _user_or_404(user_id)
    if (ask := fresh_code_needed()) is not None:
        return ask
    form = RoleForm()
    if not form.validate_on_submit():  # the page again, the choices kept and the mistakes marked
        return _user_page_with(user, form, 400)
    try:
        accounts.change_role(db.session, current_actor(), user, role=form.role.data,
                             organization_id=form.organization_id.data, member_ref=form.member_id.data or None)
    except AccountError as error:
        _refused(error)
    else:
        flash(_("%(email)s is now %(role)s. Their sessions were ended.", email=user.email, role=user.role_label),
              "success")
    return redirect(url_for("admin.user_detail", user_id=user.id))


def _act_on_user(user: User, action, done: str):
    """A one-button action on a user's page (the CSRF token was checked by CSRFProtect); `done`
    is the message shown when it worked."""
    try:
        action(user)
    except AccountError as error:
        _refused(error)
    else:
        flash(done, "success")
    return redirect(_user_page(user))


def _user_page(user: User) -> str:
    return url_for("admin.user_detail", user_id=user.id)


def _live_tokens(user: User) -> list[ApiToken]:
    return [token for token in accounts.list_api_tokens(db.session, user.id) if token.revoked_at is None]


def _token_prefixes(tokens: list[ApiToken]) -> str:
    return ", ".join(t.prefix + "…" for t in tokens)


def _not_yourself(user: User):
    """A confirmation page never offers what the service refuses anyway: disabling your own account."""
    if user.id == current_actor().user_id:
        flash(_("You cannot disable your own account; ask another administrator."), "error")
        return redirect(_user_page(user))
    return None


@bp.route("/users/<int:user_id>/enabled", methods=["GET", "POST"])
def set_enabled(user_id: int):
    """Enabling is one click; disabling is confirmed first (GET: the confirmation page)."""
    user = _user_or_404(user_id)
    enable = request.values.get("enabled") == "1"

    def page() -> Confirmation:
        tokens = _live_tokens(user)
        return Confirmation(
            question=_("Disable %(email)s?", email=user.email),
            consequences=(_("They are signed out everywhere and cannot sign in until an administrator enables the "
                            "account again."),
                          *((ngettext("Their %(num)s API token (%(tokens)s) stops working while the account is "
                                      "disabled.",
                                      "Their %(num)s API tokens (%(tokens)s) stop working while the account is "
                                      "disabled.", len(tokens), tokens=_token_prefixes(tokens)),) if tokens else ()),
                          _("Nothing else about the account changes: enabling it again restores it as it was.")),
            button=_("Disable %(email)s", email=user.email), cancel_url=_user_page(user), hidden={"enabled": "0"},
            cancel_label=_("Cancel"), nav=NAV)

    if not enable and request.method == "GET" and (mine := _not_yourself(user)) is not None:
        return mine
    if (stop := confirm.guard(None if enable else page, _user_page(user), enabled="0")) is not None:
        return stop
    done = _("%(email)s is enabled.", email=user.email) if enable else \
        _("%(email)s is disabled: they are signed out everywhere.", email=user.email)
    return _act_on_user(user, lambda user: accounts.set_enabled(db.session, current_actor(), user, enable), done)


@bp.route("/users/<int:user_id>/second-factor/reset", methods=["GET", "POST"])
def reset_second_factor(user_id: int):
    user = _user_or_404(user_id)
    if (ask := fresh_code_needed()) is not None:  # before the confirmation page too, which it comes back to
        return ask

    def page() -> Confirmation:
        tokens = _live_tokens(user)
        return Confirmation(
            question=_("Reset the second factor of %(email)s?", email=user.email),
            consequences=(_("The codes of their authenticator app and their recovery codes stop working: they set "
                            "up a new second factor at their next sign-in."),
                          _("They are signed out everywhere."),
                          *((ngettext("Their %(num)s API token (%(tokens)s) is revoked for good: their office's "
                                      "systems need a new one.",
                                      "Their %(num)s API tokens (%(tokens)s) are revoked for good: their office's "
                                      "systems need new ones.", len(tokens), tokens=_token_prefixes(tokens)),)
                            if tokens else ()),
                          _("An e-mail to %(email)s tells them so.", email=user.email)),
            button=_("Reset the second factor"), cancel_url=_user_page(user), cancel_label=_("Cancel"), nav=NAV)

    if (stop := confirm.guard(page, _user_page(user))) is not None:
        return stop
    try:
        second_factor.reset(db.session, current_actor(), user)
    except SecondFactorError as error:
        fail(error.status, error.message)
    flash(_("The second factor of %(email)s is reset: they set up a new one at their next sign-in. Their "
            "sessions ended, their API tokens were revoked, and an e-mail telling them so is on its way.",
            email=user.email), "success")
    return redirect(_user_page(user))


@bp.route("/users/<int:user_id>/sessions/end", methods=["GET", "POST"])
def end_sessions(user_id: int):
    user = _user_or_404(user_id)

    def page() -> Confirmation:
        again = _("They are signed out on every device at their next click, and sign in again with their password "
                  "and a code from their authenticator app.") if user.totp_enabled_at else \
            _("They are signed out on every device at their next click, and sign in again with their password.")
        return Confirmation(
            question=_("End every session of %(email)s?", email=user.email),
            consequences=(again, _("Nothing else about the account changes.")),
            button=_("End every session"), cancel_url=_user_page(user), cancel_label=_("Cancel"), nav=NAV)

    if (stop := confirm.guard(page, _user_page(user))) is not None:
        return stop
    return _act_on_user(user, lambda user: accounts.end_sessions(db.session, current_actor(), user),
                        _("Every session of %(email)s is ended.", email=user.email))


@bp.post("/users/<int:user_id>/unlock")
def unlock(user_id: int):
    user = _user_or_404(user_id)
    return _act_on_user(user, lambda user: accounts.unlock(db.session, current_actor(), user),
                        _("%(email)s is unlocked.", email=user.email))


@bp.post("/users/<int:user_id>/invite")
def resend_invitation(user_id: int):
    user = _user_or_404(user_id)
    return _act_on_user(
        user, lambda user: accounts.resend_invitation(db.session, current_actor(), user),
        _("A new link to choose a password is on its way to %(email)s (the Outbox page shows when the mail server "
          "accepts it).", email=user.email))


@bp.route("/users/<int:user_id>/office-admin", methods=["GET", "POST"])
def set_office_admin(user_id: int):
    """Making an office administrator is one click; removing one is confirmed first."""
    user = _user_or_404(user_id)
    office_admin = request.values.get("office_admin") == "1"

    def page() -> Confirmation:
        organization = user.organization.name if user.organization else _("their organization")
        own = coordinators.coordinator_of(user)
        if own is not None:
            worklist = _("They can no longer add, disable or enable %(organization)s's staff accounts, choose which "
                         "account is which care coordinator, or reassign worklist items; they see only "
                         "%(coordinator)s's worklist and messages, as that care coordinator's account.",
                         organization=organization, coordinator=own.display_name)
        else:
            worklist = _("They can no longer add, disable or enable %(organization)s's staff accounts, choose which "
                         "account is which care coordinator, or reassign worklist items; they no longer see its "
                         "care coordination worklist and secure messages.", organization=organization)
        stay = _("They stay office staff of %(organization)s.", organization=organization)
        return Confirmation(
            question=_("Remove %(email)s as an office administrator?", email=user.email),
            consequences=(worklist, stay),
            button=_("Remove office administrator"), cancel_url=_user_page(user), hidden={"office_admin": "0"},
            cancel_label=_("Cancel"), nav=NAV)

    needed = None if office_admin or not user.is_office_admin else page
    if (stop := confirm.guard(needed, _user_page(user), office_admin="0")) is not None:
        return stop
    done = _("%(email)s is now an office administrator.", email=user.email) if office_admin else \
        _("%(email)s is no longer an office administrator.", email=user.email)
    return _act_on_user(
        user, lambda user: accounts.set_office_admin(db.session, current_actor(), user, office_admin), done)


@bp.route("/users/<int:user_id>/coordinator", methods=["GET", "POST"])
def link_coordinator(user_id: int):
    """Make an office staff account the account of one of its organization's care coordinators.
    Removing or replacing a link (the account loses access to those patients) is confirmed first."""
    user = _user_or_404(user_id)
    raw = request.values.get("coordinator", "")
    if raw and not (raw.isascii() and raw.isdigit() and len(raw) <= 9):
        fail(400, _("Choose a care coordinator from the list."))
    return coordinator_links.link_or_confirm(user, raw, _user_page(user), NAV)


@bp.get("/organizations")
def organizations():
    form = OrganizationSearchForm(request.args)
    if not form.validate():
        return render_template("admin/organizations.html", form=form, page=None), 400
    page = accounts.search_organizations(db.session, form.q.data or "", form.page.data or 1)
    return render_template("admin/organizations.html", form=form, page=page)


@bp.route("/organizations/<int:organization_id>/access", methods=["GET", "POST"])
def organization_access(organization_id: int):
    """Restoring access is one click; suspending it is confirmed first."""
    organization = _get_or_404(Organization, organization_id, _("There is no such organization."))
    enable = request.values.get("portal_access") == "1"
    q = (request.values.get("q") or "")[:100]
    back = url_for("admin.organizations", q=q or None)

    def page() -> Confirmation:
        staff = db.session.scalar(select(func.count()).where(User.organization_id == organization.id,
                                                             User.role == "provider")) or 0
        tokens = db.session.scalar(select(func.count(ApiToken.id)).join(User, User.id == ApiToken.user_id).where(
            User.organization_id == organization.id, ApiToken.revoked_at.is_(None))) or 0
        return Confirmation(
            question=_("Suspend the portal access of %(organization)s?", organization=organization.name),
            consequences=(ngettext("Its %(num)s office staff account cannot sign in, and whoever of them is signed in "
                                   "now is signed out at their next click.",
                                   "Its %(num)s office staff accounts cannot sign in, and whoever of them is signed "
                                   "in now is signed out at their next click.", staff),
                          *((ngettext("Its %(num)s API token stops working.", "Its %(num)s API tokens stop working.",
                                      tokens),) if tokens else ()),
                          _("The accounts and tokens are kept: restoring access gives it all back.")),
            button=_("Suspend %(organization)s", organization=organization.name), cancel_url=back,
            hidden={"portal_access": "0", "q": q}, cancel_label=_("Cancel"), nav=NAV)

    needed = None if enable or not organization.portal_access else page
    if (stop := confirm.guard(needed, back, portal_access="0", **({"q": q} if q else {}))) is not None:
        return stop
    accounts.set_organization_access(db.session, current_actor(), organization, enable)
    flash(_("%(organization)s: portal access restored.", organization=organization.name) if enable else
          _("%(organization)s: portal access suspended.", organization=organization.name), "success")
    return redirect(back)


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
            form.email.errors.append(_("There is no account with this e-mail address."))
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


@bp.route("/tokens/<int:token_id>/revoke", methods=["GET", "POST"])
def revoke_token(token_id: int):
    token = _get_or_404(ApiToken, token_id, _("There is no such token."))
    to_user = request.values.get("back") == "user"
    back = url_for("admin.user_detail", user_id=token.user_id) if to_user else url_for("admin.tokens")
    if token.revoked_at is not None and request.method == "GET":
        flash(_("The API token %(prefix)s… of %(email)s is revoked already.", prefix=token.prefix,
                email=token.user.email), "info")
        return redirect(back)

    def page() -> Confirmation:
        return confirm.revoke_token_page(token, back, hidden={"back": "user" if to_user else ""}, nav=NAV)

    if (stop := confirm.guard(page, back, **({"back": "user"} if to_user else {}))) is not None:
        return stop
    accounts.revoke_api_token(db.session, current_actor(), token)
    flash(_("The API token %(prefix)s… of %(email)s is revoked.", prefix=token.prefix, email=token.user.email),
          "success")
    return redirect(back)


def _problems(form) -> str:
    """The first error of each field of a filter form, for a 400 page."""
    return "; ".join(str(errors[0]) for errors in form.errors.values())


def _audit_filters(form: AuditFilterForm, per_page: int = 50) -> audit.AuditFilters:
    return audit.AuditFilters(user_email=form.user.data or "", action=form.action.data or "",
                              member_ref=form.member.data or "", date_from=form.date_from.data,
                              date_to=form.date_to.data, page=form.page.data or 1, per_page=per_page)


@bp.get("/audit")
def audit_log():
    form = AuditFilterForm(request.args)
    if not form.validate():
        return render_template("admin/audit.html", form=form, page=None, people={}), 400
    filters = _audit_filters(form)
    page = audit.search(db.session, filters)
    audit.view_log(db.session, current_actor(), filters, page)
    return render_template("admin/audit.html", form=form, page=page, people=_events_people(page.items),
                           target_names=activity.targets(db.session, (e.target for e in page.items)),
                           actions=audit.ACTIONS)


@bp.get("/audit.csv")
def audit_export():
    if (ask := fresh_code_needed()) is not None:
        return ask
    form = AuditFilterForm(request.args)
    if not form.validate():
        fail(400, _("Check the filters: %(problems)s", problems=_problems(form)))
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
            jobs.run_import(run.id, str(path), form.kind.data, form.dry_run.data, form.all_or_nothing.data,
                            current_language())
        except Exception:
            current_app.logger.exception("could not queue import %s", run.id)
            path.unlink(missing_ok=True)
            imports_service.fail_run(db.engine, run.id, _("The job queue could not be reached, so the import did "
                                                          "not start and nothing was changed. Try again in a few "
                                                          "minutes."))
        return redirect(url_for("admin.import_run", run_id=run.id))
    elif request.method == "POST":
        status = 400
    runs = db.session.scalars(select(ImportRun).order_by(ImportRun.id.desc()).limit(50)).all()
    return render_template("admin/imports.html", form=form, runs=runs, kind_names=imports_service.KIND_NAMES,
                           status_names=imports_service.STATUS_NAMES), status


@bp.get("/imports/<int:run_id>")
def import_run(run_id: int):
    run = _get_or_404(ImportRun, run_id, _("There is no such import."))
    return render_template("admin/import_run.html", run=run, running=run.status in ("queued", "running"),
                           kind_names=imports_service.KIND_NAMES, count_names=imports_service.COUNT_NAMES)


# --- the outbox ------------------------------------------------------------------------------------


@bp.get("/outbox")
def outbox():
    form = OutboxFilterForm(request.args)
    if not form.validate():
        fail(400, _("Check the filters: %(problems)s", problems=_problems(form)))
    status, kind = form.status.data or "", form.kind.data or ""
    messages = outbox_service.search(db.session, status=status, kind=kind, page=form.page.data or 1)
    audit.record(db.session, current_actor(), "outbox.view", details={"status": status, "kind": kind})
    db.session.commit()
    people = activity.people(db.session, (m.user_id for m in messages.items))
    audit.member_view(db.session, current_actor(), "outbox", (p.member_ref for p in people.values()))
    return render_template("admin/outbox.html", form=form, messages=messages, people=people,
                           summary=outbox_service.summary(db.session), statuses=OUTBOX_STATUSES, kinds=KIND_LABELS,
                           status_labels=OUTBOX_STATUS_LABELS,
                           status=status, mail_server=current_app.config["MAIL_SERVER"], now=utcnow(),
                           mask=outbox_service.masked_address, mask_text=outbox_service.masked_text)


def _outbox_back() -> str:
    back = request.values.get("back") or ""
    return back if back.startswith("/admin/outbox") and is_safe_next(back) else url_for("admin.outbox")


def _message_words(message: OutboxMessage) -> dict[str, str]:
    """What a message is, never its number: its kind ("Password reset link") and masked address."""
    return {"label": str(KIND_LABELS.get(message.kind, message.kind)),
            "address": outbox_service.masked_address(message.recipient)}


def _act_on_message(message_id: int, action, done):
    """`done(message)`: the sentence shown when the action worked."""
    try:
        message = action(db.session, current_actor(), message_id)
    except outbox_service.OutboxError as error:
        db.session.rollback()
        if error.status == 404:
            fail(404, str(error))
        flash(str(error), "error")
    else:
        flash(done(message), "success")
    return redirect(_outbox_back())


@bp.post("/outbox/<int:message_id>/retry")
def outbox_retry(message_id: int):
    return _act_on_message(message_id, outbox_service.retry, lambda message: _(
        "The “%(label)s” e-mail to %(address)s is queued to be sent again.", **_message_words(message)))


@bp.route("/outbox/<int:message_id>/cancel", methods=["GET", "POST"])
def outbox_cancel(message_id: int):
    """Cancelling a message is confirmed first (GET: the confirmation page)."""
    message = _get_or_404(OutboxMessage, message_id, _("There is no such message in the outbox."))
    back = _outbox_back()
    if request.method == "GET" and message.status not in outbox_service.CANCELLABLE:
        flash(_("This message is %(status)s: it can no longer be cancelled.",
                status=str(OUTBOX_STATUS_LABELS.get(message.status, message.status)).lower()), "error")
        return redirect(back)

    def page() -> Confirmation:
        stays = _("It stays on the Outbox page, as cancelled. You can still send it again from there.") \
            if message.recipient else _("It stays on the Outbox page, as cancelled.")
        return Confirmation(
            question=_("Cancel the “%(label)s” e-mail to %(address)s?", **_message_words(message)),
            consequences=(_("It will not be sent."), stays),
            button=_("Cancel the e-mail"), cancel_url=back, cancel_label=_("Keep it"), hidden={"back": back}, nav=NAV)

    if (stop := confirm.guard(page, back, back=back)) is not None:
        return stop
    return _act_on_message(message_id, outbox_service.cancel, lambda message: _(
        "The “%(label)s” e-mail to %(address)s is cancelled: it will not be sent.", **_message_words(message)))
