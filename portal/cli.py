"""Flask CLI commands: `flask --app wsgi seed | worker | import | users create|demo-accounts | tokens create|revoke | verifications purge | sessions purge | assistant purge | dbrole grant`."""
from __future__ import annotations

import sys
import time

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import ROLES
from portal.services.audit import Actor

# Changes made at the command line are audited as made by the system, not by a user.
SYSTEM_ACTOR = Actor(role="admin", ip_address="cli")


def register(app: Flask) -> None:
    @app.cli.command("seed")
    @click.option("--scale", type=click.Choice(["demo", "full"]), default="demo", show_default=True)
    @click.option("--rng-seed", type=int, default=20130401, show_default=True, help="Same seed, same data.")
    @click.option("--if-empty", is_flag=True, help="Do nothing (and succeed) when data is already loaded.")
    @click.option("--no-demo-accounts", is_flag=True,
                  help="Only the data: no demo accounts (they are never made in production).")
    def seed_command(scale: str, rng_seed: int, if_empty: bool, no_demo_accounts: bool) -> None:
        """Load deterministic demo data into an empty database, then make one demo account per role
        and print their passwords once (development only)."""
        from flask import current_app

        from portal.models import Organization
        from portal.services.seed import SeedError, seed_database

        if if_empty and db.session.scalar(select(func.count(Organization.id))):
            click.echo("Data already loaded; nothing to do.")
            if not current_app.config["PORTAL_PRODUCTION"]:
                _echo_demo_reminder()
            return
        if current_app.config["PORTAL_PRODUCTION"] and not no_demo_accounts:
            raise click.ClickException(
                "Refused: PORTAL_ENV=production (or PORTAL_PRODUCTION) is set, and the seed makes demo accounts "
                "whose passwords it prints: they are for development only. Nothing was created. To load only the "
                "demo data, add --no-demo-accounts.")
        db.session.close()
        started = time.perf_counter()
        try:
            counts = seed_database(db.engine, scale, rng_seed=rng_seed, progress=click.echo)
        except SeedError as error:
            raise click.ClickException(str(error)) from None
        elapsed = time.perf_counter() - started
        for table, count in counts.items():
            click.echo(f"  {table}: {count:,}")
        click.echo(f"Seeded scale '{scale}' in {elapsed:.1f} s.")
        if not no_demo_accounts:
            _make_demo_accounts(reset_passwords=False)

    users = AppGroup("users", help="Manage portal accounts.")
    tokens = AppGroup("tokens", help="Manage API tokens of office staff.")

    @users.command("create")
    @click.option("--email", required=True)
    @click.option("--role", required=True, type=click.Choice(sorted(ROLES)))
    @click.option("--name", "display_name", default="", help="The user's name, as shown in the portal.")
    @click.option("--organization", "organization_id", type=int, help="Organization number (office staff).")
    @click.option("--member-id", help="Member ID (patients).")
    @click.option("--office-admin", is_flag=True, help="Office staff who may manage their office's staff.")
    @click.option("--coordinator", "coordinator_id", type=click.IntRange(1, 2**31 - 1),
                  help="Care coordinator number (office staff): the account is this coordinator's; "
                       "see `users coordinators`.")
    def create_user(email: str, role: str, display_name: str, organization_id: int | None, member_id: str | None,
                    office_admin: bool, coordinator_id: int | None) -> None:
        """Create an account; the password is read from standard input (never an argument)."""
        from portal.care import CareError, coordinators
        from portal.services import accounts
        from portal.services.passwords import WeakPassword

        password = _read_password()
        try:
            if coordinator_id is not None:  # checked first: no account is made when the link cannot be
                if role != "provider":
                    raise click.ClickException("Only office staff (--role provider) can be a care coordinator.")
                coordinators.linkable(db.session, organization_id, coordinator_id)
            user = accounts.create_user(
                db.session, SYSTEM_ACTOR, email=email, role=role, display_name=display_name,
                organization_id=organization_id, member_ref=member_id, password=password,
                is_office_admin=office_admin,
            )
            if coordinator_id is not None:
                coordinators.link(db.session, SYSTEM_ACTOR, user, coordinator_id)
        except (accounts.AccountError, WeakPassword, CareError) as error:
            db.session.rollback()
            raise click.ClickException(getattr(error, "message", str(error))) from None
        click.echo(f"Created {user.role} account {user.email} (user {user.id})"
                   + (f", care coordinator {user.care_coordinator.display_name}." if user.care_coordinator else "."))

    @users.command("coordinators")
    @click.option("--organization", "organization_id", type=click.IntRange(1, 2**31 - 1), required=True,
                  help="Organization number.")
    def list_coordinators(organization_id: int) -> None:
        """List an organization's active care coordinators and the account linked to each."""
        from portal.care import coordinators

        linked = coordinators.linked_accounts(db.session, organization_id)
        rows = coordinators.coordinators(db.session, organization_id)
        if not rows:
            click.echo(f"Organization {organization_id} has no active care coordinator.")
        for coordinator in rows:
            account = linked.get(coordinator.id)
            click.echo(f"{coordinator.id}\t{coordinator.display_name}\t{account.email if account else '(no account)'}")

    @users.command("link-coordinator")
    @click.option("--email", required=True, help="The office staff account.")
    @click.option("--coordinator", "coordinator_id", type=click.IntRange(1, 2**31 - 1),
                  help="Care coordinator number (`users coordinators`).")
    @click.option("--none", "unlink", is_flag=True, help="The account is no longer a care coordinator's.")
    def link_coordinator(email: str, coordinator_id: int | None, unlink: bool) -> None:
        """Make an office staff account the account of one of its organization's care coordinators."""
        from sqlalchemy import select

        from portal.care import CareError, coordinators
        from portal.models import User

        if (coordinator_id is None) == (not unlink):
            raise click.ClickException("Give either --coordinator NUMBER or --none.")
        user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
        if user is None:
            raise click.ClickException(f"No account has the e-mail address {email}.")
        try:
            linked = coordinators.link(db.session, SYSTEM_ACTOR, user, None if unlink else coordinator_id)
        except CareError as error:
            db.session.rollback()
            raise click.ClickException(error.message) from None
        click.echo(coordinators.linked_message(user, linked))

    @users.command("demo-accounts")
    @click.option("--reset-passwords", is_flag=True,
                  help="Give every demo account a new password (their sessions end) and print them once.")
    def demo_accounts_command(reset_passwords: bool) -> None:
        """Make the demo accounts that are missing (one per role, over the demo data) and print their
        passwords once; development only, refused in production."""
        _make_demo_accounts(reset_passwords=reset_passwords)

    @tokens.command("create")
    @click.option("--email", required=True, help="The office user the token acts as.")
    @click.option("--name", default="", help="What the token is for.")
    def create_token(email: str, name: str) -> None:
        """Create an API token and print it once (only its hash is stored)."""
        from portal.services import accounts

        user = accounts.find_user_by_email(db.session, email)
        if user is None:
            raise click.ClickException(f"No account with the e-mail address {email}.")
        try:
            _, raw = accounts.create_api_token(db.session, SYSTEM_ACTOR, user, name or "created with the CLI")
        except accounts.AccountError as error:
            db.session.rollback()
            raise click.ClickException(error.message) from None
        click.echo(raw)

    @tokens.command("revoke")
    @click.option("--prefix", required=True, help="The first 12 characters of the token, as listed in the admin area.")
    def revoke_token(prefix: str) -> None:
        """Revoke every live token that starts with this prefix."""
        from portal.models import ApiToken
        from portal.services import accounts

        found = db.session.scalars(select(ApiToken).where(ApiToken.prefix == prefix,
                                                          ApiToken.revoked_at.is_(None))).all()
        if not found:
            raise click.ClickException("No live token has this prefix.")
        for token in found:
            accounts.revoke_api_token(db.session, SYSTEM_ACTOR, token)
        click.echo(f"Revoked {len(found)} token(s).")

    verifications = AppGroup("verifications", help="Office verification results.")

    @verifications.command("purge")
    def purge_verifications() -> None:
        """Delete verification results older than 24 hours (run it from cron, e.g. hourly)."""
        from portal.services.verification import purge_expired

        removed = purge_expired(db.session)
        db.session.commit()
        click.echo(f"Deleted {removed} verification result(s) older than 24 hours.")

    dbrole = AppGroup("dbrole", help="PostgreSQL: the role the web workers connect as.")

    @dbrole.command("grant")
    @click.argument("role")
    def grant_role(role: str) -> None:
        """Give ROLE what the web workers need, and only INSERT and SELECT on the audit trail
        (run as the tables' owner, after every `db upgrade`; see docs/deploy.md)."""
        from portal.services import audit
        from portal.services.db_roles import RoleError, grant_app_role

        try:
            statements = grant_app_role(db.engine, role)
        except RoleError as error:
            raise click.ClickException(str(error)) from None
        click.echo("\n".join(statements))
        audit.record(db.session, Actor(role="admin", ip_address="cli"), "db.role_grant", target=f"role:{role}")
        db.session.commit()

    sessions_group = AppGroup("sessions", help="Signed-in sessions kept on the server.")

    @sessions_group.command("purge")
    def purge_sessions() -> None:
        """Delete sessions ended, or unused, more than 30 days ago (sign-ins also do it now and then)."""
        from portal.services import sessions

        click.echo(f"Deleted {sessions.purge(db.session)} session record(s) older than 30 days.")

    @app.cli.command("import")
    @click.argument("kind", type=click.Choice(["organizations", "programs", "providers", "coordinators", "members"]))
    @click.argument("path", type=click.Path(exists=True, dir_okay=False))
    @click.option("--dry-run", is_flag=True, help="Check and count what would change; change nothing.")
    @click.option("--all-or-nothing", is_flag=True, help="Apply nothing if any row has an error.")
    def import_command(kind: str, path: str, dry_run: bool, all_or_nothing: bool) -> None:
        """Import a CSV file (formats: docs/imports.md). Exit status 1 when rows were rejected."""
        from portal.services.imports import ImportFileError, run_import

        db.session.close()
        started = time.perf_counter()
        try:
            with open(path, "rb") as stream:
                report = run_import(db.engine, kind, stream, path, dry_run=dry_run, all_or_nothing=all_or_nothing,
                                    progress=lambda message: click.echo(f"  {message}"))
        except ImportFileError as error:
            raise click.ClickException(str(error)) from None
        for error in report.errors[:50]:
            click.echo(f"  line {error['line']}: {error['column'] or 'row'}: {error['message']}", err=True)
        if report.error_count > 50:
            click.echo(f"  ... and {report.error_count - 50:,} more errors (all in import run {report.run_id})", err=True)
        rate = report.valid_rows / max(time.perf_counter() - started, 0.001)
        click.echo(f"{report.summary()} {report.seconds:.1f} s ({rate:,.0f} rows/s). Import run {report.run_id}.")
        if report.error_count:
            raise SystemExit(1)

    assistant_group = AppGroup("assistant", help="The assistant's log.")

    @assistant_group.command("purge")
    @click.option("--days", type=click.IntRange(1, 36500), default=None,
                  help="Keep this many days (default: ASSISTANT_RETENTION_DAYS, 365).")
    def purge_assistant(days: int | None) -> None:
        """Delete assistant exchanges older than the retention period, and drop the link to
        the asking user from those older than ASSISTANT_USER_LINK_HOURS."""
        from flask import current_app

        from portal.assistant.log import purge_log

        keep = days or current_app.config["ASSISTANT_RETENTION_DAYS"]
        hours = current_app.config["ASSISTANT_USER_LINK_HOURS"]
        removed, unlinked = purge_log(db.session, keep, hours, source="cli")
        click.echo(f"Deleted {removed:,} assistant exchange(s) older than {keep} days; "
                   f"unlinked {unlinked:,} from their user (older than {hours} hours).")

    @assistant_group.command("export-phrases")
    @click.argument("path", type=click.Path(dir_okay=False, writable=True))
    def export_phrases(path: str) -> None:
        """Write the staff-taught phrasings in use (alternates, negatives, approved emergency
        phrasings) as a TSV that `python -m faq eval FILE --taught PATH` reads."""
        from portal.assistant.review import taught_phrases_tsv

        with open(path, "w", encoding="utf-8", newline="") as handle:
            count = sum(1 for line in taught_phrases_tsv(db.session) if handle.write(line)) - 1
        click.echo(f"Wrote {count:,} phrasing(s) to {path}.")

    @app.cli.command("worker")
    @click.option("--threads", type=click.IntRange(1, 64), default=None,
                  help="Jobs run at once (default: JOB_WORKERS, 2).")
    @click.option("--no-periodic", is_flag=True,
                  help="Leave the scheduled clean-ups to another worker.")
    def worker_command(threads: int | None, no_periodic: bool) -> None:
        """Run the job queue's worker: deliveries, admin imports and the scheduled clean-ups."""
        from flask import current_app

        from portal.jobs.worker import run

        app_object = current_app._get_current_object()
        run(app_object, threads or app_object.config["JOB_WORKERS"], periodic=not no_periodic)

    app.cli.add_command(users)
    app.cli.add_command(tokens)
    app.cli.add_command(verifications)
    app.cli.add_command(sessions_group)
    app.cli.add_command(dbrole)
    app.cli.add_command(assistant_group)


def _make_demo_accounts(reset_passwords: bool) -> None:
    """Make the missing demo accounts (and new passwords, when asked); print the passwords of
    those given one now, once, to the terminal only (never to a log)."""
    from flask import current_app

    from portal.services.seed import demo_accounts

    try:
        issued, _ = demo_accounts.ensure(db.session, SYSTEM_ACTOR, production=current_app.config["PORTAL_PRODUCTION"],
                                         reset_passwords=reset_passwords)
    except demo_accounts.DemoAccountsError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None
    info = demo_accounts.overview(db.session)
    if not issued:
        click.echo("The demo accounts exist already; their passwords were printed when they were made.")
        click.echo("New passwords: make demo-passwords (flask --app wsgi users demo-accounts --reset-passwords).")
        click.echo("\n".join(demo_accounts.describe(info)))
        return
    click.echo("\n".join(demo_accounts.terminal_lines(current_app, issued, info)))


def _echo_demo_reminder() -> None:
    """After `seed --if-empty` on loaded data: which demo accounts exist, never a password."""
    from portal.services.seed import demo_accounts

    found = demo_accounts.existing(db.session)
    if found:
        click.echo("Demo accounts: " + ", ".join(user.email for user in found.values()) + ". Their passwords were "
                   "printed when they were made; new ones: make demo-passwords.")
    else:
        click.echo("No demo accounts in this database; to make them (development only): "
                   "flask --app wsgi users demo-accounts")


def _read_password() -> str:
    """The password from standard input: typed twice at a terminal, or the first line of a pipe."""
    if sys.stdin.isatty():
        return click.prompt("Password", hide_input=True, confirmation_prompt=True)
    return sys.stdin.readline().rstrip("\r\n")
