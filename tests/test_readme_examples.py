"""Every example of the README works against the demo data (`flask seed --scale demo`, what
`make run` does, demo accounts included), so that the README cannot drift from it:

- every member ID it names exists, and every "member ID, date of birth, last name[, ZIP]" (prose
  or JSON) is that member's; the people it names (members, providers by NPI, the demo
  coordinator, the demo office) are the ones the data holds;
- every NPI is a provider participating today;
- every e-mail address is a demo account or one that a README command creates;
- every `flask --app wsgi users|tokens|import|... ` command runs, in the README's order, with exit
  status 0 (the seed, the worker, migrations and PostgreSQL's role grant excepted: the fixture
  seeds, the others are not about the data), and `users coordinators` lists what the comment says;
- the API call and the registration it shows succeed;
- every `make TARGET` it names is a Makefile target.
"""
from __future__ import annotations

import json
import re
import shlex
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from portal.care import coordinators
from portal.extensions import db as _db
from portal.models import Member, Organization, Provider, ProviderParticipation, User
from portal.services.npi import is_valid_npi
from portal.services.seed import demo_accounts
from portal.services.text import name_key
from tests.helpers import post

ROOT = Path(__file__).resolve().parent.parent
RAW = (ROOT / "README.md").read_text(encoding="utf-8")
README = " ".join(RAW.split())  # the prose, whatever its line breaks
FLASK = ".venv/bin/flask --app wsgi "
PASSWORD = "violet harbor tandem 42 lantern"  # for the accounts the README's commands create
# Commands the test does not run: the fixture seeds (a database that holds data refuses another
# seed), and these are not about the data.
NOT_RUN = ("db upgrade", "seed --scale demo", "seed --scale full", "worker", "dbrole grant",
           "assistant export-phrases")
MEMBER_DETAILS = re.compile(r"member ID `(CC\d{9})`, date of\s+birth `(\d{4}-\d\d-\d\d)`,\s+last name `([^`]+)`"
                            r"(?:,\s+ZIP `(\d{5})`)?")
JSON_DETAILS = re.compile(r'"member_id": "(CC\d{9})", "date_of_birth": "(\d{4}-\d\d-\d\d)", "last_name": "([^"]+)"')


@pytest.fixture(scope="module")
def demo(app):
    """The demo data with its demo accounts, made by the real seed command."""
    from portal import jobs
    from tests.conftest import empty_all_tables

    jobs.init_app(app)
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["seed", "--scale", "demo"])
        assert result.exit_code == 0, result.output
        yield app
        _db.session.remove()
        empty_all_tables()


def _commands() -> list[tuple[str, str]]:
    """(command after `flask --app wsgi`, its comment) of every shell block, in order."""
    found = []
    for block in re.findall(r"```sh\n(.*?)```", RAW, re.S):
        for line in block.replace("\\\n", " ").splitlines():
            if FLASK not in line:
                continue
            command = line[line.index(FLASK) + len(FLASK):]
            command, _, comment = command.partition("#")
            found.append((command.strip().rstrip(")").replace("[", "").replace("]", "").strip(), comment.strip()))
    return found


def _member(session, member_id: str) -> Member:
    member = session.scalar(select(Member).where(Member.member_id == member_id))
    assert member is not None, f"README names member {member_id}, not in the demo data"
    return member


def test_the_readme_has_examples_to_check():
    assert len(_commands()) > 20
    assert len(MEMBER_DETAILS.findall(README)) >= 3 and JSON_DETAILS.search(README)
    assert re.search(r"NPI `\d{10}`", README)


def test_every_member_the_readme_names_is_in_the_demo_data(demo):
    session = _db.session
    for member_id in set(re.findall(r"\bCC\d{9}\b", README)):
        _member(session, member_id)
    for member_id, born, last_name, zip_code in MEMBER_DETAILS.findall(README) + [
            (*match, "") for match in JSON_DETAILS.findall(README)]:
        member = _member(session, member_id)
        assert member.date_of_birth == date.fromisoformat(born), member_id
        assert member.last_name_key == name_key(last_name), member_id
        assert not zip_code or member.zip == zip_code, member_id
    for member_id, first, last in re.findall(r"member `(CC\d{9})`, (\S+) ([A-Z][a-z]+)\b", README):
        member = _member(session, member_id)
        assert (member.first_name, member.last_name) == (first, last), member_id


def test_every_npi_the_readme_names_participates_today(demo):
    session = _db.session
    npis = set(re.findall(r"\b\d{10}\b", README))
    assert npis
    for npi in npis:
        assert is_valid_npi(npi), npi
        provider = session.scalar(select(Provider).where(Provider.npi == npi))
        assert provider is not None, f"README names NPI {npi}, not in the demo data"
        assert session.scalar(select(ProviderParticipation.id).where(
            ProviderParticipation.provider_id == provider.id, ProviderParticipation.end_date.is_(None))), npi
    for first, last, credential, npi in re.findall(r"([A-Z][a-z]+) ([A-Z][a-z]+), ([A-Z]{2}) \(NPI `(\d{10})`\)", README):
        provider = session.scalar(select(Provider).where(Provider.npi == npi))
        assert (provider.first_name, provider.last_name, provider.credential) == (first, last, credential), npi


def test_the_demo_people_are_the_ones_the_readme_names(demo):
    session = _db.session
    accounts = demo_accounts.existing(session)
    for name, number in re.findall(r"((?:[A-Z][A-Za-z]*\s)+[A-Z][a-z]+) \(organization (\d+)", README):
        assert session.get(Organization, int(number)).name == " ".join(name.split()), number
    office = re.search(r"The office accounts are staff of ([^(]+?) \(organization (\d+)", README)
    assert office and all(accounts[key].organization_id == int(office.group(2))
                          for key in ("office", "office_admin", "coordinator"))
    coordinator = coordinators.coordinator_of(accounts["coordinator"])
    named = re.search(r"`coordinator@demo\.example` is ([A-Z][a-z]+ [A-Z][a-z]+)'s account", README)
    assert named and named.group(1) == f"{coordinator.first_name} {coordinator.last_name}"
    patient = re.search(r"`patient@demo\.example` is member `(CC\d{9})`", README)
    assert patient and accounts["patient"].member.member_id == patient.group(1)
    assert f"{coordinator.display_name} as care coordinator" in README
    verify = demo_accounts.overview(session).verify
    assert f"as `office@demo.example`: member ID `{verify.member_id}`" in README


def test_every_e_mail_address_is_a_demo_account_or_made_by_a_readme_command(demo):
    created = {shlex.split(command)[shlex.split(command).index("--email") + 1]
               for command, _ in _commands() if command.startswith("users create")}
    existing = set(_db.session.scalars(select(User.email)))
    assert not created & existing, "a README command would create an account that the demo data has"
    # The portal's own addresses (configuration defaults) are not examples of accounts.
    own = {demo.config["PORTAL_SUPPORT_EMAIL"], *re.findall(r"<([^>]+)>", demo.config["MAIL_DEFAULT_SENDER"])}
    for email in set(re.findall(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[a-z]+", README)) - own:
        assert email in demo_accounts.EMAILS or email in created, email


def test_every_command_runs_against_the_demo_data_in_order(demo):
    runner = demo.test_cli_runner()
    token = ""
    for command, comment in _commands():
        if command.startswith(NOT_RUN):
            continue
        args = shlex.split(command.replace("docs/imports/", f"{ROOT}/docs/imports/"))
        if "ccp_AbCdEfGh" in args:  # a placeholder for a token's first 12 characters
            args[args.index("ccp_AbCdEfGh")] = token[:12]
        result = runner.invoke(args=args, input=f"{PASSWORD}\n")
        assert result.exit_code == 0, (command, result.output)
        if args[:2] == ["tokens", "create"]:
            token = result.output.strip().splitlines()[-1]
        listed = re.match(r"(\d+)\s+([A-Z][a-z]+ [A-Z][a-z]+)", comment)
        if args[:2] == ["users", "coordinators"] and listed:
            assert f"{listed.group(1)}\t{listed.group(2)}" in result.output, (command, result.output)
    # `seed --if-empty` (what make run does) on the loaded data: nothing to do.
    again = runner.invoke(args=["seed", "--scale", "demo", "--if-empty"])
    assert again.exit_code == 0 and "nothing to do" in again.output


def test_the_api_call_verifies_the_member(demo):
    command = next(command for command, _ in _commands() if command.startswith("tokens create --email office@"))
    token = demo.test_cli_runner().invoke(args=shlex.split(command)).output.strip()
    body = json.loads(re.search(r"-d '(\{.*?\})'", README).group(1))
    response = demo.test_client().post("/api/v1/verifications", json=body,
                                       headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["match"] is True


def test_the_registration_example_registers(demo):
    guide = README[README.index("**Patients — register and sign in.**"):]
    member_id, born, last_name, zip_code = MEMBER_DETAILS.search(guide).groups()
    assert zip_code, "the registration example gives a ZIP code"
    client = demo.test_client()
    response = post(client, "/register", {"member_id": member_id, "date_of_birth": born, "last_name": last_name,
                                          "zip_code": zip_code, "email": "readme.register@example.com",
                                          "password": PASSWORD, "confirm": PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)
    assert _db.session.scalar(select(User).where(User.email == "readme.register@example.com")).member.member_id \
        == member_id


def test_every_make_target_the_readme_names_exists():
    makefile = (ROOT / "Makefile").read_text()
    targets = set(re.findall(r"^([a-z][\w-]*):", makefile, re.M))
    for target in set(re.findall(r"`make ([a-z][\w-]*)", README)):
        assert target in targets, target
