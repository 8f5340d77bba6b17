"""Every public page over the deterministic demo data set answers 200 with its content."""
import re

import pytest

HCP = "/programs/healthcare-partners-medical-group-torrance-ca"


def test_home_counts_the_seeded_directory(demo_client):
    body = demo_client.get("/").get_data(as_text=True)
    assert re.search(r"<strong>2[3-9]\d</strong> primary care arrangements in <strong>32</strong> states", body)


def test_home_has_no_demo_panel_without_the_demo_accounts(demo_client):
    # seed_database loads the data alone; the demo accounts come from `flask seed`
    # (tests/test_demo_accounts.py), and only then does the home page offer to try them.
    body = demo_client.get("/").get_data(as_text=True)
    assert "try-the-demo" not in body and "Try the demo" not in body


def test_directory_finds_the_seed_program_by_typo(demo_client):
    body = demo_client.get("/programs?q=helthcare+partners+torance").get_data(as_text=True)
    first = body.index('class="result"')
    assert "HealthCare Partners Medical Group" in body[first : first + 400]


@pytest.mark.parametrize("specialty", ["cardiology", "gastroenterology", "obstetrics_gynecology", "oncology", "orthopedics"])
def test_every_specialty_has_arrangements(demo_client, specialty):
    body = demo_client.get(f"/programs?arrangement=specialist&specialty={specialty}").get_data(as_text=True)
    assert re.search(r"of \d+ programs?", body)
    assert "No programs match" not in body


def test_seed_program_page(demo_client):
    response = demo_client.get(HCP)
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    for text in ("Torrance, California", "April 1, 2013", "pay for value", "Participating providers", "June 2014"):
        assert text in body
    assert "generated demonstration data" not in body


def test_every_listed_program_page_answers(demo_client):
    body = demo_client.get("/programs?state=CA&sort=name").get_data(as_text=True)
    slugs = re.findall(r'href="/programs/([a-z0-9-]+)"', body)
    assert slugs
    for slug in slugs:
        page = demo_client.get(f"/programs/{slug}")
        assert page.status_code == 200, slug


def test_provider_lookup_over_demo_data(demo_client):
    body = demo_client.get(HCP).get_data(as_text=True)
    npi = re.search(r'<td data-label="NPI">(\d{10})</td>', body).group(1)
    found = demo_client.get(f"/providers?npi={npi}").get_data(as_text=True)
    assert "HealthCare Partners Medical Group" in found
    name = re.search(r'<th scope="row">([^,<]+),', body).group(1)
    by_name = demo_client.get("/providers", query_string={"name": name}).get_data(as_text=True)
    assert name in by_name
