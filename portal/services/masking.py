"""Masking of personal data in free text before it is stored (the assistant's log).

Replaced, in this order: e-mail addresses, SSN-like numbers (123-45-6789, 123 45 6789,
nine digits in a row), phone numbers (US formats, optional +1), dates (2026-03-09,
03/09/1975, 3-9-75, "March 9, 1975", "9 March 1975"), member IDs (two letters and 6+ digits,
as on the ID card, and any other run of 6 or more digits). What stays is enough to read the
question: "my member id is [MEMBER ID] and I was born [DATE]".
"""
from __future__ import annotations

import re

_MONTHS = ("jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
           "sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?")

_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.IGNORECASE), "[EMAIL]"),
    (re.compile(r"(?<!\d)\d{3}[- ]\d{2}[- ]\d{4}(?!\d)"), "[SSN]"),
    (re.compile(r"(?<![\w])(?:\+?1[-. ]?)?(?:\(\d{3}\)|\d{3})[-. ]?\d{3}[-. ]\d{4}(?!\d)"), "[PHONE]"),
    (re.compile(r"(?<!\d)\d{4}-\d{1,2}-\d{1,2}(?!\d)"), "[DATE]"),
    (re.compile(r"(?<!\d)\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})(?!\d)"), "[DATE]"),
    (re.compile(rf"\b(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?\b", re.IGNORECASE), "[DATE]"),
    (re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})\.?(?:,?\s+\d{{4}})?\b", re.IGNORECASE), "[DATE]"),
    (re.compile(r"\b[A-Za-z]{1,3}-?\d{6,}\b"), "[MEMBER ID]"),
    (re.compile(r"(?<!\d)\d{9}(?!\d)"), "[SSN]"),
    (re.compile(r"(?<!\d)\d{6,}(?!\d)"), "[NUMBER]"),
)


def mask_personal_data(text: str) -> str:
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text
