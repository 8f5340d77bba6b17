"""Deterministic demo data: `seed_database(engine, "demo" | "full")`.

The directory is the same at both scales: the one real arrangement from the source
documents (HealthCare Partners Medical Group, Torrance, CA, effective April 1, 2013), then
generated primary care arrangements in 32 states and specialist arrangements in the five
specialties, all flagged is_demo and saying so in their names and summaries. The scale
only changes how many providers, care coordinators, members, attributions and
enrollments are generated: a few thousand for "demo", the source documents' figures for
"full" (144,000 providers, 2,650,000 members).

Same rng_seed, same rows: every random choice comes from random.Random instances seeded
from rng_seed (one per phase, so the directory does not depend on the scale), ids are
assigned here, and every date derives from fixed anchor dates, never from today.

Rows are plain tuples written with services.bulk (COPY on PostgreSQL), a batch at a time,
inside one transaction: a failure leaves the database as it was.
"""
from __future__ import annotations

import random
from bisect import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate
from typing import Any

from sqlalchemy import Connection, Engine, Table, literal, select

from portal.models import ORGANIZATION_KINDS, SPECIALTIES, Base
from portal.services.bulk import bulk_insert, deferred_indexes_and_keys, reset_sequences
from portal.services.npi import make_npi
from portal.services.states import STATES
from portal.services.text import fold, name_key

from portal.services.seed.data import (
    SCALES, DEFAULT_RNG_SEED, BATCH_SIZE, PROGRESS_EVERY, SeedError, _ProviderTotals, _Scale, _SCALES,
    ATTRIBUTIONS_AS_OF, _LAST_PAST_DAY, _LAST_PARTICIPATION_START, _CONSENT_EFFECTIVE, _ENROLLMENTS_FROM,
    _ENROLLMENT_SPAN_SECONDS, _ADULT_BORN_BY, _DOB_RANGES, _ENDED_PROGRAM_COUNT, _PARTICIPATION_ENDED_SHARE,
    _SECOND_PARTICIPATION_SHARE, _MEMBER_ENDED_ONLY_SHARE, _MEMBER_EARLIER_SHARE, _ENROLLING_SHARE,
    _SPECIALIST_MEMBER_WEIGHT, HCP_ORGANIZATION, HCP_SLUG, _HCP_PROGRAM, _HCP_SUMMARY, _HCP_CARE_COORDINATION,
    _HCP_PAYMENT_MODEL, _LEAVE_ANY_TIME, _AFTER_JOINING, _ELIGIBILITY, _CLINICAL_PROGRAMS, _CLINICAL_IDS,
    _SPECIALTY_CLINICAL_PROGRAMS, CONSENT_VERSION, _CONSENT_BODY, _State, _STATE_TABLE, _STATES_BY_CODE,
    _PRIMARY_CARE_KINDS, _SPECIALIST_GROUP_NAMES, _HOSPITAL_NAMES, _FIRST_NAMES, _LAST_NAMES,
    _CREDENTIALS_PRIMARY, _CREDENTIALS_SPECIALIST, _PRIMARY_CARE_SPECIALTIES, _GROUP_SPECIALTIES,
    _OTHER_SPECIALTIES, _CONTACT_PREFERENCES, _CONTACT_TIMES, _WITHDRAW_REASONS, _CODE_ALPHABET, _NPI_BASE,
    _NPI_STRIDE,
)

# --- the tables written, in foreign-key order ----------------------------------------------

_TABLE_COLUMNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("organizations", ("id", "external_id", "name", "kind", "city", "state", "website", "is_demo")),
    ("clinical_programs", ("id", "code", "name", "category", "summary", "description", "audience",
                           "after_joining", "how_to_leave", "eligibility", "is_open")),
    ("consent_texts", ("id", "version", "body", "effective_at")),
    ("programs", ("id", "slug", "organization_id", "name", "arrangement", "specialty", "city", "state",
                  "effective_date", "end_date", "payment_model", "summary", "partner_organizations",
                  "care_coordination", "last_updated", "is_demo")),
    ("program_clinical_programs", ("program_id", "clinical_program_id")),
    ("providers", ("id", "npi", "first_name", "last_name", "credential", "specialty", "organization_id",
                   "is_primary_care")),
    ("provider_participations", ("id", "provider_id", "program_id", "start_date", "end_date")),
    ("care_coordinators", ("id", "organization_id", "first_name", "last_name", "credential", "phone", "email",
                           "is_active")),
    ("members", ("id", "member_id", "first_name", "last_name", "last_name_key", "date_of_birth", "zip",
                 "state")),
    ("attributions", ("id", "member_id", "program_id", "pcp_id", "care_coordinator_id", "start_date",
                      "end_date")),
    ("enrollments", ("id", "member_id", "clinical_program_id", "status", "confirmation_code",
                     "consent_text_id", "consented_at", "contact_preference", "contact_times", "enrolled_at",
                     "withdrawn_at", "withdraw_reason")),
)

# Their secondary indexes (and foreign keys) are built once, after loading: see
# bulk.deferred_indexes_and_keys.
_BULK_TABLES = ("providers", "provider_participations", "care_coordinators", "members", "attributions",
                "enrollments")

Row = tuple[Any, ...]


class _Loader:
    """Buffers rows per table; whenever a buffer fills, writes every buffer in foreign-key
    order, so each write only references rows already written and memory stays bounded."""

    def __init__(self, connection: Connection, batch_size: int = BATCH_SIZE) -> None:
        self.connection = connection
        self.batch_size = batch_size
        self.tables = [(Base.metadata.tables[name], list(columns)) for name, columns in _TABLE_COLUMNS]
        self.buffers: dict[str, list[Row]] = {name: [] for name, _ in _TABLE_COLUMNS}
        self.counts: dict[str, int] = {name: 0 for name, _ in _TABLE_COLUMNS}

    def rows(self, table: str) -> list[Row]:
        return self.buffers[table]

    def flush_if_full(self) -> None:
        if any(len(buffer) >= self.batch_size for buffer in self.buffers.values()):
            self.flush()

    def flush(self) -> None:
        for table, columns in self.tables:
            buffer = self.buffers[table.name]
            if buffer:
                self.counts[table.name] += bulk_insert(self.connection, table, columns, buffer, self.batch_size)
                buffer.clear()


# --- small helpers ----------------------------------------------------------------------


def _weighted(rng: random.Random, choices: Sequence[tuple[Any, float]]) -> Any:
    return rng.choices([value for value, _ in choices], weights=[weight for _, weight in choices])[0]


def _slugify(text: str) -> str:
    """Lowercase ASCII words joined by hyphens: "Women's Care of St. Louis" -> "womens-care-of-st-louis"."""
    return fold(text.replace("'", "")).replace(" ", "-")


def _first_of_month_between(rng: random.Random, low: date, high: date) -> date:
    day = date.fromordinal(low.toordinal() + rng.randrange(high.toordinal() - low.toordinal() + 1))
    return day.replace(day=1)


def _apportion(total: int, weights: Sequence[float], minimum: int) -> list[int]:
    """Split `total` into whole numbers proportional to `weights` (largest remainder), each
    at least `minimum`; the parts always add up to `total` exactly."""
    spare = total - minimum * len(weights)
    if spare < 0:
        raise ValueError("total too small for the minimum")
    weight_sum = sum(weights)
    shares = [spare * weight / weight_sum for weight in weights]
    counts = [int(share) for share in shares]
    by_remainder = sorted(range(len(weights)), key=lambda i: counts[i] - shares[i])
    for index in by_remainder[: spare - sum(counts)]:
        counts[index] += 1
    return [count + minimum for count in counts]


# --- programs -----------------------------------------------------------------------------


@dataclass
class _Plan:
    """One arrangement and its organization (one each, sharing the id)."""

    id: int
    organization: str
    kind: str
    specialty: str | None
    city: str
    state: str
    effective: date
    end: date | None
    weight: float  # relative size: number of providers and members
    partners: str
    clinical_ids: tuple[int, ...]
    is_demo: bool = True

    @property
    def slug(self) -> str:
        return _slugify(f"{self.organization} {self.city} {self.state}")

    @property
    def member_weight(self) -> float:
        return self.weight * (_SPECIALIST_MEMBER_WEIGHT if self.specialty else 1.0)

    @property
    def last_day(self) -> int:
        """Ordinal of the last day an ended period in this program can end."""
        return min(self.end or _LAST_PAST_DAY, _LAST_PAST_DAY).toordinal()


def _plan_programs(rng: random.Random) -> list[_Plan]:
    hcp = _Plan(1, HCP_ORGANIZATION, "multi_specialty_group", None, "Torrance", "CA", date(2013, 4, 1), None,
                4.0, HCP_ORGANIZATION, tuple(_CLINICAL_IDS.values()), is_demo=False)
    plans = [hcp]
    names = {hcp.organization}

    def group_name(patterns: Sequence[str], state: _State) -> tuple[str, str]:
        while True:
            city = rng.choice(state.cities)
            place = f"Greater {city}" if rng.random() < 0.15 else city
            name = rng.choice(patterns).format(place=place)
            if name not in names:
                names.add(name)
                return name, city

    def size() -> float:
        return min(4.0, max(0.25, rng.lognormvariate(0.0, 0.75)))

    def partners(city: str, always: bool) -> str:
        if always or rng.random() < 0.25:
            return rng.choice(_HOSPITAL_NAMES).format(city=city)
        return ""

    year_weights = ((2008, 1), (2009, 2), (2010, 3), (2011, 5), (2012, 8), (2013, 10), (2014, 10), (2015, 9),
                    (2016, 8), (2017, 6), (2018, 5), (2019, 4), (2020, 3), (2021, 3))
    kind_weights = [(kind, weight) for kind, weight, _ in _PRIMARY_CARE_KINDS]
    patterns_by_kind = {kind: patterns for kind, _, patterns in _PRIMARY_CARE_KINDS}
    for state in _STATE_TABLE:
        for _ in range(state.programs - (1 if state.code == hcp.state else 0)):
            kind = _weighted(rng, kind_weights)
            name, city = group_name(patterns_by_kind[kind], state)
            effective = date(_weighted(rng, year_weights), 1 if rng.random() < 0.4 else rng.randint(1, 12), 1)
            offered = tuple(sorted(rng.sample(list(_CLINICAL_IDS.values()), rng.randint(3, 5))))
            # A physician hospital organization always names its hospital; an integrated
            # delivery system has its own facilities.
            partner = "" if kind == "integrated_delivery_system" else partners(
                city, always=kind == "physician_hospital_organization"
            )
            plans.append(_Plan(len(plans) + 1, name, kind, None, city, state.code, effective, None, size(),
                               partner, offered))
    primary_care = plans[1:]

    state_weights = [(state, state.programs) for state in _STATE_TABLE]
    for specialty, patterns in _SPECIALIST_GROUP_NAMES.items():
        offered = tuple(sorted(_CLINICAL_IDS[code] for code in _SPECIALTY_CLINICAL_PROGRAMS[specialty]))
        for pattern in patterns:
            state = _weighted(rng, state_weights)
            name, city = group_name((pattern,), state)
            effective = date(rng.randint(2014, 2021), 1 if rng.random() < 0.4 else rng.randint(1, 12), 1)
            plans.append(_Plan(len(plans) + 1, name, "specialist_group", specialty, city, state.code, effective,
                               None, size(), partners(city, always=False), offered))
    specialists = plans[len(primary_care) + 1:]

    ended = rng.sample(primary_care, _ENDED_PROGRAM_COUNT[0]) + rng.sample(specialists, _ENDED_PROGRAM_COUNT[1])
    for plan in ended:
        # The last day of a month, three or more years after the start and before 2025.
        first_after = _first_of_month_between(rng, date(plan.effective.year + 3, 2, 1), date(2024, 12, 31))
        plan.end = first_after - timedelta(days=1)
    return plans


def _program_texts(rng: random.Random, plan: _Plan) -> tuple[str, str, str, str]:
    """(program name, summary, payment model, care coordination) of a generated program."""
    where = f"{plan.city}, {STATES[plan.state]}"
    notice = "Demo data: this arrangement is generated for demonstration and is not a real program."
    kind = ORGANIZATION_KINDS[plan.kind].lower()
    article = "an" if kind[0] in "aeiou" else "a"
    possessive = plan.organization + ("'" if plan.organization.endswith("s") else "'s")
    if plan.specialty is None:
        name = f"Collaborative Care Arrangement (demo data) - {plan.organization}"
        about = (
            f"{notice} {plan.organization} is {article} {kind} in {where}. Under the arrangement the group is "
            "responsible and accountable for the health, affordability and experience of care of the "
            "population it serves."
        )
        patients = rng.choice((
            "Patients keep seeing their own doctors and care team. The group's care coordinators help people "
            "with chronic conditions, such as diabetes or heart disease, get the screenings and follow-up care "
            "they need.",
            "Patients do not need to do anything to take part: they keep their current doctor. The group "
            "focuses on preventive care and on helping people manage chronic conditions.",
            "The group's doctors and care coordinators work with the health plan's case managers so that "
            "patients get coordinated care, especially when they see several doctors.",
        ))
    else:
        specialty = SPECIALTIES[plan.specialty].lower()
        name = f"Collaborative Care for Specialists: {SPECIALTIES[plan.specialty]} (demo data) - " + plan.organization
        about = (
            f"{notice} {plan.organization} is a specialist group in {where} practicing {specialty}. Under the "
            "arrangement the group works to improve the quality and affordability of the specialty care it "
            "provides."
        )
        patients = rng.choice((
            "The group works with patients' primary care doctors and the health plan's case managers to "
            "coordinate care before and after specialist visits.",
            "Patients keep their specialist and care team; the group's care coordinators help them follow "
            "their care plan between visits.",
        ))
    payment = rng.choice((
        "Demo data: the group is paid for the medical and care coordination services it provides and can "
        "earn a \u201cpay for value\u201d reward for meeting targets for improving quality and lowering "
        "medical costs.",
        "Demo data: the health plan compensates the group for its medical and care coordination services; "
        "through a \u201cpay for value\u201d structure the group is also rewarded when it meets targets for "
        "improving quality and lowering medical costs.",
    ))
    offered = [_CLINICAL_PROGRAMS[cid - 1][1].lower() for cid in plan.clinical_ids]
    listed = offered[0] if len(offered) == 1 else ", ".join(offered[:-1]) + " and " + offered[-1]
    coordination = (
        f"{possessive} care coordinators, typically registered nurses employed by the group, work "
        "with patients, especially people with chronic conditions, to make sure they get the screenings and "
        "follow-up care they need, and work closely with the health plan's case managers.\n\n"
        f"They can also help patients join the {listed} program{'s' if len(offered) > 1 else ''}."
    )
    return name, f"{about}\n\n{patients}", payment, coordination


def _write_directory(loader: _Loader, rng: random.Random, plans: list[_Plan]) -> None:
    organizations, programs, offers = (loader.rows(t) for t in ("organizations", "programs",
                                                                "program_clinical_programs"))
    for plan in plans:
        if plan.is_demo:
            name, summary, payment, coordination = _program_texts(rng, plan)
            website: str | None = f"https://{_slugify(plan.organization)}.example.org"
            last_updated = _first_of_month_between(
                rng, (plan.end or plan.effective) + timedelta(days=60), _LAST_PAST_DAY
            )
        else:
            name, summary = _HCP_PROGRAM, _HCP_SUMMARY
            payment, coordination = _HCP_PAYMENT_MODEL, _HCP_CARE_COORDINATION
            website, last_updated = None, date(2014, 6, 1)
        organizations.append((plan.id, f"ORG{plan.id:05d}", plan.organization, plan.kind, plan.city, plan.state,
                              website, plan.is_demo))
        programs.append((plan.id, plan.slug, plan.id, name, "specialist" if plan.specialty else "primary_care",
                         plan.specialty, plan.city, plan.state, plan.effective, plan.end, payment, summary,
                         plan.partners, coordination, last_updated, plan.is_demo))
        offers.extend((plan.id, clinical_id) for clinical_id in plan.clinical_ids)


def _write_catalog(loader: _Loader) -> None:
    clinical = loader.rows("clinical_programs")
    for (code, name, category, summary, description, audience, first_step) in _CLINICAL_PROGRAMS:
        clinical.append((_CLINICAL_IDS[code], code, name, category, summary, description, audience,
                         _AFTER_JOINING.format(first_step=first_step), _LEAVE_ANY_TIME, dict(_ELIGIBILITY), True))
    loader.rows("consent_texts").append((1, CONSENT_VERSION, _CONSENT_BODY, _CONSENT_EFFECTIVE))


# --- providers and care coordinators -------------------------------------------------------


@dataclass
class _Staff:
    """Who can be named on an attribution, per program id."""

    current_pcps: dict[int, list[int]]  # primary care providers participating today
    all_pcps: dict[int, list[int]]  # every primary care provider of the group (for past periods)
    coordinators: dict[int, list[int]]


def _provider_counts(rng: random.Random, plans: list[_Plan], scale: _Scale) -> list[tuple[int, int]]:
    """(primary care, specialists) per program."""
    totals = scale.providers
    if totals is None:
        counts = []
        for plan in plans:
            if plan.specialty:
                counts.append((0, rng.randint(6, 10)))
            else:
                total = rng.randint(10, 14)
                specialist_count = 0 if plan.kind == "large_primary_care_practice" else rng.randint(2, 3)
                counts.append((total - specialist_count, specialist_count))
        return counts

    def split(group: list[_Plan], total: int, minimum: int) -> dict[int, int]:
        return dict(zip((p.id for p in group), _apportion(total, [p.weight for p in group], minimum), strict=True))

    primary_care = [plan for plan in plans if plan.specialty is None]
    pcps = split(primary_care, totals.primary_care, 20)
    specialists = split([plan for plan in plans if plan.specialty], totals.specialist_groups, 50)
    # Large primary care practices have no specialists.
    specialists |= split([plan for plan in primary_care if plan.kind != "large_primary_care_practice"],
                         totals.other_specialists, 10)
    return [(pcps.get(plan.id, 0), specialists.get(plan.id, 0)) for plan in plans]


def _participation(rng: random.Random, plan: _Plan, may_end: bool) -> tuple[date, date | None]:
    """A participation period: from the program's start (or later), ending with the program
    or, for a few providers, when they stopped participating."""
    effective = plan.effective.toordinal()
    last_start = (plan.end or _LAST_PARTICIPATION_START).toordinal()
    start = effective if rng.random() < 0.4 else effective + rng.randrange(last_start - effective + 1)
    if plan.end:
        return date.fromordinal(start), plan.end
    end = None
    if may_end and rng.random() < _PARTICIPATION_ENDED_SHARE:
        earliest_end = start + 90
        if earliest_end < _LAST_PAST_DAY.toordinal():
            end = date.fromordinal(rng.randint(earliest_end, _LAST_PAST_DAY.toordinal()))
    return date.fromordinal(start), end


def _write_providers(loader: _Loader, rng: random.Random, plans: list[_Plan], scale: _Scale) -> _Staff:
    providers, participations = loader.rows("providers"), loader.rows("provider_participations")
    staff = _Staff({p.id: [] for p in plans}, {p.id: [] for p in plans}, {p.id: [] for p in plans})
    by_state: dict[str, list[_Plan]] = {}
    for plan in plans:
        by_state.setdefault(plan.state, []).append(plan)
    npi_offset = rng.randrange(_NPI_BASE)
    provider_id = participation_id = 0
    for plan, (primary_count, specialist_count) in zip(plans, _provider_counts(rng, plans, scale), strict=True):
        group_specialties = _GROUP_SPECIALTIES[plan.specialty] if plan.specialty else _OTHER_SPECIALTIES
        neighbours = [other for other in by_state[plan.state] if other is not plan]
        for index in range(primary_count + specialist_count):
            provider_id += 1
            is_primary_care = index < primary_count
            if is_primary_care:
                credential = _weighted(rng, _CREDENTIALS_PRIMARY)
                specialty = _weighted(rng, _PRIMARY_CARE_SPECIALTIES)
            else:
                credential = _weighted(rng, _CREDENTIALS_SPECIALIST)
                specialty = _weighted(rng, group_specialties)
            npi = make_npi(_NPI_BASE + (npi_offset + provider_id * _NPI_STRIDE) % _NPI_BASE)
            providers.append((provider_id, npi, rng.choice(_FIRST_NAMES), rng.choice(_LAST_NAMES), credential,
                              specialty, plan.id, is_primary_care))
            # The first two primary care providers always stay, so every group has a PCP today.
            start, end = _participation(rng, plan, may_end=index >= 2)
            participation_id += 1
            participations.append((participation_id, provider_id, plan.id, start, end))
            if is_primary_care:
                staff.all_pcps[plan.id].append(provider_id)
                if end is None:
                    staff.current_pcps[plan.id].append(provider_id)
            if neighbours and rng.random() < _SECOND_PARTICIPATION_SHARE:
                other = rng.choice(neighbours)
                start, end = _participation(rng, other, may_end=True)
                participation_id += 1
                participations.append((participation_id, provider_id, other.id, start, end))
            loader.flush_if_full()
    return staff


def _write_coordinators(loader: _Loader, rng: random.Random, plans: list[_Plan], scale: _Scale,
                        staff: _Staff) -> None:
    rows = loader.rows("care_coordinators")
    current_weight = sum(plan.member_weight for plan in plans if plan.end is None)
    coordinator_id = 0
    for plan in plans:
        if scale.members_per_coordinator is None:
            count = rng.randint(2, 4)
        else:
            expected = scale.members * plan.member_weight / current_weight if plan.end is None else 0
            count = max(2, round(expected / scale.members_per_coordinator))
        domain = f"{_slugify(plan.organization)}.example.org"
        area_code = _STATES_BY_CODE[plan.state].area_code
        emails: set[str] = set()
        for _ in range(count):
            coordinator_id += 1
            first, last = rng.choice(_FIRST_NAMES), rng.choice(_LAST_NAMES)
            local = f"{name_key(first)}.{name_key(last)}"
            email, suffix = f"{local}@{domain}", 1
            while email in emails:
                suffix += 1
                email = f"{local}{suffix}@{domain}"
            emails.add(email)
            credential = "RN, CCM" if rng.random() < 0.25 else "RN"
            # 555-0100 to 555-0199 are reserved for fictional use.
            phone = f"{area_code}-555-01{rng.randrange(100):02d}"
            rows.append((coordinator_id, plan.id, first, last, credential, phone, email, True))
            staff.coordinators[plan.id].append(coordinator_id)
    loader.flush_if_full()


# --- members, attributions, enrollments ----------------------------------------------------


def _past_period(rand: Callable[[], float], first_day: int, last_day: int) -> tuple[int, int] | None:
    """A period of at least 30 days within [first_day, last_day] (ordinals), or None."""
    if last_day - first_day < 60:
        return None
    start = first_day + int(rand() * (last_day - first_day - 30))
    end = start + 30 + int(rand() * (last_day - start - 30))
    return start, end


@dataclass(frozen=True, slots=True)
class _Target:
    """What attributing a member to one program needs, precomputed for the member loop."""

    program_id: int
    state: str
    zip3: tuple[str, ...]
    first_day: int  # ordinal of the program's effective date
    last_day: int  # ordinal of the last day an ended attribution can end
    current_pcps: list[int]
    all_pcps: list[int]
    coordinators: list[int]
    clinical_ids: tuple[int, ...]


def _write_members(loader: _Loader, rng: random.Random, plans: list[_Plan], staff: _Staff, scale: _Scale,
                   progress: Callable[[str], None]) -> None:
    # This loop runs millions of times: names are bound locally and per-program data is
    # precomputed, and ordinals (ints) stand in for dates until a row is built.
    rand = rng.random
    targets = [
        _Target(plan.id, plan.state, _STATES_BY_CODE[plan.state].zip3, plan.effective.toordinal(), plan.last_day,
                staff.current_pcps[plan.id], staff.all_pcps[plan.id], staff.coordinators[plan.id],
                plan.clinical_ids)
        for plan in plans
    ]
    current = [target for target, plan in zip(targets, plans, strict=True) if plan.end is None]
    current_cum = list(accumulate(plan.member_weight for plan in plans if plan.end is None))
    all_cum = list(accumulate(plan.member_weight for plan in plans))
    first_names, last_names = _FIRST_NAMES, _LAST_NAMES
    last_name_keys = {last: name_key(last) for last in last_names}
    dob_ranges = [(low.toordinal(), high.toordinal() - low.toordinal() + 1) for low, high in _DOB_RANGES]
    as_of = ATTRIBUTIONS_AS_OF.toordinal()
    from_ordinal = date.fromordinal
    members, attributions, enrollments = (loader.rows(t) for t in ("members", "attributions", "enrollments"))
    codes: set[str] = set()
    member_number = 100_000_000
    attribution_id = enrollment_id = 0

    for member_pk in range(1, scale.members + 1):
        member_number += 1 + int(rand() * 300)  # increasing and unique, but not consecutive
        first = first_names[int(rand() * len(first_names))]
        last = last_names[int(rand() * len(last_names))]
        low, span = dob_ranges[0] if rand() < 0.12 else dob_ranges[1]
        born = low + int(rand() * span)

        target: _Target | None = None
        if rand() < _MEMBER_ENDED_ONLY_SHARE:
            # No current attribution, only one that has ended (a few tries to find one that fits).
            for _ in range(5):
                candidate = targets[bisect(all_cum, rand() * all_cum[-1])]
                period = _past_period(rand, max(candidate.first_day, born), candidate.last_day)
                if period:
                    target = candidate
                    attribution_id += 1
                    attributions.append(_past_attribution(rand, attribution_id, member_pk, target, period))
                    break
        if target is None:
            target = current[bisect(current_cum, rand() * current_cum[-1])]
            first_day = max(target.first_day, born)
            start = first_day + int(rand() * (as_of - first_day + 1))
            if rand() < _MEMBER_EARLIER_SHARE:
                earlier = targets[bisect(all_cum, rand() * all_cum[-1])]
                period = _past_period(rand, max(earlier.first_day, born), min(earlier.last_day, start - 1))
                if earlier is not target and period:
                    attribution_id += 1
                    attributions.append(_past_attribution(rand, attribution_id, member_pk, earlier, period))
            pcps, coordinators = target.current_pcps, target.coordinators
            attribution_id += 1
            attributions.append((
                attribution_id, member_pk, target.program_id,
                pcps[int(rand() * len(pcps))] if pcps else None,
                coordinators[int(rand() * len(coordinators))],
                from_ordinal(start), None,
            ))
            if born <= _ADULT_BORN_BY and target.clinical_ids and rand() < _ENROLLING_SHARE:
                joined = 2 if len(target.clinical_ids) > 1 and rand() < 0.2 else 1
                for clinical_id in rng.sample(target.clinical_ids, joined):
                    enrollment_id += 1
                    enrollments.append(_enrollment(rng, codes, enrollment_id, member_pk, clinical_id))

        zip3 = target.zip3
        members.append((member_pk, f"CC{member_number:09d}", first, last, last_name_keys[last], from_ordinal(born),
                        f"{zip3[int(rand() * len(zip3))]}{1 + int(rand() * 99):02d}", target.state))
        if len(members) >= loader.batch_size:
            loader.flush()
        if member_pk % PROGRESS_EVERY == 0:
            progress(f"members: {member_pk:,} of {scale.members:,}")


def _past_attribution(rand: Callable[[], float], attribution_id: int, member_pk: int, target: _Target,
                      period: tuple[int, int]) -> Row:
    pcps, coordinators = target.all_pcps, target.coordinators
    return (attribution_id, member_pk, target.program_id, pcps[int(rand() * len(pcps))] if pcps else None,
            coordinators[int(rand() * len(coordinators))], date.fromordinal(period[0]), date.fromordinal(period[1]))


def _enrollment(rng: random.Random, codes: set[str], enrollment_id: int, member_pk: int, clinical_id: int) -> Row:
    enrolled_at = _ENROLLMENTS_FROM + timedelta(seconds=rng.randrange(_ENROLLMENT_SPAN_SECONDS))
    while (code := "EN-" + "".join(rng.choices(_CODE_ALPHABET, k=8))) in codes:
        pass
    codes.add(code)
    withdrawn_at, reason = None, None
    status = "withdrawn" if rng.random() < 0.15 else "active"
    if status == "withdrawn":
        withdrawn_at = enrolled_at + timedelta(days=rng.randint(1, 45), seconds=rng.randrange(86_400))
        reason = rng.choice(_WITHDRAW_REASONS)
    return (enrollment_id, member_pk, clinical_id, status, code, 1, enrolled_at,
            _weighted(rng, _CONTACT_PREFERENCES), rng.choice(_CONTACT_TIMES), enrolled_at, withdrawn_at, reason)


# --- entry point ----------------------------------------------------------------------------


def _ensure_empty(connection: Connection) -> None:
    for name, _ in _TABLE_COLUMNS:
        table: Table = Base.metadata.tables[name]
        if connection.execute(select(literal(1)).select_from(table).limit(1)).first():
            raise SeedError(f"The database already holds data (table {name}); the seed only loads an empty one.")


def seed_database(
    engine: Engine,
    scale: str,
    *,
    rng_seed: int = DEFAULT_RNG_SEED,
    progress: Callable[[str], None] = lambda message: None,
) -> dict[str, int]:
    """Load the deterministic data set of `scale` ("demo" or "full") into an empty database,
    in one transaction. Returns the number of rows written per table."""
    if scale not in SCALES:
        raise SeedError(f"Unknown scale {scale!r}: choose one of {', '.join(SCALES)}.")
    spec = _SCALES[scale]

    def phase_rng(phase: str) -> random.Random:
        # One stream per phase: the directory comes out the same whatever the scale.
        return random.Random(f"{rng_seed}:{phase}")

    with engine.begin() as connection:
        _ensure_empty(connection)
        loader = _Loader(connection)
        plans = _plan_programs(phase_rng("programs"))
        _write_catalog(loader)
        _write_directory(loader, phase_rng("program-texts"), plans)
        states = len({plan.state for plan in plans if plan.specialty is None})
        progress(f"programs: {len(plans)} ({sum(1 for p in plans if p.specialty is None)} primary care "
                 f"in {states} states)")
        loader.flush()
        bulk_tables = [table for table, _ in loader.tables if table.name in _BULK_TABLES]
        with deferred_indexes_and_keys(connection, bulk_tables):
            staff = _write_providers(loader, phase_rng("providers"), plans, spec)
            _write_coordinators(loader, phase_rng("coordinators"), plans, spec, staff)
            loader.flush()
            progress(f"providers: {loader.counts['providers']:,}; care coordinators: "
                     f"{loader.counts['care_coordinators']:,}")
            _write_members(loader, phase_rng("members"), plans, staff, spec, progress)
            loader.flush()
            progress(f"members: {loader.counts['members']:,}; attributions: {loader.counts['attributions']:,}; "
                     f"enrollments: {loader.counts['enrollments']:,}; building indexes")
        reset_sequences(connection, [table for table, _ in loader.tables])
    return loader.counts
