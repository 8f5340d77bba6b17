"""Patients: care team, program catalog, eligibility, joining (also concurrently), leaving."""
from __future__ import annotations

import threading
from datetime import date

import pytest
from sqlalchemy import func, select

from portal.models import AuditEvent, Enrollment, OutboxMessage
from portal.services import enrollment as service
from tests import factories as f
from tests.smtp import text_of
from tests.helpers import csrf_token, post, sign_in


@pytest.fixture
def setup(db):
    org = f.organization(name="Lakeside Physicians")
    program = f.program(org, name="Collaborative Care - Lakeside Physicians")
    weight = f.clinical_program(code="weight-management", name="Weight management")
    diabetes = f.clinical_program(code="diabetes", name="Diabetes", category="chronic")
    closed = f.clinical_program(code="tobacco-cessation", name="Tobacco cessation", is_open=False)
    f.clinical_program(code="heart-disease", name="Heart disease", category="chronic")  # not offered by the program
    program.clinical_programs.extend([weight, diabetes, closed])
    pcp = f.provider(programs=[program], first_name="Maria", last_name="Garcia")
    coordinator = f.care_coordinator(org, first_name="Casey", last_name="Nurse", credential="RN, CCM",
                                     phone="312-555-0101", email="casey.nurse@lakeside.example.org")
    member = f.member(first_name="Alex", last_name="Rivera", date_of_birth=date(1980, 5, 17))
    f.attribution(member, program, pcp=pcp, care_coordinator=coordinator)
    consent = f.consent_text(version="2026-01", body="Paragraph one.\n\nParagraph two.")
    db.commit()
    return {"org": org, "program": program, "weight": weight, "diabetes": diabetes, "member": member,
            "coordinator": coordinator, "consent": consent, "pcp": pcp}


@pytest.fixture
def patient(make_client, setup):
    return make_client("patient", member=setup["member"])


def _enroll(client, code="weight-management", **overrides):
    data = {"contact_preference": "phone", "phone": "312-555-0101", "contact_times": "weekdays after 5 pm", "consent": "y",
            "consent_version": "2026-01"}
    data.update(overrides)
    return post(client, f"/my/programs/{code}/enroll", data)


def _actions(db, action):
    return list(db.scalars(select(AuditEvent).where(AuditEvent.action == action)))


# --- care team ---------------------------------------------------------------------------------


def test_my_care_team(patient, setup, db):
    page = patient.get("/my/care-team").get_data(as_text=True)
    for text in ("Lakeside Physicians", setup["program"].slug, "Maria Garcia", "Casey Nurse, RN, CCM", "312-555-0101",
                 "casey.nurse@lakeside.example.org", "registered nurse", "1-800-555-0199"):
        assert text in page, text
    event = _actions(db, "member.view")[-1]
    assert event.member_ref == setup["member"].member_id and event.user_id == patient.user.id


def test_care_team_without_attribution_explains(make_client, setup):
    client = make_client("patient")  # a member with no attribution
    page = client.get("/my/care-team").get_data(as_text=True)
    assert "No Collaborative Care program on file for you today" in page and 'href="/providers"' in page


def test_patient_lands_on_care_team_after_sign_in(app, setup, db):
    user = f.user("patient", member=setup["member"])
    db.commit()
    assert sign_in(app.test_client(), user).headers["Location"] == "/my/care-team"


# --- catalog and finding a program ----------------------------------------------------------------


def test_public_catalog_and_program_pages(client, setup):
    catalog = client.get("/care-programs").get_data(as_text=True)
    assert "Weight management" in catalog and "Diabetes" in catalog
    page = client.get("/care-programs/weight-management").get_data(as_text=True)
    for heading in ("What it is", "Who it is for", "What happens after you join", "How to leave", "Eligibility",
                    "Aged 18 or older"):
        assert heading in page
    assert client.get("/care-programs/nope").status_code == 404


def test_one_doctor_search_by_name_group_or_npi(client, setup):
    group = setup["program"].organization.name
    by_name = client.get("/providers?q=maria+garsia").get_data(as_text=True)
    assert "Maria Garcia" in by_name and group in by_name and "/register" in by_name
    by_group = client.get("/providers?q=lakeside").get_data(as_text=True)
    assert setup["program"].name in by_group and "Medical groups and programs" in by_group
    by_npi = client.get(f"/providers?q={setup['pcp'].npi}").get_data(as_text=True)
    assert "Maria Garcia" in by_npi and "1 provider found" in by_npi
    bad = client.get("/providers?q=1234567890")
    assert bad.status_code == 400 and "check digit" in bad.get_data(as_text=True)
    assert "“1234567890”" in bad.get_data(as_text=True)  # what was typed is shown back
    assert client.get("/providers?q=" + "x" * 5000).status_code == 400
    # The older boxes and the former second search page still lead to the same results.
    assert "Maria Garcia" in client.get(f"/providers?npi={setup['pcp'].npi}").get_data(as_text=True)
    assert "Maria Garcia" in client.get("/providers?name=maria+garsia").get_data(as_text=True)
    moved = client.get("/find-my-program?q=lakeside")
    assert moved.status_code == 301 and moved.headers["Location"].endswith("/providers?q=lakeside")


# --- eligibility (unit) ------------------------------------------------------------------------------


def test_eligibility_rules(setup, db):
    member, weight = setup["member"], setup["weight"]
    today = date(2026, 6, 1)
    attribution = service.current_attribution(db, member.id, today)
    assert service.check_eligibility(weight, member, attribution, None, today).eligible
    no_team = service.check_eligibility(weight, member, None, None, today)
    assert not no_team.eligible and "none on file" in no_team.reasons[0]
    young = f.member(date_of_birth=date(2010, 6, 2))
    reasons = service.check_eligibility(weight, young, attribution, None, today).reasons
    assert reasons == ["Weight management is for people aged 18 or older."]
    heart = service.get_program(db, "heart-disease")
    assert "does not offer Heart disease" in service.check_eligibility(heart, member, attribution, None, today).reasons[0]
    closed = service.get_program(db, "tobacco-cessation")
    assert "not accepting" in service.check_eligibility(closed, member, attribution, None, today).reasons[0]
    weight.eligibility = {"min_age": 18, "max_age": 40, "requires_attribution": True}
    assert "40 or younger" in service.check_eligibility(weight, member, attribution, None, today).reasons[0]
    weight.eligibility = {"min_age": 18, "shoe_size": 9}
    with pytest.raises(ValueError, match="unknown eligibility rule"):
        service.check_eligibility(weight, member, attribution, None, today)
    db.rollback()


def test_age_on_birthdays():
    assert service.age_on(date(2008, 6, 1), date(2026, 5, 31)) == 17
    assert service.age_on(date(2008, 6, 1), date(2026, 6, 1)) == 18


# --- enrolling --------------------------------------------------------------------------------------


def test_enroll_confirmation_my_programs_notification_and_audit(patient, setup, db, mail):
    page = patient.get("/my/programs/weight-management/enroll").get_data(as_text=True)
    assert "Consent (version 2026-01)" in page and "Paragraph two." in page
    response = _enroll(patient)
    assert response.status_code == 302
    enrollment = db.scalar(select(Enrollment))
    assert response.headers["Location"] == f"/my/programs/enrollments/{enrollment.confirmation_code}"
    assert enrollment.consent_text_id == setup["consent"].id and enrollment.consented_at is not None
    assert enrollment.contact_times == "weekdays after 5 pm" and enrollment.enrolled_by_user_id == patient.user.id
    confirmation = patient.get(response.headers["Location"]).get_data(as_text=True)
    assert enrollment.confirmation_code in confirmation and "version 2026-01" in confirmation
    assert _actions(db, "member.view")[-1].details["what"] == f"enrollment {enrollment.confirmation_code}"
    programs = patient.get("/my/programs").get_data(as_text=True)
    assert "Leave Weight management" in programs
    notice = mail.one("casey.nurse@lakeside.example.org")
    assert notice["Subject"] == "A patient joined a program" and "Weight management" in text_of(notice)
    assert enrollment.confirmation_code in text_of(notice) and "weekdays after 5 pm" in text_of(notice)
    confirmation_mail = mail.one(patient.user.email)
    assert confirmation_mail["Subject"] == "You joined a program"
    assert "is told by e-mail" in confirmation and patient.user.email in confirmation
    event = _actions(db, "enrollment.create")[-1]
    assert event.member_ref == setup["member"].member_id and event.details["consent_version"] == "2026-01"


def test_the_consent_agreed_to_is_the_one_the_page_showed(patient, setup, db, monkeypatch):
    """A Spanish page shows the Spanish consent while it translates exactly the stored English;
    the audit event records its language and a hash of the exact words agreed to, and an answer
    to a text the page no longer shows is refused."""
    import hashlib

    from portal.services import enrollment as service

    body = setup["consent"].body
    spanish = "Párrafo uno.\n\nPárrafo dos."
    monkeypatch.setitem(service._CONSENT_TRANSLATIONS, ("2026-01", "es"),
                        (hashlib.sha256(body.encode()).hexdigest(), spanish))
    patient.set_cookie("lang", "es", domain="portal.test")
    page = patient.get("/my/programs/weight-management/enroll").get_data(as_text=True)
    assert "Párrafo dos." in page and 'name="consent_language" type="hidden" value="es"' in page
    # Agreed on a page that showed English (the language was switched in another tab): refused.
    assert _enroll(patient, consent_language="fr").status_code == 409
    assert _enroll(patient, consent_language="es").status_code == 302
    event = _actions(db, "enrollment.create")[-1]
    assert event.details["consent_language"] == "es"
    assert event.details["consent_sha256"] == hashlib.sha256(spanish.encode()).hexdigest()


def test_double_submit_makes_one_enrollment(patient, setup, db):
    first = _enroll(patient)
    second = _enroll(patient)
    assert first.headers["Location"] == second.headers["Location"]
    assert "You had already joined Weight management: nothing was changed." in \
        patient.get(second.headers["Location"]).get_data(as_text=True)
    assert db.scalar(select(func.count(Enrollment.id))) == 1


def test_concurrent_submissions_make_one_enrollment(app, setup, db, monkeypatch):
    """Two requests pass the "not enrolled yet" check at the same moment; the database's
    unique index keeps one enrollment and the other request gets it, not an error."""
    user = f.user("patient", member=setup["member"])
    db.commit()
    clients = [app.test_client(), app.test_client()]
    tokens = []
    for client in clients:
        sign_in(client, user)
        tokens.append(csrf_token(client, "/my/programs/weight-management/enroll"))
    barrier = threading.Barrier(2, timeout=20)
    real_check = service.check_eligibility

    def racing_check(*args, **kwargs):
        result = real_check(*args, **kwargs)
        barrier.wait()  # both requests have seen "not enrolled" before either inserts
        return result

    monkeypatch.setattr(service, "check_eligibility", racing_check)
    statuses: list[int] = []

    def submit(client, token):
        response = client.post("/my/programs/weight-management/enroll", data={
            "contact_preference": "email", "consent": "y", "consent_version": "2026-01", "csrf_token": token})
        statuses.append(response.status_code)

    threads = [threading.Thread(target=submit, args=pair) for pair in zip(clients, tokens)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    db.expire_all()
    assert statuses == [302, 302]
    assert db.scalar(select(func.count(Enrollment.id)).where(Enrollment.status == "active")) == 1
    assert len(_actions(db, "enrollment.create")) == 1


@pytest.mark.parametrize("overrides, status, message", [
    ({"consent": ""}, 400, "tick the box to agree"),
    ({"consent_version": "2020-01"}, 409, "consent text has changed"),
    ({"contact_preference": "carrier pigeon"}, 400, "Not a valid choice"),
    ({"contact_times": "x" * 201}, 400, "under 200 characters"),
])
def test_enroll_bad_input_changes_nothing(patient, setup, db, overrides, status, message):
    response = _enroll(patient, **overrides)
    assert response.status_code == status
    assert message in response.get_data(as_text=True)
    assert db.scalar(select(func.count(Enrollment.id))) == 0


def test_tampered_fields_are_ignored_or_refused(patient, setup, db):
    other = f.member()
    db.commit()
    response = _enroll(patient, member_id=other.member_id, member=other.id)  # extra fields: ignored
    assert response.status_code == 302
    assert db.scalar(select(Enrollment)).member_id == setup["member"].id
    assert _enroll(patient, code="no-such-program").status_code == 404


def test_not_eligible_cannot_enroll(make_client, setup, db):
    client = make_client("patient")  # no attribution
    page = client.get("/my/programs/weight-management/enroll").get_data(as_text=True)
    assert "You cannot join Weight management now" in page
    response = _enroll(client)
    assert response.status_code == 409 and "none on file" in response.get_data(as_text=True)
    assert db.scalar(select(func.count(Enrollment.id))) == 0


LEAVE = "/my/programs/weight-management/leave"
CONFIRMED = {"confirmed": "yes"}


def test_leave_page_says_what_leaving_means_then_leaves_and_enroll_again(patient, setup, db, mail):
    code = _enroll(patient).headers["Location"].rsplit("/", 1)[1]
    mail.deliver()
    mail.mailbox.clear()
    card = patient.get("/my/programs").get_data(as_text=True)
    assert f'href="{LEAVE}"' in card and "button-danger" in card  # a link to the page that asks first
    page = patient.get(LEAVE).get_data(as_text=True)
    assert "<h1>Leave Weight management?</h1>" in page
    # Nobody at Lakeside reads the worklist: the coordinator is told by e-mail, as the e-mails will do it.
    assert "Your care coordinator, Casey Nurse, is told by e-mail that you left, and will not contact you about " \
           "Weight management again." in page
    assert f"A confirmation goes to {patient.user.email}." in page
    assert "Keep me in the program" in page and 'name="confirmed" value="yes"' in page
    assert db.scalar(select(Enrollment)).status == "active"  # the page changed nothing

    response = post(patient, LEAVE, {**CONFIRMED, "reason": "timing", "details": "Moving away in May"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/my/programs")
    told = patient.get("/my/programs").get_data(as_text=True)
    assert f"a confirmation is on its way to {patient.user.email}" in told and "is told by e-mail" in told
    assert "You can join it again later while it accepts new members and you are eligible." in told
    # The coordinator must stop contacting the patient: told, with who and which program only.
    notice = mail.one("casey.nurse@lakeside.example.org")
    assert notice["Subject"] == "A patient left a program" and "do not contact them" in text_of(notice)
    assert "Moving away" not in text_of(notice)  # the patient's reason stays in the portal
    left = mail.one(patient.user.email)
    assert left["Subject"] == "You left a program" and "will not contact you" in text_of(left)
    enrollment = db.scalar(select(Enrollment))
    db.refresh(enrollment)
    assert enrollment.status == "withdrawn"
    assert enrollment.withdraw_reason == "The timing does not work for me. Moving away in May"
    # Left already: there is nothing to leave, by either address.
    assert patient.get(LEAVE).status_code == 404
    assert post(patient, LEAVE, CONFIRMED).status_code == 404
    assert post(patient, f"/my/programs/enrollments/{code}/withdraw", CONFIRMED).status_code == 409
    confirmation = patient.get(f"/my/programs/enrollments/{code}").get_data(as_text=True)
    assert "<h1>You left Weight management</h1>" in confirmation and LEAVE not in confirmation
    second = _enroll(patient)
    assert second.status_code == 302 and second.headers["Location"].rsplit("/", 1)[1] != code
    history = patient.get("/my/programs").get_data(as_text=True)
    assert history.count("Weight management</th>") == 2 and '<td data-label="Status">Left</td>' in history
    assert '<td data-label="Status">In the program</td>' in history
    assert len(_actions(db, "enrollment.withdraw")) == 1


@pytest.mark.parametrize("choice, details, stored", [
    ("", "", None),
    ("", "Too far to travel", "Too far to travel"),
    ("goal", "", "I reached my goal."),
    ("other", "", "Another reason."),
    ("other", "My own words", "My own words"),
])
def test_the_reason_chosen_and_written_is_what_the_coordinator_reads(patient, setup, db, choice, details, stored):
    _enroll(patient)
    assert post(patient, LEAVE, {**CONFIRMED, "reason": choice, "details": details}).status_code == 302
    assert db.scalar(select(Enrollment)).withdraw_reason == stored


@pytest.mark.parametrize("data, message", [
    ({"reason": "because", "details": ""}, "Choose one of the reasons in the list, or none."),
    ({"reason": "other", "details": "x" * 401}, "Keep what you write under 400 characters."),
])
def test_leaving_with_bad_input_is_a_400_that_changes_nothing(patient, setup, db, mail, data, message):
    _enroll(patient)
    mail.deliver()
    mail.mailbox.clear()
    response = post(patient, LEAVE, {**CONFIRMED, **data})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page and "error-summary" in page and "<h1>Leave Weight management?</h1>" in page
    enrollment = db.scalar(select(Enrollment))
    assert enrollment.status == "active" and enrollment.withdrawn_at is None
    assert not _actions(db, "enrollment.withdraw") and mail.deliver() == []
    assert db.scalar(select(func.count(OutboxMessage.id)).where(OutboxMessage.kind.like("withdrawal%"))) == 0


def test_a_post_without_the_confirmation_leaves_nothing_but_goes_to_the_page(patient, setup, db):
    """The old "Leave" form (by confirmation number) and any POST without the page's field:
    sent to the confirmation page, the enrollment untouched."""
    code = _enroll(patient).headers["Location"].rsplit("/", 1)[1]
    for url in (f"/my/programs/enrollments/{code}/withdraw", LEAVE):
        response = post(patient, url, {"reason": "Moving away"})
        assert response.status_code == 302 and response.headers["Location"].endswith(LEAVE)
    assert db.scalar(select(Enrollment)).status == "active"
    assert not _actions(db, "enrollment.withdraw")
    # Through the confirmation, the old address still leaves.
    assert post(patient, f"/my/programs/enrollments/{code}/withdraw", CONFIRMED).status_code == 302
    assert db.scalar(select(Enrollment)).status == "withdrawn"


def test_only_the_patients_own_active_enrollment_can_be_left(make_client, patient, setup, db):
    code = _enroll(patient).headers["Location"].rsplit("/", 1)[1]
    other = make_client("patient")
    assert other.get(LEAVE).status_code == 404  # not in it
    assert post(other, LEAVE, CONFIRMED).status_code == 404
    assert post(other, f"/my/programs/enrollments/{code}/withdraw", CONFIRMED).status_code == 404
    assert patient.get("/my/programs/diabetes/leave").status_code == 404  # never joined
    assert patient.get("/my/programs/no-such-program/leave").status_code == 404
    assert db.scalar(select(Enrollment)).status == "active"


def test_without_a_care_team_the_leave_page_says_nobody_is_told(make_client, setup, db):
    member = f.member()  # no attribution: no worklist, no coordinator to tell
    f.enrollment(member, setup["weight"], consent=setup["consent"])
    db.commit()
    client = make_client("patient", member=member)
    page = " ".join(client.get(LEAVE).get_data(as_text=True).split())
    assert "Nobody at your medical group is told through the portal. If someone contacts you about Weight " \
           "management, tell them you left." in page
    assert "It is kept in the portal with this program." in page
    assert post(client, LEAVE, CONFIRMED).status_code == 302
    assert "You have left Weight management: a confirmation is on its way to" in \
        client.get("/my/programs").get_data(as_text=True)


def test_leaving_needs_the_csrf_token(patient, setup, db):
    code = _enroll(patient).headers["Location"].rsplit("/", 1)[1]
    assert patient.post(f"/my/programs/enrollments/{code}/withdraw", data=CONFIRMED).status_code == 400
    assert patient.post(LEAVE, data=CONFIRMED).status_code == 400
    assert db.scalar(select(Enrollment)).status == "active"


def test_two_withdrawals_at_once_withdraw_once(patient, setup, db):
    """Two requests that both read the enrollment as active: one withdraws, the other is told."""
    from sqlalchemy.orm import Session

    from portal.services import enrollment as service
    from portal.services.audit import Actor

    _enroll(patient)
    member = setup["member"]
    with Session(db.get_bind()) as first, Session(db.get_bind()) as second:
        mine, theirs = first.scalar(select(Enrollment)), second.scalar(select(Enrollment))
        assert mine.status == theirs.status == "active"
        service.withdraw(first, Actor(role="patient"), first.get(type(member), member.id), mine, "")
        with pytest.raises(service.EnrollmentError) as refused:
            service.withdraw(second, Actor(role="patient"), second.get(type(member), member.id), theirs, "")
    assert refused.value.status == 409
    assert len(_actions(db, "enrollment.withdraw")) == 1
