"""De-identification of the assistant's log (portal/assistant/masking.py): the labelled masking
set (planted identifiers of every Safe Harbor kind, with a held-out part), words that must
survive, and the evaluation set's questions, which masking must not make harder to answer."""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from faq import Assistant, load_knowledge_base
from faq.evaluation import Result, read_labelled
from portal.assistant import answers as assistant_service
from portal.assistant.masking import Masker, luhn_valid, mask_personal_data

MASKING_SET = Path(__file__).with_name("masking_eval.tsv")
EXTRA_SET = Path(__file__).with_name("masking_eval_extra.tsv")  # more development data, from another author
EVAL_SET = Path(__file__).with_name("faq_eval.tsv")
KINDS = {"name", "address", "zip", "date", "phone", "fax", "email", "ssn", "member_id", "mrn", "account", "card",
         "ip", "url"}
# Words of an identifier that may stay: a street type or a web address's scaffolding.
SCAFFOLDING = {"street", "st", "ave", "avenue", "road", "rd", "apt", "suite", "unit", "com", "www", "http", "https",
               "org", "net", "box", "po", "dr", "drive", "lane", "ln", "blvd",
               "de", "la", "del", "van", "der", "bin", "von", "da", "di", "el", "le"}  # and a name's particles


@dataclass(frozen=True)
class Row:
    split: str
    identifiers: tuple[tuple[str, str], ...]  # (kind, text as typed)
    keep: tuple[str, ...]
    question: str


def rows(path: Path = MASKING_SET) -> list[Row]:
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        result = []
        for row in reader:
            pairs = () if row["identifiers"] == "-" else tuple(
                zip(row["kinds"].split(","), row["identifiers"].split(" || "), strict=True))
            keep = () if row["keep"] == "-" else tuple(row["keep"].split(","))
            result.append(Row(row["split"], pairs, keep, row["question"]))
    return result


def _tokens(text: str) -> set[str]:
    return set(re.findall(r"[^\W_]+", text.lower()))


def leaked(kind: str, identifier: str, masked: str) -> bool:
    """Whether any telling part of a planted identifier is still in the masked text: the whole
    of it, or (for names, addresses, dates, ZIPs and numbers) any of its words or digit groups
    (a date's year alone may stay: Safe Harbor keeps years)."""
    if identifier in masked:
        return True
    if kind in ("url", "email", "ip"):
        return False
    left = _tokens(masked)
    for token in _tokens(identifier):
        if token in SCAFFOLDING or (len(token) < 3 and not (kind == "name" and len(token) == 2)):
            continue
        if kind == "date" and re.fullmatch(r"(19|20)\d\d", token):
            continue
        if token in left:
            return True
    return False


@pytest.fixture(scope="module")
def masker(app):
    with app.app_context():
        return assistant_service.masker(app.config["PORTAL_PAYER_NAME"])


def _figures(masker, split, path: Path = MASKING_SET):
    items = [r for r in rows(path) if r.split == split]
    planted = [(kind, ident, masker(r.question)) for r in items for kind, ident in r.identifiers]
    stored = [(kind, ident, masked) for kind, ident, masked in planted if leaked(kind, ident, masked)]
    lost = [(word, masker(r.question)) for r in items for word in r.keep if word.lower() not in masker(r.question).lower()]
    return planted, stored, lost


def test_the_set_covers_every_kind_with_a_held_out_part():
    items = rows()
    assert len(items) >= 150 and sum(r.split == "holdout" for r in items) >= len(items) / 3
    for split in ("dev", "holdout"):
        kinds = [kind for r in items if r.split == split for kind, _ in r.identifiers]
        assert set(kinds) == KINDS and all(kinds.count(kind) >= 5 for kind in KINDS)
    cards = [ident for r in items for kind, ident in r.identifiers if kind == "card"]
    assert all(luhn_valid(re.sub(r"\D", "", card)) for card in cards)


def test_no_identifier_of_the_development_part_is_stored(masker):
    planted, stored, lost = _figures(masker, "dev")
    assert len(planted) >= 250
    assert stored == []
    assert lost == []


def test_held_out_figures_do_not_fall_below_the_reported_ones(masker):
    """Never tuned on; the README reports these. The issue's target is 0 identifiers stored."""
    planted, stored, lost = _figures(masker, "holdout")
    assert len(stored) / len(planted) <= 0.045, stored
    assert len(lost) <= 1, lost


def test_the_extra_development_set_keeps_its_figures(masker):
    planted, stored, lost = _figures(masker, "extra", EXTRA_SET)
    assert len(planted) >= 500
    assert len(stored) / len(planted) <= 0.055, stored
    assert len(lost) <= 2, lost


def test_masking_does_not_change_the_answers_to_the_evaluation_set(masker):
    """Support sees and exports the masked form, so masking must not spoil what an ordinary question
    gets: every question of tests/faq_eval.tsv answered ideally as typed is answered ideally masked.
    (The other way happens: "[ZIP]" for a billing code reads as less of a topic word than "99213".)"""
    kb = load_knowledge_base()
    engine = Assistant(kb)
    spoiled = []
    for item in read_labelled(EVAL_SET, kb):
        masked = masker(item.question)
        if masked != item.question:
            before, after = engine.ask(item.question, item.audience), engine.ask(masked, item.audience)
            if Result(item, before, 0).ideal and not Result(item, after, 0).ideal:
                spoiled.append((item.question, masked))
    assert spoiled == []


@pytest.mark.parametrize("text, expected", [
    ("my member id is CC100000123", "my member id is [MEMBER ID]"),
    ("born 03/09/1975 or March 9, 1975 or 1975-03-09", "born [DATE] or [DATE] or [DATE]"),
    ("call (312) 555-0101 or +1 312.555.0101", "call [PHONE] or [PHONE]"),
    ("ssn 123-45-6789 or 123456789", "ssn [SSN] or [SSN]"),
    ("mail ana.n@example.com", "mail [EMAIL]"),
    ("how do I join the diabetes program", "how do I join the diabetes program"),
    ("my name is maria lopez and I can't sign in", "my name is [NAME] and I can't sign in"),
    ("This is for my son Jake, member CC 100 000 123", "This is for my son [NAME], member [MEMBER ID]"),
    ("I moved to 4500 W. Elm Avenue Apt 4B, Denver, CO 80219", "I moved to [ADDRESS] [ZIP]"),
    ("card 4111 1111 1111 1111 was charged", "card [CARD] was charged"),
    ("from 192.168.1.23 and 2001:db8::1", "from [IP ADDRESS] and [IP ADDRESS]"),
    ("see https://example.com/reset?token=abc.", "see [URL]."),
    ("MRN 4471209 and acct # 55-1029-3", "MRN [RECORD NUMBER] and acct # [ACCOUNT NUMBER]"),
    ("born the 9th of March 1975, joined in 2019", "born [DATE], joined in 2019"),
    ("Is Dr. Smith in the program? NPI 1234567893", "Is Dr. Smith in the program? NPI 1234567893"),
    ("I am 64 and enrolled in 2 programs", "I am 64 and enrolled in 2 programs"),
])
def test_masking_examples(text, expected):
    assert mask_personal_data(text) == expected


def test_card_numbers_need_a_valid_check_digit():
    assert luhn_valid("4111111111111111") and not luhn_valid("4111111111111112")
    assert mask_personal_data("paid with 4012888888881881") == "paid with [CARD]"
    assert "[CARD]" not in mask_personal_data("paid with 4012888888881882")


def test_private_use_characters_do_not_break_masking(client):
    assert mask_personal_data("\uf8ff my name is Maria Lopez \ue000") == "  my name is [NAME]  "
    reply = client.post("/api/v1/assistant/ask", json={"question": "I want to kill myself \uf8ff"})
    assert reply.status_code == 200 and reply.json["outcome"] == "emergency"


def test_known_words_are_not_taken_for_names():
    assert Masker({"care", "partners"})("Is Care Partners Medical in Torrance?") == "Is Care Partners Medical in Torrance?"


def test_masking_never_changes_what_the_safety_check_decides(masker):
    """Support reviews the masked form: a masked emergency must still read as one ("my husband
    isn't breathing" keeps its words), and a masked near-miss as none."""
    from faq.safety import SafetyCheck
    from faq.safety_eval import read_safety_set

    check = SafetyCheck()
    items = [i for name in ("safety_eval.tsv", "safety_eval_extra.tsv")
             for i in read_safety_set(Path(__file__).with_name(name)) if i.split != "holdout"]
    changed = [i.question for i in items if check(i.question) != check(masker(i.question))]
    assert changed == []
