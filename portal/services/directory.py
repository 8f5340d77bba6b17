"""Directory search: programs by state, arrangement, specialty and typo-tolerant text;
providers by NPI or by name."""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l
from rapidfuzz import fuzz, process
from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from portal.models import Program, Provider, ProviderParticipation
from portal.services.npi import InvalidNPI, normalize_npi
from portal.services.pagination import Page, paginate_list
from portal.services.text import fold

# A query token counts as found in a text when its best similarity to one of the text's
# words reaches TOKEN_MATCH; a program matches when the average over the query's tokens
# reaches PROGRAM_MATCH. Prefixes of three letters or more count as exact ("torr").
TOKEN_MATCH = 70.0
PROGRAM_MATCH = 80.0
PROVIDER_MATCH = 80.0
PROVIDER_RESULTS_LIMIT = 200
SORTS = {
    "relevance": _l("Best match"),
    "name": _l("Name (A to Z)"),
    "state": _l("State, then city"),
    "effective": _l("Newest first"),
}


@dataclass(frozen=True)
class ProgramFilters:
    q: str = ""
    state: str | None = None
    arrangement: str | None = None
    specialty: str | None = None
    sort: str = "relevance"
    page: int = 1
    per_page: int = 20


@dataclass(frozen=True)
class ProgramHit:
    program: Program
    score: float | None  # None when no text query was given


def _token_score(token: str, words: list[str]) -> float:
    if len(token) >= 3 and any(word.startswith(token) for word in words):
        return 100.0
    best = process.extractOne(token, words, scorer=fuzz.ratio)
    return best[1] if best else 0.0


def text_match_score(query: str, text: str) -> float:
    """How well a (possibly misspelled) query matches a text, 0 to 100.

    Each query word is matched to its most similar word in the text; the score is the
    mean, so "helthcare partners torance" matches "HealthCare Partners ... Torrance, CA".
    """
    tokens = fold(query).split()
    words = fold(text).split()
    if not tokens or not words:
        return 0.0
    return sum(_token_score(token, words) for token in tokens) / len(tokens)


def program_search_text(program: Program) -> str:
    org = program.organization
    # The labels in the page's language, and their codes' words ("obstetrics gynecology") too, so
    # that an English search finds a program on a Spanish page and the other way round.
    codes = [code.replace("_", " ") for code in (program.specialty, org.kind) if code]
    return " ".join(filter(None, [org.name, program.name, program.city, program.state, program.specialty_label,
                                  org.kind_label, *codes]))


def search_programs(session: Session, filters: ProgramFilters) -> Page[ProgramHit]:
    """Programs matching the filters, ranked and paginated. The catalog holds a few hundred
    arrangements, so the text ranking runs over the filtered rows in memory."""
    stmt = select(Program).options(joinedload(Program.organization))
    if filters.state:
        stmt = stmt.where(Program.state == filters.state)
    if filters.arrangement:
        stmt = stmt.where(Program.arrangement == filters.arrangement)
    if filters.specialty:
        stmt = stmt.where(Program.specialty == filters.specialty)
    programs = session.scalars(stmt).all()

    hits: list[ProgramHit]
    if filters.q:
        scored = [(text_match_score(filters.q, program_search_text(p)), p) for p in programs]
        hits = [ProgramHit(p, round(s, 1)) for s, p in scored if s >= PROGRAM_MATCH]
    else:
        hits = [ProgramHit(p, None) for p in programs]

    def by_name(hit: ProgramHit):
        return (hit.program.organization.name.lower(), hit.program.name.lower())

    hits.sort(key=by_name)
    if filters.sort == "state":
        hits.sort(key=lambda h: (h.program.state, h.program.city.lower()))
    elif filters.sort == "effective":
        hits.sort(key=lambda h: h.program.effective_date, reverse=True)
    elif filters.sort == "relevance" and filters.q:
        hits.sort(key=lambda h: -(h.score or 0))
    return paginate_list(hits, filters.page, filters.per_page)


def state_counts(session: Session, arrangement: str | None = None, specialty: str | None = None) -> dict[str, int]:
    """Number of arrangements per state, for the map and the list beside it."""
    stmt = select(Program.state, func.count()).group_by(Program.state)
    if arrangement:
        stmt = stmt.where(Program.arrangement == arrangement)
    if specialty:
        stmt = stmt.where(Program.specialty == specialty)
    return {state: count for state, count in session.execute(stmt)}


def directory_totals(session: Session) -> dict[str, int]:
    arrangements = dict(session.execute(select(Program.arrangement, func.count()).group_by(Program.arrangement)).all())
    return {
        "primary_care": arrangements.get("primary_care", 0),
        "specialist": arrangements.get("specialist", 0),
        "states": session.scalar(
            select(func.count(func.distinct(Program.state))).where(Program.arrangement == "primary_care")
        )
        or 0,
    }


def get_program(session: Session, slug: str) -> Program | None:
    return session.scalar(
        select(Program)
        .where(Program.slug == slug)
        .options(joinedload(Program.organization), selectinload(Program.clinical_programs))
    )


def organization_programs(session: Session, organization_id: int) -> list[Program]:
    return list(session.scalars(select(Program).where(Program.organization_id == organization_id).order_by(Program.name)))


def program_providers(session: Session, program: Program, page: int, per_page: int = 25) -> Page[ProviderParticipation]:
    """Providers participating in a program (current and past), by name."""
    base = select(ProviderParticipation).where(ProviderParticipation.program_id == program.id)
    total = session.scalar(select(func.count()).select_from(base.subquery())) or 0
    rows = session.scalars(
        base.join(ProviderParticipation.provider)
        .options(joinedload(ProviderParticipation.provider))
        .order_by(Provider.last_name, Provider.first_name, Provider.id)
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    return Page(rows, page, per_page, total)


# --- providers -------------------------------------------------------------------------


@dataclass(frozen=True)
class ParticipationView:
    program: Program
    start_date: date
    end_date: date | None
    active: bool


@dataclass(frozen=True)
class ProviderView:
    provider: Provider
    participations: list[ParticipationView]
    score: float | None = None

    @property
    def participating(self) -> bool:
        return any(p.active for p in self.participations)


def _provider_views(session: Session, providers: list[Provider], on: date, scores=None) -> list[ProviderView]:
    if not providers:
        return []
    ids = [p.id for p in providers]
    participations = session.scalars(
        select(ProviderParticipation)
        .where(ProviderParticipation.provider_id.in_(ids))
        .options(joinedload(ProviderParticipation.program).joinedload(Program.organization))
        .order_by(ProviderParticipation.start_date)
    ).all()
    by_provider: dict[int, list[ParticipationView]] = {pid: [] for pid in ids}
    for part in participations:
        by_provider[part.provider_id].append(
            ParticipationView(part.program, part.start_date, part.end_date, part.is_active_on(on))
        )
    scores = scores or {}
    return [ProviderView(p, by_provider[p.id], scores.get(p.id)) for p in providers]


def provider_by_npi(session: Session, npi: str, on: date) -> ProviderView | None:
    """The provider with this (already validated) NPI and their participation on a date."""
    provider = session.scalar(select(Provider).where(Provider.npi == npi).options(joinedload(Provider.organization)))
    if provider is None:
        return None
    return _provider_views(session, [provider], on)[0]


@dataclass
class _NameIndex:
    names: list[str] = field(default_factory=list)
    ids: list[int] = field(default_factory=list)
    signature: tuple | None = None
    loaded_at: float = 0.0


_name_index = _NameIndex()
_name_index_lock = threading.Lock()
# Renames keep the table's row count and highest id, so the index is also rebuilt this often.
NAME_INDEX_MAX_AGE_SECONDS = 600.0


def _provider_name_index(session: Session) -> _NameIndex:
    """Folded provider names held per worker for fuzzy matching. Rebuilt when the providers
    table gains or loses rows (a cheap count/max check on every search) and every ten
    minutes; the database stays the only source of truth."""
    global _name_index
    count, max_id = session.execute(select(func.count(Provider.id), func.max(Provider.id))).one()
    signature = (str(session.get_bind().url), count, max_id)
    index = _name_index
    if index.signature == signature and time.monotonic() - index.loaded_at < NAME_INDEX_MAX_AGE_SECONDS:
        return index
    with _name_index_lock:
        ids, names = [], []
        for pid, first, last in session.execute(
            select(Provider.id, Provider.first_name, Provider.last_name).order_by(Provider.id)
        ):
            ids.append(pid)
            names.append(fold(f"{first} {last}"))
        _name_index = _NameIndex(names, ids, signature, time.monotonic())
        return _name_index


def search_providers_by_name(session: Session, query: str, on: date, page: int, per_page: int = 20) -> Page[ProviderView]:
    """Providers whose name resembles the query (typos tolerated), best first."""
    folded = fold(query)
    if not folded:
        return Page([], page, per_page, 0)
    index = _provider_name_index(session)
    matches = process.extract(
        folded, index.names, scorer=fuzz.WRatio, score_cutoff=PROVIDER_MATCH, limit=PROVIDER_RESULTS_LIMIT
    )
    # Ties broken by name so that the order is stable.
    matches.sort(key=lambda m: (-m[1], m[0]))
    ranked = [(index.ids[i], score) for _, score, i in matches]
    window = ranked[(page - 1) * per_page : page * per_page]
    providers_by_id = {
        p.id: p
        for p in session.scalars(
            select(Provider).where(Provider.id.in_([pid for pid, _ in window])).options(joinedload(Provider.organization))
        )
    }
    providers = [providers_by_id[pid] for pid, _ in window if pid in providers_by_id]
    views = _provider_views(session, providers, on, {pid: round(score, 1) for pid, score in window})
    return Page(views, page, per_page, len(ranked))


def clear_caches() -> None:
    """Forget the per-worker provider name index (after bulk deletes, and between tests)."""
    global _name_index
    _name_index = _NameIndex()


@dataclass(frozen=True)
class DoctorSearch:
    """What the one doctor search found for its text: one provider by NPI (all digits), or
    providers by name (paged) and, on the first page, groups by group, program or city."""

    providers: Page[ProviderView]
    programs: list[ProgramHit]
    by_npi: bool = False
    npi_error: str | None = None


def find_doctor(session: Session, query: str, on: date, page: int = 1, per_page: int = 20,
                groups: int = 10, as_npi: bool = False) -> DoctorSearch:
    """`as_npi`: the text is meant as an NPI even when it is not all digits (then it is
    explained as a wrong NPI, not searched as a name)."""
    compact = query.replace(" ", "").replace("-", "")
    if compact.isdigit() or as_npi:
        try:
            view = provider_by_npi(session, normalize_npi(compact), on)
        except InvalidNPI as error:
            return DoctorSearch(Page([], 1, per_page, 0), [], by_npi=True, npi_error=str(error))
        return DoctorSearch(Page([view] if view else [], 1, per_page, 1 if view else 0), [], by_npi=True)
    providers = search_providers_by_name(session, query, on, page=page, per_page=per_page)
    programs = search_programs(session, ProgramFilters(q=query, per_page=groups)).items if page == 1 else []
    return DoctorSearch(providers, list(programs))
