"""The README's care coordinator walk-through works on the demo data from a fresh clone: the
commands it shows make a patient and a coordinator account, and the patient can join the
tobacco program asking for a portal message that lands on that coordinator's worklist.
(Its own module: it adds to the demo data, which is emptied when the module ends.)"""
from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db as _db
from portal.models import User, WorkItem
from tests import factories as f
from tests.helpers import post, sign_in


def test_the_readme_walk_through(demo_app):
    runner = demo_app.test_cli_runner()
    with demo_app.app_context():
        listed = runner.invoke(args=["users", "coordinators", "--organization", "93"])
        assert "277\tAmir Dean" in listed.output, listed.output
        made = runner.invoke(args=["users", "create", "--email", "pat@example.com", "--role", "patient",
                                   "--member-id", "CC100000288"], input=f"{f.PASSWORD}\n")
        assert made.exit_code == 0, made.output
        made = runner.invoke(args=["users", "create", "--email", "rn@example.org", "--role", "provider",
                                   "--organization", "93", "--coordinator", "277"], input=f"{f.PASSWORD}\n")
        assert made.exit_code == 0 and "care coordinator Amir Dean" in made.output, made.output
        patient = demo_app.test_client()
        sign_in(patient, _db.session.scalar(select(User).where(User.email == "pat@example.com")))
        form = patient.get("/my/programs/tobacco-cessation/enroll").get_data(as_text=True)
        assert 'value="portal"' in form
        consent = form.split('name="consent_version" type="hidden" value="')[1].split('"')[0]
        response = post(patient, "/my/programs/tobacco-cessation/enroll", {
            "contact_preference": "portal", "phone": "", "contact_times": "weekday mornings", "consent": "y",
            "consent_version": consent})
        assert response.status_code == 302, response.get_data(as_text=True)
        assert _db.session.scalar(select(WorkItem)).care_coordinator_id == 277
