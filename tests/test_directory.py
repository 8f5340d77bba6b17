"""Directory search service: filters, typo-tolerant text search, sorting, providers."""
from datetime import date

import pytest

from portal.services import directory
from portal.services.directory import ProgramFilters, text_match_score
from tests import factories as f

TODAY = date(2026, 6, 1)


@pytest.fixture
def catalog(db):
    hcp_org = f.organization(name="HealthCare Partners Medical Group", city="Torrance", state="CA",
                             kind="integrated_delivery_system", is_demo=False)
    hcp = f.program(hcp_org, slug="hcp", effective_date=date(2013, 4, 1), is_demo=False)
    lakeside = f.program(f.organization(name="Lakeside Health Partners", city="Chicago", state="IL"),
                         effective_date=date(2018, 1, 1))
    heart = f.program(f.organization(name="Heartland Cardiology Associates", city="Austin", state="TX",
                                     kind="specialist_group"),
                      arrangement="specialist", specialty="cardiology", effective_date=date(2016, 1, 1))
    bones = f.program(f.organization(name="Summit Orthopedic Group", city="Denver", state="CO",
                                     kind="specialist_group"),
                      arrangement="specialist", specialty="orthopedics", effective_date=date(2020, 1, 1))
    db.commit()
    return {"hcp": hcp, "lakeside": lakeside, "heart": heart, "bones": bones}


def names(page):
    return [hit.program.organization.name for hit in page.items]


def test_typo_search_finds_healthcare_partners(db, catalog):
    page = directory.search_programs(db, ProgramFilters(q="helthcare partners torance"))
    assert names(page)[0] == "HealthCare Partners Medical Group"
    assert page.total == 1


@pytest.mark.parametrize("query", ["HEALTHCARE PARTNERS", "torr", "healthcare partners, torrance ca", "Helth Care"])
def test_search_variants(db, catalog, query):
    assert "HealthCare Partners Medical Group" in names(directory.search_programs(db, ProgramFilters(q=query)))


def test_unrelated_text_finds_nothing(db, catalog):
    assert directory.search_programs(db, ProgramFilters(q="zebra quantum")).total == 0
    assert directory.search_programs(db, ProgramFilters(q="'; DROP TABLE programs; --")).total == 0


def test_filters(db, catalog):
    assert names(directory.search_programs(db, ProgramFilters(state="CA"))) == ["HealthCare Partners Medical Group"]
    specialist = directory.search_programs(db, ProgramFilters(arrangement="specialist"))
    assert set(names(specialist)) == {"Heartland Cardiology Associates", "Summit Orthopedic Group"}
    cardio = directory.search_programs(db, ProgramFilters(specialty="cardiology"))
    assert names(cardio) == ["Heartland Cardiology Associates"]
    assert directory.search_programs(db, ProgramFilters(state="CA", arrangement="specialist")).total == 0


def test_sorting(db, catalog):
    by_name = names(directory.search_programs(db, ProgramFilters(sort="name")))
    assert by_name == sorted(by_name, key=str.lower)
    newest = directory.search_programs(db, ProgramFilters(sort="effective"))
    dates = [hit.program.effective_date for hit in newest.items]
    assert dates == sorted(dates, reverse=True)
    by_state = [hit.program.state for hit in directory.search_programs(db, ProgramFilters(sort="state")).items]
    assert by_state == sorted(by_state)


def test_pagination(db, catalog):
    first = directory.search_programs(db, ProgramFilters(sort="name", per_page=3))
    second = directory.search_programs(db, ProgramFilters(sort="name", per_page=3, page=2))
    assert (first.total, first.pages, len(first.items), len(second.items)) == (4, 2, 3, 1)
    assert not set(names(first)) & set(names(second))
    assert directory.search_programs(db, ProgramFilters(page=99)).items == []


def test_state_counts_and_totals(db, catalog):
    assert directory.state_counts(db) == {"CA": 1, "IL": 1, "TX": 1, "CO": 1}
    assert directory.state_counts(db, arrangement="specialist") == {"TX": 1, "CO": 1}
    assert directory.directory_totals(db) == {"primary_care": 2, "specialist": 2, "states": 2}


def test_text_match_score_bounds():
    assert text_match_score("", "anything") == 0
    assert text_match_score("torrance", "Torrance CA") == 100
    assert text_match_score("xyz", "Torrance CA") < 50


def test_provider_by_npi_reports_participation(db, catalog):
    current = f.provider(programs=[catalog["hcp"]], start=date(2014, 1, 1), first_name="Maria", last_name="Garcia")
    past = f.provider(programs=[catalog["lakeside"]], start=date(2018, 1, 1), end=date(2020, 1, 1))
    db.commit()
    view = directory.provider_by_npi(db, current.npi, TODAY)
    assert view.participating and view.participations[0].program.slug == "hcp"
    assert view.participations[0].start_date == date(2014, 1, 1)
    old = directory.provider_by_npi(db, past.npi, TODAY)
    assert not old.participating and old.participations[0].end_date == date(2020, 1, 1)
    assert directory.provider_by_npi(db, "1234567893", TODAY) is None


def test_provider_name_search_tolerates_typos(db, catalog):
    f.provider(programs=[catalog["hcp"]], first_name="Maria", last_name="Garcia")
    f.provider(programs=[catalog["hcp"]], first_name="Mario", last_name="Gonzalez")
    f.provider(programs=[catalog["lakeside"]], first_name="José", last_name="Núñez")
    db.commit()
    page = directory.search_providers_by_name(db, "maria garica", TODAY, 1)
    assert page.items[0].provider.last_name == "Garcia"
    assert page.items[0].participating
    # Accents are folded both ways.
    assert directory.search_providers_by_name(db, "jose nunez", TODAY, 1).items[0].provider.last_name == "Núñez"
    assert directory.search_providers_by_name(db, "qqqq zzzz", TODAY, 1).total == 0
    assert directory.search_providers_by_name(db, "   ", TODAY, 1).total == 0


def test_provider_name_index_sees_new_providers(db, catalog):
    f.provider(programs=[catalog["hcp"]], first_name="Ada", last_name="Lovelace")
    db.commit()
    assert directory.search_providers_by_name(db, "ada lovelace", TODAY, 1).total == 1
    f.provider(programs=[catalog["hcp"]], first_name="Ada", last_name="Lovelace-Byron")
    db.commit()
    assert directory.search_providers_by_name(db, "ada lovelace", TODAY, 1).total == 2


def test_provider_name_index_sees_renames_after_max_age(db, catalog):
    prov = f.provider(programs=[catalog["hcp"]], first_name="Grace", last_name="Hopper")
    db.commit()
    assert directory.search_providers_by_name(db, "grace hopper", TODAY, 1).total == 1
    prov.last_name = "Murray"
    db.commit()
    directory._name_index.loaded_at -= directory.NAME_INDEX_MAX_AGE_SECONDS
    assert directory.search_providers_by_name(db, "grace murray", TODAY, 1).total == 1
