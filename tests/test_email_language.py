"""E-mails are written in their recipient's language: the choice of the account the address belongs
to, else the language of the page that queued it when the recipient was the person on it, else
English (portal/delivery/outbox.py, messages.py).

The Spanish texts come from the compiled catalog (portal/translations/es/LC_MESSAGES)."""
from __future__ import annotations

from flask import g
from sqlalchemy import select

from portal.delivery import messages, outbox
from portal.models import OutboxMessage, User
from tests import factories as f
from tests.helpers import post
from tests.test_auth import _registration


def _queued(db, user: User, kind: str = "registration") -> OutboxMessage:
    message = outbox.queue_email(db, kind=kind, recipient=user.email, user_id=user.id)
    db.commit()
    return message


def _body(email) -> tuple[str, str]:
    return email.get_body(("plain",)).get_content(), email.get_body(("html",)).get_content()


def test_a_spanish_speaking_patients_e_mail_is_in_spanish(app, db):
    user = f.user("patient", language="es")
    db.commit()
    email = messages.build(db, _queued(db, user))
    text, html = _body(email)
    assert email["Subject"] == "Su cuenta del portal está lista"
    assert "Su cuenta de paciente en el Collaborative Care Partner Portal está lista." in text
    assert "Recibe este correo electrónico porque" in text and "You get this e-mail" not in text
    assert '<html lang="es">' in html and "Iniciar sesión" in html


def test_an_english_speaking_patients_e_mail_is_in_english(app, db):
    user = f.user("patient", language="en")
    db.commit()
    email = messages.build(db, _queued(db, user))
    text, html = _body(email)
    assert email["Subject"] == "Your portal account is ready"
    assert "Your patient account on the Collaborative Care Partner Portal is ready." in text
    assert '<html lang="en">' in html and "You get this e-mail because" in html


def test_without_a_choice_the_e_mail_is_in_the_language_it_was_queued_in(app, db):
    user = f.user("patient")  # language None: the browser's
    db.commit()
    message = _queued(db, user, "registration_attempt")
    message.language = "es"
    db.commit()
    assert messages.build(db, message)["Subject"] == \
        "Alguien intentó registrarse con su dirección de correo electrónico"


def test_the_recipients_choice_wins_over_the_queued_language(app, db):
    user = f.user("patient", language="en")
    db.commit()
    message = _queued(db, user)
    message.language = "es"
    db.commit()
    assert messages.build(db, message)["Subject"] == "Your portal account is ready"


def test_building_an_e_mail_leaves_the_callers_language_as_it_was(app, db):
    """The worker may run inside a page's app context: the e-mail's language is not left behind."""
    user = f.user("patient", language="es")
    db.commit()
    messages.build(db, _queued(db, user))
    assert "language" not in g and "reader_zone" not in g
    assert messages.build(db, _queued(db, f.user("patient", language="en")))["Subject"] == \
        "Your portal account is ready"


def test_registering_in_spanish_stores_the_language_and_queues_the_e_mail_in_it(app, client, db):
    member = f.member()
    db.commit()
    client.set_cookie("lang", "es", domain="portal.test")
    assert post(client, "/register", _registration(member)).status_code == 302
    user = db.scalar(select(User).where(User.email == "new.patient@example.com"))
    assert user.language == "es"
    message = db.scalar(select(OutboxMessage).where(OutboxMessage.kind == "registration"))
    assert message.language == "es"


def test_outside_a_request_a_message_is_queued_in_english(app, db):
    assert _queued(db, f.user("admin")).language == "en"


def test_a_message_to_a_colleague_is_in_their_language_not_the_senders(app, db):
    """A patient browsing in Spanish makes a coordinator's notice: it is in the coordinator's own
    account language (found by the address), else English, never the patient's."""
    patient = f.user("patient", language="es")
    staff = f.user("provider", email="coordinator@clinic.example", language="es")
    db.commit()
    with app.test_request_context("/", headers={"Accept-Language": "es"}):
        from flask_login import login_user

        login_user(patient)
        # Messages about the patient's account, to other addresses, and to the patient.
        by_address = outbox.queue_email(db, kind="registration_attempt", recipient="Coordinator@clinic.example",
                                        user_id=patient.id)
        nobody = outbox.queue_email(db, kind="registration_attempt", recipient="someone@clinic.example",
                                    user_id=patient.id)
        own = outbox.queue_email(db, kind="registration_attempt", recipient=patient.email, user_id=patient.id)
    db.commit()
    assert (by_address.language, nobody.language, own.language) == ("en", "en", "es")
    assert messages.build(db, by_address)["Subject"] == \
        "Alguien intentó registrarse con su dirección de correo electrónico"  # the colleague chose Spanish
    staff.language = "en"
    db.commit()
    assert messages.build(db, by_address)["Subject"].startswith("Someone")
    assert messages.build(db, nobody)["Subject"].startswith("Someone")
