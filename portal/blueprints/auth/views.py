from __future__ import annotations

from datetime import timedelta

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user

from portal.access import current_actor, current_session, home_for, idle_timeout_seconds, is_safe_next, sign_in, sign_out
from portal.blueprints.auth import bp
from portal.blueprints.auth.forms import (
    ChangePasswordForm,
    ForgotPasswordForm,
    LoginForm,
    NewPasswordForm,
    RegisterForm,
)
from portal.extensions import db, limiter
from portal.forms import show_error
from portal.services import accounts, audit, sessions
from portal.services.accounts import AccountError
from portal.services.passwords import WeakPassword
from portal.web import account_policy, fail, password_link


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
            sign_in(user)
            target = form.next.data
            return redirect(target if is_safe_next(target) else home_for(user))
    elif request.method == "POST":
        status = 400
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
def logout():
    accounts.record_logout(db.session, current_actor())
    sign_out()
    flash("You are signed out.", "info")
    return redirect(url_for("public.home"))


@bp.post("/session/keepalive")
def keepalive():
    """"Stay signed in": the request itself renews the idle timer (see access._enforce)."""
    if request.accept_mimetypes.best == "application/json":
        return {"status": "ok", "idle_timeout": current_app.config["IDLE_TIMEOUT_MINUTES"][current_user.role] * 60}
    target = request.form.get("next", "")
    flash("You are still signed in.", "info")
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
            flash("Your account is ready and you are signed in.", "success")
            return redirect(home_for(user))
    elif request.method == "POST":
        status = 400
    return render_template("auth/register.html", form=form), status


@bp.route("/forgot-password", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_ACCOUNT_FORMS"], methods=["POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        accounts.request_password_reset(
            db.session, current_actor(), form.email.data, account_policy(), password_link,
        )
        return render_template("auth/forgot_sent.html", minutes=account_policy().reset_minutes)
    return render_template("auth/forgot.html", form=form), 400 if request.method == "POST" else 200


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
            flash("Your password is set. Sign in with your new password.", "success")
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
    return render_template("auth/account.html", user=current_user, sessions=live, current=current_session(),
                           device=sessions.device)


@bp.post("/account/sessions/end")
def end_sessions():
    """End one other session (`session` in the form) or, without it, every other one."""
    raw = request.form.get("session", "")
    if raw and not raw.isdigit():
        fail(400, "Choose a session from the list.")
    count = sessions.end_other(db.session, current_actor(), current_user, int(raw) if raw else None, current_session())
    flash("That session is ended." if raw and count else
          f"{count} other session{'s' if count != 1 else ''} ended." if count else
          "No other session was open.", "success" if count else "info")
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
            flash("Your password is changed. Other devices signed in to your account are signed out.", "success")
            return redirect(url_for("auth.account"))
    elif request.method == "POST":
        status = 400
    return render_template("auth/password.html", form=form), status
