"""`flask users create` and `flask tokens create|revoke`."""
from sqlalchemy import select

from portal.models import ApiToken, AuditEvent, User
from tests import factories as f


def test_create_first_admin_with_password_from_stdin(app, db):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["users", "create", "--email", "Root@Example.com", "--role", "admin"],
                           input="tangerine-harbor-quietly-42\n")
    assert result.exit_code == 0, result.output
    assert "tangerine" not in result.output
    user = db.scalar(select(User).where(User.email == "root@example.com"))
    assert user.role == "admin" and user.password_hash.startswith("$argon2id$")
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "user.create")).ip_address == "cli"


def test_create_refuses_weak_password_and_bad_links(app, db):
    runner = app.test_cli_runner()
    weak = runner.invoke(args=["users", "create", "--email", "a@example.com", "--role", "support"], input="password1234\n")
    assert weak.exit_code != 0 and "common" in weak.output
    no_org = runner.invoke(args=["users", "create", "--email", "b@example.com", "--role", "provider"],
                           input="tangerine-harbor-quietly-42\n")
    assert no_org.exit_code != 0 and "organization" in no_org.output
    assert db.scalar(select(User)) is None


def test_office_staff_and_patient_accounts(app, db):
    org = f.organization()
    member = f.member()
    db.commit()
    runner = app.test_cli_runner()
    staff = runner.invoke(args=["users", "create", "--email", "desk@example.com", "--role", "provider",
                                "--organization", str(org.id), "--office-admin"], input="tangerine-harbor-quietly-42\n")
    patient = runner.invoke(args=["users", "create", "--email", "pat@example.com", "--role", "patient",
                                  "--member-id", member.member_id], input="tangerine-harbor-quietly-42\n")
    assert staff.exit_code == 0 and patient.exit_code == 0, staff.output + patient.output
    desk = db.scalar(select(User).where(User.email == "desk@example.com"))
    assert desk.organization_id == org.id and desk.is_office_admin


def test_token_create_prints_once_and_revoke(app, db):
    staff = f.user("provider")
    db.commit()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["tokens", "create", "--email", staff.email, "--name", "desk"])
    assert result.exit_code == 0
    raw = result.output.strip()
    token = db.scalar(select(ApiToken))
    assert raw.startswith("ccp_") and token.prefix == raw[:12] and raw not in token.token_hash
    revoked = runner.invoke(args=["tokens", "revoke", "--prefix", token.prefix])
    assert revoked.exit_code == 0 and "Revoked 1" in revoked.output
    db.refresh(token)
    assert token.revoked_at is not None
    missing = runner.invoke(args=["tokens", "create", "--email", "nobody@example.com"])
    assert missing.exit_code != 0


def test_verifications_purge(app, db):
    from datetime import timedelta

    from portal.models import VerificationRecord, utcnow

    staff = f.user("provider")
    db.add_all([VerificationRecord(reference="V-OLD", user_id=staff.id, query_ref="CC1", outcome="no_match",
                                   created_at=utcnow() - timedelta(hours=25)),
                VerificationRecord(reference="V-NEW", user_id=staff.id, query_ref="CC2", outcome="no_match")])
    db.commit()
    result = app.test_cli_runner().invoke(args=["verifications", "purge"])
    assert result.exit_code == 0 and "Deleted 1" in result.output
    assert db.scalars(select(VerificationRecord.reference)).all() == ["V-NEW"]
