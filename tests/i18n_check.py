"""Finds text users read that is not in the translation catalogs.

Used by tests/test_translations.py over the whole portal, and by hand while translating:

    python -m tests.i18n_check [--fragment FILE.po] [FILE_OR_DIR ...]

prints, for the given files (default: all of portal/),
1. visible template text outside gettext: text nodes and the attributes people read (alt,
   title, placeholder, aria-label, data-label...), and literal strings passed to macros;
2. Python strings shown to users that are not marked: flash(), fail(), user-facing errors
   raised by services, WTForms labels, choices and validator messages, e-mail subjects;
3. with --fragment (or --catalog), the marked msgids of those files that the .po file lacks or
   leaves untranslated.
"""
from __future__ import annotations

import argparse
import ast
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po
from jinja2 import Environment
from jinja2.ext import i18n

ROOT = Path(__file__).resolve().parent.parent
PORTAL = ROOT / "portal"
CATALOG = PORTAL / "translations" / "es" / "LC_MESSAGES" / "messages.po"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None,
            "lazy_ngettext": (1, 2), "pgettext": ((1, "c"), 2), "npgettext": ((1, "c"), 2, 3)}

# Attributes whose value a person reads or hears.
READ_ATTRIBUTES = frozenset({"alt", "title", "placeholder", "aria-label", "aria-description", "aria-roledescription",
                             "data-label", "label", "data-confirm"})
# Words: two letters or more with a lower-case one (so "NPI", "CSV", "API" and "988" alone pass).
PROSE = re.compile(r"[A-Za-zÀ-ÿ]*[a-zà-ÿ][A-Za-zÀ-ÿ]*")
# A literal in a template expression that is prose: "Sign in", "My programs" (not 'public.home',
# 'button primary', 'patient').
PROSE_LITERAL = re.compile(r"^[A-Z][a-z]+\b|\w+ \w+ \w+")
ATTRIBUTES_ONLY = re.compile(r'(\s*[\w:-]+="[^"]*")+\s*')
# Text that is the same in every language.
SAME_IN_EVERY_LANGUAGE = frozenset({"Collaborative Care", "Collaborative Care Partner Portal", "English", "Español",
                                    "NPI", "CSV", "PDF", "API", "JSON", "OpenAPI", "curl", "Bearer", "OK"})

# Errors services raise with a message for the user (views show str(error)).
USER_ERRORS = frozenset({"AccountError", "VerificationError", "EnrollmentError", "BatchFileError", "ImportFileError",
                         "OutboxError", "SupportError", "ContactRequestError", "RequestNotFound", "CareError",
                         "SecondFactorError", "WeakPassword", "InvalidNPI", "ValidationError", "StopValidation"})
VALIDATORS = frozenset({"DataRequired", "InputRequired", "Length", "Email", "EqualTo", "NumberRange", "Regexp",
                        "Optional", "AnyOf", "NoneOf", "URL"})
# Where strings are for programs or operators, not people reading pages: the JSON API, the CLI,
# configuration, the seed data.
NOT_FOR_READERS = ("portal/cli.py", "portal/config.py", "portal/blueprints/api/views.py",
                   "portal/blueprints/api/openapi.py", "portal/services/seed/", "portal/jobs/", "portal/models/",
                   "portal/services/db_roles.py")


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.text}"


def _relative(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def _needs_translation(text: str) -> bool:
    text = " ".join(text.split())
    if not text or text in SAME_IN_EVERY_LANGUAGE:
        return False
    return any(len(word) >= 2 for word in PROSE.findall(text))


class _Text(HTMLParser):
    """Collects the text nodes and read attributes of a template's HTML (Jinja parts blanked)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "code"):
            self._skip += 1
        types = dict(attrs)
        for name, value in attrs:
            readable = name in READ_ATTRIBUTES or (name == "value" and tag == "input"
                                                   and types.get("type") in ("submit", "button", "reset"))
            if readable and value and _needs_translation(value.replace("\u2026", " ")):
                self.found.append((self.getpos()[0], f'{name}="{value}"'))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "code") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if ATTRIBUTES_ONLY.fullmatch(data):  # a macro that writes attributes for a tag elsewhere
            return
        if not self._skip and _needs_translation(data.replace("\u2026", " ")):
            self.found.append((self.getpos()[0], " ".join(data.replace("\u2026", "…").split())))


_ENV = Environment(extensions=[i18n])


def template_findings(path: Path) -> list[Finding]:
    """Visible text outside {{ _() }} / {% trans %} in one Jinja template, and prose literals
    handed to macros or filters outside gettext."""
    source = path.read_text(encoding="utf-8")
    pieces: list[str] = []
    findings: list[Finding] = []
    in_trans = False
    in_comment_block = False
    previous: list[tuple[str, str]] = []
    calls: list[bool] = []  # the open parentheses of the expression: whether each is a gettext call
    plain_text = path.suffix == ".txt"
    for lineno, token, value in _ENV.lex(source):
        if token == "name" and previous and previous[-1][0] == "block_begin":
            if value in ("trans", "pluralize"):
                in_trans = True
            elif value == "endtrans":
                in_trans = False
        if token == "data":
            if in_trans or in_comment_block:
                pieces.append("\u2026" + "\n" * value.count("\n"))
            else:
                pieces.append(value)
        else:
            newlines = value.count("\n") if isinstance(value, str) else 0
            # A value is a stand-in character; a block (if, for) a space, so that one inside a tag
            # (<body{% if x %} data-x{% endif %}>) leaves the tag readable.
            pieces.append({"variable_begin": "\u2026", "block_begin": " "}.get(token, "") + "\n" * newlines)
            if token == "string" and not in_trans:
                value = value[1:-1] if value[:1] in "'\"" else value
                called = [t for t, v in previous[-2:]]
                marked = any(calls)  # an argument of _(), ngettext() (its plural too)...
                if not marked and PROSE_LITERAL.search(value) and value not in SAME_IN_EVERY_LANGUAGE \
                        and "/" not in value and "." not in value.rstrip(".") and "_" not in value and called != ["name", "=="]:
                    findings.append(Finding(_relative(path), lineno, f"literal {value!r}"))
        if token == "operator" and value == "(":
            calls.append(bool(previous) and previous[-1][0] == "name" and previous[-1][1] in KEYWORDS)
        elif token == "operator" and value == ")" and calls:
            calls.pop()
        elif token in ("variable_end", "block_end"):
            calls.clear()
        if token != "whitespace":
            previous.append((token, value))
            previous = previous[-3:]
    text = "".join(pieces)
    if plain_text:
        for number, line in enumerate(text.splitlines(), 1):
            if _needs_translation(line.replace("\u2026", " ")):
                findings.append(Finding(_relative(path), number, " ".join(line.replace("\u2026", "…").split())))
        return findings
    parser = _Text()
    parser.feed(text)
    parser.close()
    findings.extend(Finding(_relative(path), line, found) for line, found in parser.found)
    return sorted(findings, key=lambda f: f.line)


def _is_text(node: ast.AST | None) -> bool:
    """A string literal or f-string with words in it (not an empty string or an identifier)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return " " in node.value.strip() or bool(re.match(r"^[A-Z][a-z]+", node.value))
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(part, ast.Constant) and _is_text(part) for part in node.values)
    return False


def _name(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def python_findings(path: Path) -> list[Finding]:
    """User-facing string literals that gettext does not wrap, in one Python module."""
    relative = _relative(path)
    if relative.startswith(NOT_FOR_READERS):
        return []
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    findings: list[Finding] = []

    def flag(node: ast.AST, what: str) -> None:
        findings.append(Finding(relative, node.lineno, what))

    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _name(node.func)
        args = node.args
        keywords = {k.arg: k.value for k in node.keywords if k.arg}
        if name == "flash" and args and _is_text(args[0]):
            flag(node, "flash() of an unmarked string")
        elif name == "fail" and len(args) >= 2 and _is_text(args[1]):
            flag(node, "fail() with an unmarked message")
        elif name in USER_ERRORS and args and _is_text(args[0]):
            flag(node, f"{name}() with an unmarked message")
        elif name.endswith("Field") and ((args and _is_text(args[0])) or _is_text(keywords.get("label"))
                                         or _is_text(keywords.get("description"))):
            flag(node, f"{name} label not marked")
        elif name in VALIDATORS and (_is_text(keywords.get("message")) or (args and _is_text(args[-1]))):
            flag(node, f"{name} message not marked")
        elif name in ("Rendered", "Confirmation") and any(_is_text(value) for value in (*args, *keywords.values())):
            flag(node, f"{name}() with unmarked text")
        if _is_text(keywords.get("subject")):
            flag(node, "subject not marked")
        choices = keywords.get("choices")
        if isinstance(choices, (ast.List, ast.Tuple)):
            for choice in choices.elts:
                if isinstance(choice, ast.Tuple) and len(choice.elts) == 2 and _is_text(choice.elts[1]):
                    flag(choice, "choice label not marked")
    return findings


def _files(paths: Iterable[Path]) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix in (".py", ".html", ".txt") and "__pycache__" not in child.parts \
                        and ("templates" in child.parts or child.suffix == ".py"):
                    yield child
        elif path.is_file():
            yield path


def findings(paths: Iterable[Path]) -> list[Finding]:
    """Unmarked text in the templates and Python modules under `paths`."""
    found: list[Finding] = []
    for path in _files(paths):
        found.extend(python_findings(path) if path.suffix == ".py" else template_findings(path))
    return found


def msgids(paths: Iterable[Path]) -> dict[tuple[str | tuple[str, ...], str | None], str]:
    """Every marked message in `paths`, with its context (pgettext) -> where it is (the same
    extraction as babel.cfg)."""
    found: dict[tuple[str | tuple[str, ...], str | None], str] = {}
    for path in _files(paths):
        method = "python" if path.suffix == ".py" else "jinja2"
        options = {"extensions": "jinja2.ext.i18n", "newstyle_gettext": "true"} if method == "jinja2" else {}
        for lineno, message, _comments, context in extract_from_file(method, str(path), keywords=KEYWORDS,
                                                                      options=options):
            found.setdefault((message, context), f"{_relative(path)}:{lineno}")
    return found


def missing_translations(paths: Iterable[Path], catalog_path: Path) -> list[Finding]:
    """Marked messages of `paths` that the catalog lacks, leaves empty or marks fuzzy."""
    with catalog_path.open("rb") as handle:
        catalog = read_po(handle)
    problems: list[Finding] = []
    for (message, context), where in msgids(paths).items():
        key = message[0] if isinstance(message, tuple) else message
        if not key:
            continue
        entry = catalog.get(key, context=context)
        file, _, line = where.rpartition(":")
        if entry is None:
            problems.append(Finding(file, int(line), f"not in {catalog_path.name}: {key!r}"))
            continue
        strings = entry.string if isinstance(entry.string, (tuple, list)) else (entry.string,)
        if entry.fuzzy or not all(strings):
            problems.append(Finding(file, int(line), f"no translation in {catalog_path.name}: {key!r}"))
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.i18n_check", description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", type=Path, default=[PORTAL])
    parser.add_argument("--fragment", "--catalog", type=Path, help="a .po file that must translate every msgid")
    args = parser.parse_args(argv)
    problems = findings(args.paths)
    if args.fragment:
        problems += missing_translations(args.paths, args.fragment)
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
