from __future__ import annotations

from datetime import timedelta

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from portal.access import (
    PENDING,
    begin_second_factor,
    current_actor,
    current_session,
    finish_second_factor,
    home_for,
    idle_timeout_seconds,
    is_safe_next,
    needs_second_factor,
    pending_user,
    sign_in,
    sign_out,
)
from portal.blueprints.auth import bp
from portal.blueprints.auth.forms import (
    translated_zone_label,
    ChangePasswordForm,
    CodeForm,
    ForgotPasswordForm,
    LoginForm,
    NewPasswordForm,
    RegisterForm,
    TimeZoneForm,
)
from portal.care import contacts
from portal.care.coordinators import coordinator_of
from portal.extensions import db, limiter
from portal.formatting import valid_zone, zone_label
from portal.forms import show_error
from portal.services import accounts, audit, preferences, second_factor, sessions
from portal.services.accounts import AccountError
from portal.services.passwords import WeakPassword
from portal.services.second_factor import SecondFactorError
from portal.web import account_policy, fail, reader_zone


def _login_account_key() -> str:
    return "login:" + (request.form.get("email", "")[:254].strip().lower())


def _form_error(form, error: AccountError | WeakPassword, default_field: str | None = None) -> None:
    show_error(form, getattr(error, "message", None) or str(error), getattr(error, "field", None) or default_field)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_LOGIN_PER_IP"], methods=["POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_LOGIN_PER_ACCOUNT"], methods=["POST"], key_func=_login_account_key)
def login():
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if current_user.is_authenticated and request.method == "GET":
        return redirect(home_for(current_user))
    status = 200
    if form.validate_on_submit():
        try:
            user = accounts.authenticate(db.session, current_actor(), form.email.data, form.password.data,
                                         account_policy())
        except AccountError as error:
            show_error(form, error.message)
            status = error.status
        else:
            target = form.next.data
            if needs_second_factor(user):
                begin_second_factor(user, target)
                return redirect(url_for("auth.second_factor" if second_factor.enabled(user)
                                        else "auth.second_factor_setup"))
            sign_in(user)
            return redirect(target if is_safe_next(target) else home_for(user))
    elif request.method == "POST":
        status = 400
    return render_template("auth/login.html", form=form), status


def _pending_key() -> str:
    data = session.get(PENDING) or {}
    return f"second-factor:{data.get('user', request.remote_addr)}"


@bp.route("/login/code", methods=["GET", "POST"], endpoint="second_factor")
@limiter.limit(lambda: current_app.config["RATELIMIT_LOGIN_PER_ACCOUNT"], methods=["POST"], key_func=_pending_key)
def second_factor_code():
    """The second step of signing in: a code from the authenticator app, or a recovery code."""
    user = pending_user()
    if user is None or not second_factor.enabled(user):
        flash(_("Sign in again: the code step lasts 10 minutes."), "info")
        return redirect(url_for("auth.login"))
    form = CodeForm()
    status = 200
    if form.validate_on_submit():
        if second_factor.verify(db.session, current_actor(), user, form.code.data, lockout=_lockout()):
            return redirect(finish_second_factor(user))
        show_error(form, _("That code is not right, or was used already. Enter the 6 digits your app shows now, "
                           "or one of your recovery codes."), "code")
        status = 400
    elif request.method == "POST":
        status = 400
    return render_template("auth/second_factor.html", form=form, purpose="sign-in"), status


def _lockout() -> tuple[int, int]:
    policy = account_policy()
    return policy.lockout_threshold, policy.lockout_minutes


def _setup(user, after):
    """The set-up page: the key and QR code of a new secret (kept in the session until a code
    from it is right); then a redirect to `after(codes)`."""
    # Kept in the session (a signed, not encrypted, cookie) sealed, as in the database.
    secret = second_factor.unseal(session.get("second_factor_setup"))
    if not secret:
        secret = second_factor.new_secret()
        session["second_factor_setup"] = second_factor.seal(secret)
    form = CodeForm()
    status = 200
    if form.validate_on_submit():
        try:
            codes = second_factor.enable(db.session, current_actor(), user, secret, form.code.data,
                                         keep=current_session())
        except SecondFactorError as error:
            show_error(form, error.message, "code")
            status = 400
        else:
            session.pop("second_factor_setup", None)
            return redirect(after(codes))
    elif request.method == "POST":
        status = 400
    key, qr = second_factor.setup_details(user, secret)
    return render_template("auth/second_factor_setup.html", form=form, key=key, qr=qr), status


def _show_codes_once(codes: list[str], target: str) -> str:
    session["recovery_codes_once"] = {"codes": second_factor.seal(" ".join(codes)), "next": target}
    return url_for("auth.recovery_codes")


@bp.route("/login/setup", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_LOGIN_PER_ACCOUNT"], methods=["POST"], key_func=_pending_key)
def second_factor_setup():
    """Staff set up their authenticator app at their first sign-in (before the session starts)."""
    user = pending_user()
    if user is None:
        flash(_("Sign in again: setting up the second factor lasts 10 minutes."), "info")
        return redirect(url_for("auth.login"))
    if second_factor.enabled(user):
        return redirect(url_for("auth.second_factor"))

    return _setup(user, lambda codes: _show_codes_once(codes, finish_second_factor(user)))


@bp.route("/account/two-factor", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_ACCOUNT_FORMS"], methods=["POST"])
def two_factor():
    """My account: set up the second factor (patients choose to; staff have one already)."""
    if second_factor.enabled(current_user):
        return render_template("auth/two_factor.html", left=second_factor.recovery_codes_left(db.session, current_user))

    def after(codes: list[str]) -> str:
        second_factor.mark_fresh(db.session, current_session())
        return _show_codes_once(codes, url_for("auth.account"))

    return _setup(current_user, after)


@bp.get("/account/recovery-codes")
def recovery_codes():
    """The recovery codes, shown once right after the set-up."""
    shown = session.pop("recovery_codes_once", None)
    if not shown:
        flash(_("Recovery codes are shown only once, right after setting up. Ask an administrator to reset your "
                "second factor if you have lost them."), "info")
        return redirect(url_for("auth.account"))
    target = shown.get("next") if isinstance(shown, dict) else None
    codes = second_factor.unseal(shown.get("codes") if isinstance(shown, dict) else None).split()
    return render_template("auth/recovery_codes.html", codes=codes,
                           next=target if is_safe_next(target) else url_for("auth.account"))


@bp.route("/account/verify-code", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_LOGIN_PER_ACCOUNT"], methods=["POST"],
               key_func=lambda: f"verify-code:{current_user.id}")
def verify_code():
    """A fresh code for an action that asks for one (see access.fresh_code_needed)."""
    target = request.args.get("next")
    if not second_factor.enabled(current_user):
        return redirect(url_for("auth.two_factor"))
    form = CodeForm()
    status = 200
    if form.validate_on_submit():
        if second_factor.verify(db.session, current_actor(), current_user, form.code.data, lockout=_lockout()):
            second_factor.mark_fresh(db.session, current_session())
            return redirect(target if is_safe_next(target) else home_for(current_user))
        show_error(form, _("That code is not right, or was used already. Enter the 6 digits your app shows now."),
                   "code")
        status = 400
    elif request.method == "POST":
        status = 400
    return render_template("auth/second_factor.html", form=form, purpose="confirm"), status


@bp.post("/logout")
def logout():
    accounts.record_logout(db.session, current_actor())
    sign_out()
    flash(_("You are signed out."), "info")
    return redirect(url_for("public.home"))


@bp.post("/session/keepalive")
def keepalive():
    """"Stay signed in": the request itself renews the idle timer (see access._enforce)."""
    if request.accept_mimetypes.best == "application/json":
        return {"status": "ok", "idle_timeout": current_app.config["IDLE_TIMEOUT_MINUTES"][current_user.role] * 60}
    target = request.form.get("next", "")
    flash(_("You are still signed in."), "info")
    return redirect(target if is_safe_next(target) else url_for("auth.account"))


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_ACCOUNT_FORMS"], methods=["POST"])
def register():
    if current_user.is_authenticated:
        return redirect(home_for(current_user))
    form = RegisterForm()
    status = 200
    if form.validate_on_submit():
        try:
            user = accounts.register_patient(
                db.session, current_actor(), member_id=form.member_id.data, date_of_birth=form.date_of_birth.data,
                last_name=form.last_name.data, zip_code=form.zip_code.data[:5], email=form.email.data,
                password=form.password.data,
            )
        except (AccountError, WeakPassword) as error:
            db.session.rollback()
            _form_error(form, error, "password" if isinstance(error, WeakPassword) else None)
            status = getattr(error, "status", 400)
        else:
            sign_in(user)
            flash(_("Your account is ready and you are signed in. A confirmation is on its way to %(email)s.",
                    email=user.email), "success")
            return redirect(home_for(user))
    elif request.method == "POST":
        status = 400
    return render_template("auth/register.html", form=form), status


@bp.route("/forgot-password", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_ACCOUNT_FORMS"], methods=["POST"])
def forgot_password():
    form = ForgotPasswordForm()
    status = 400 if request.method == "POST" else 200
    if form.validate_on_submit():
        try:
            accounts.request_password_reset(db.session, current_actor(), form.email.data)
        except AccountError as error:  # about the address's form only, the same for everyone
            db.session.rollback()
            _form_error(form, error, "email")
        else:
            return render_template("auth/forgot_sent.html", minutes=account_policy().reset_minutes)
    return render_template("auth/forgot.html", form=form), status


@bp.route("/reset-password", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_ACCOUNT_FORMS"], methods=["POST"])
def reset_password():
    # The link carries the token in its query string; it moves to the session at once so
    # that it stays out of the address bar, browser history and Referer headers.
    if "token" in request.args:
        session["reset_token"] = request.args["token"][:100]
        return redirect(url_for("auth.reset_password"))
    raw = session.get("reset_token", "")
    if not accounts.check_reset_token(db.session, raw):
        if request.method == "POST":  # a replayed or expired link
            accounts.record_failed_reset(db.session, current_actor())
        return render_template("auth/reset_invalid.html", message=accounts.INVALID_RESET_LINK), 400
    form = NewPasswordForm()
    status = 200
    if form.validate_on_submit():
        try:
            accounts.reset_password(db.session, current_actor(), raw, form.password.data)
        except (AccountError, WeakPassword) as error:
            db.session.rollback()
            _form_error(form, error, "password")
            status = 400
        else:
            session.pop("reset_token", None)
            sign_out()
            flash(_("Your password is set. Sign in with your new password."), "success")
            return redirect(url_for("auth.login"))
    elif request.method == "POST":
        status = 400
    return render_template("auth/reset.html", form=form), status


@bp.get("/account")
def account():
    config = current_app.config
    live = sessions.list_live(db.session, current_user, timedelta(seconds=idle_timeout_seconds(current_user.role)),
                              timedelta(hours=config["SESSION_MAX_HOURS"]))
    audit.member_view(db.session, current_actor(), "own account", [current_user.member.member_id
                                                                    if current_user.member else None])
    where = contacts.reach(db.session, current_user.member) if current_user.member else None
    return render_template("auth/account.html", user=current_user, sessions=live, current=current_session(),
                           device=sessions.device, where=where,
                           coordinator=coordinator_of(current_user), zone=_zone_shown())


@bp.post("/account/sessions/end")
def end_sessions():
    """End one other session (`session` in the form) or, without it, every other one."""
    raw = request.form.get("session", "")
    if raw and not (raw.isascii() and raw.isdigit() and len(raw) <= 18):
        fail(400, _("Choose a session from the list."))
    count = sessions.end_other(db.session, current_actor(), current_user, int(raw) if raw else None, current_session())
    flash(_("That session is ended.") if raw and count else
          ngettext("%(num)s other session ended.", "%(num)s other sessions ended.", count) if count else
          _("No other session was open."), "success" if count else "info")
    return redirect(url_for("auth.account"))


@bp.route("/account/password", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_ACCOUNT_FORMS"], methods=["POST"])
def change_password():
    form = ChangePasswordForm()
    status = 200
    if form.validate_on_submit():
        try:
            accounts.change_password(db.session, current_actor(), current_user, form.current_password.data,
                                     form.password.data)
        except (AccountError, WeakPassword) as error:
            db.session.rollback()
            _form_error(form, error, "password")
            status = 400
        else:
            sign_in(current_user._get_current_object())  # the new session version
            flash(_("Your password is changed. Other devices signed in to your account are signed out."), "success")
            return redirect(url_for("auth.account"))
    elif request.method == "POST":
        status = 400
    return render_template("auth/password.html", form=form), status


def _zone_name(zone: str) -> str:
    """Central Time (America/Chicago), in the page's language."""
    return _("%(label)s (%(zone)s)", label=translated_zone_label(zone_label(zone)), zone=zone)


def _zone_shown() -> dict[str, str]:
    """The zone this page's times are in, written out, and where it comes from: the account's
    choice, the device's zone (the `tz` cookie that static/js/timezone.js sets) or the default."""
    zone = reader_zone()
    source = ("chosen" if valid_zone(current_user.time_zone) else
              "device" if valid_zone(request.cookies.get("tz")) else "default")
    return {"zone": zone, "name": _zone_name(zone), "source": source}


@bp.route("/account/time-zone", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_ACCOUNT_FORMS"], methods=["POST"])
def time_zone():
    """Choose the time zone dates and times are shown in, or follow the device's."""
    device = valid_zone(request.cookies.get("tz"))
    form = TimeZoneForm(data={"time_zone": current_user.time_zone or ""},
                        device=_zone_name(device) if device else "")
    status = 200
    if form.validate_on_submit():
        try:
            preferences.set_time_zone(db.session, current_actor(), current_user, form.time_zone.data or None)
        except AccountError as error:
            db.session.rollback()
            _form_error(form, error, "time_zone")
            status = 400
        else:
            flash(_("Times are now shown in %(zone)s.", zone=_zone_name(current_user.time_zone))
                  if current_user.time_zone else
                  _("Times now follow your device's time zone, %(zone)s.", zone=_zone_name(device)) if device else
                  _("Times now follow your device's time zone. Until your browser tells us which it is, they are "
                    "shown in %(zone)s.", zone=_zone_name(reader_zone())), "success")
            return redirect(url_for("auth.account"))
    elif request.method == "POST":
        status = 400
    return render_template("auth/time_zone.html", form=form, zone=_zone_shown()), status
