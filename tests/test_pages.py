"""Public pages through the Flask client: content, bad input, errors, headers."""
from datetime import date

import pytest

from tests import factories as f


@pytest.fixture
def site(db):
    org = f.organization(name="HealthCare Partners Medical Group", city="Torrance", state="CA",
                         kind="integrated_delivery_system", is_demo=False)
    prog = f.program(org, slug="hcp-torrance", effective_date=date(2013, 4, 1), is_demo=False,
                     payment_model="Pay for value.", partner_organizations="Partner Hospital")
    prog.clinical_programs.append(f.clinical_program(name="Tobacco cessation"))
    demo = f.program(f.organization(name="Prairie Physicians", city="Peoria", state="IL"), slug="prairie")
    doc = f.provider(programs=[prog], first_name="Maria", last_name="Garcia", start=date(2014, 2, 1))
    db.commit()
    return {"program": prog, "demo": demo, "doc": doc}


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json == {"status": "ok"}


def test_home(client, site):
    body = client.get("/").get_data(as_text=True)
    assert "Collaborative Care" in body
    assert 'href="/programs"' in body and 'href="/providers"' in body
    assert "better health" in body


def test_directory_lists_and_filters(client, site):
    body = client.get("/programs").get_data(as_text=True)
    assert "HealthCare Partners Medical Group" in body and "Prairie Physicians" in body
    assert "Showing 1 to 2 of 2 programs" in body
    body = client.get("/programs?state=ca").get_data(as_text=True)
    assert "HealthCare Partners Medical Group" in body and "Prairie Physicians" not in body
    body = client.get("/programs?q=helthcare+partners+torance").get_data(as_text=True)
    assert "of 1 program" in body and "HealthCare Partners Medical Group" in body


def test_directory_marks_demo_data(client, site):
    body = client.get("/programs?q=prairie").get_data(as_text=True)
    assert "Demo data" in body
    body = client.get("/programs?q=healthcare+partners").get_data(as_text=True)
    assert "Demo data" not in body


def test_state_map_and_list_show_counts(client, site):
    body = client.get("/programs").get_data(as_text=True)
    assert 'class="tile tile-CA tile-has' in body
    assert "California</a>" in body and "1 arrangement" in body
    assert "Wyoming" in body  # every state and DC is listed, with or without arrangements
    assert "District of Columbia" in body


@pytest.mark.parametrize(
    "query, message",
    [
        ("?state=ZZ", "Choose a US state"),
        ("?page=-1", "Page must be a whole number"),
        ("?page=abc", "Page must be a whole number"),
        ("?q=" + "x" * 10_000, "limited to 200 characters"),
        ("?sort=evil", "Not a valid choice"),
        ("?arrangement=hospital", "Not a valid choice"),
    ],
)
def test_directory_bad_input_gets_a_clear_400(client, site, query, message):
    response = client.get("/programs" + query)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


@pytest.mark.parametrize("q", ["\x00\x01\x1b[31m", "' OR 1=1 --", "<script>alert(1)</script>", "名前", "🙂🙂"])
def test_directory_odd_text_is_safe(client, site, q):
    response = client.get("/programs", query_string={"q": q})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.get_data(as_text=True)


def test_program_page(client, site):
    body = client.get("/programs/hcp-torrance").get_data(as_text=True)
    for text in ("HealthCare Partners Medical Group", "Torrance, California", "April 1, 2013", "Pay for value.",
                 "Partner Hospital", "Tobacco cessation", "Maria Garcia, MD", "Participating", "Integrated delivery system".lower()):
        assert text in body
    assert client.get("/programs/no-such-program").status_code == 404
    assert client.get("/programs/hcp-torrance?page=abc").status_code == 400


def test_program_page_paginates_providers(client, site, db):
    for i in range(30):
        f.provider(programs=[site["program"]], last_name=f"Zed{i:02d}")
    db.commit()
    first = client.get("/programs/hcp-torrance").get_data(as_text=True)
    assert "Showing 1 to 25 of 31 providers" in first
    second = client.get("/programs/hcp-torrance?page=2").get_data(as_text=True)
    assert "Showing 26 to 31 of 31 providers" in second


def test_provider_lookup_by_npi(client, site):
    body = client.get(f"/providers?npi={site['doc'].npi}").get_data(as_text=True)
    assert "Maria Garcia, MD" in body and "Participates in Collaborative Care today" in body
    assert "February 1, 2014" in body


def test_provider_lookup_unknown_valid_npi(client, site):
    response = client.get("/providers?npi=1234567893")
    assert response.status_code == 200
    assert "No participating provider has this NPI" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "npi, message",
    [("1234567890", "check digit is wrong"), ("12345", "exactly 10 digits"), ("abcdefghij", "digits only")],
)
def test_provider_lookup_invalid_npi_is_explained(client, site, npi, message):
    response = client.get("/providers", query_string={"npi": npi})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


def test_provider_lookup_by_name_with_typo(client, site):
    body = client.get("/providers?name=maria+garsia").get_data(as_text=True)
    assert "Maria Garcia, MD" in body and "HealthCare Partners Medical Group" in body


def test_provider_lookup_long_name_is_refused(client, site):
    response = client.get("/providers", query_string={"name": "a" * 10_000})
    assert response.status_code == 400


def test_error_pages_use_the_layout_and_json_under_api(client):
    response = client.get("/nowhere")
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True) and "Skip to main content" in response.get_data(as_text=True)
    api = client.get("/api/v1/nowhere")
    assert api.status_code == 404 and api.json["error"]["status"] == 404
    assert client.post("/healthz").status_code == 405


def test_unexpected_error_is_a_plain_500(database_url, monkeypatch):
    from portal import access, create_app

    fresh = create_app({"DATABASE_URL": database_url, "SECRET_KEY": "x"})

    @fresh.get("/_boom_test")
    def boom():
        raise RuntimeError("secret internals")

    monkeypatch.setitem(access.ENDPOINT_RULES, "boom", access.ANYONE)

    response = fresh.test_client().get("/_boom_test")
    body = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Something went wrong" in body and "secret internals" not in body and "Traceback" not in body


def test_security_headers(client):
    headers = client.get("/").headers
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"


def test_templates_have_no_inline_script_or_style():
    import pathlib
    import re

    root = pathlib.Path(__file__).resolve().parent.parent / "portal"
    for template in root.rglob("*.html"):
        if template.parent.name == "email":  # HTML e-mail is never served: mail programs need inline styles
            assert "<script" not in template.read_text(), template
            continue
        text = template.read_text()
        assert not re.search(r"<script(?![^>]*\bsrc=)", text), template
        assert not re.search(r"\sstyle=", text), template
        assert not re.search(r"\son[a-z]+=", text), template
