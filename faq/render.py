"""Answers are Markdown; this renders them as sanitized HTML and as plain text.

HTML: markdown-it-py (CommonMark, raw HTML disabled so it is escaped) followed by nh3
with a short allow-list of tags; links keep only local paths ("/...", not "//...") or
https URLs. Only knowledge-base text is rendered: a question is never part of an answer.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

_MARKDOWN = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
ALLOWED_TAGS = frozenset({"p", "ul", "ol", "li", "strong", "em", "a", "code", "br", "blockquote"})
_ALLOWED_ATTRIBUTES = {"a": {"href"}, "ol": {"start"}}
_MARKDOWN_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")


def markdown_links(markdown: str) -> list[tuple[str, str]]:
    """The (label, target) of every inline link in a Markdown text."""
    return _MARKDOWN_LINK.findall(markdown)


_PHONE_HREF = re.compile(r"(?:tel|sms):\+?[0-9]{3,15}")


def is_phone_href(url: str) -> bool:
    """A call or text-message link to a number: "tel:988", "sms:988"."""
    return _PHONE_HREF.fullmatch(url) is not None


def is_safe_href(url: str) -> bool:
    """A local path, an https URL or a phone number; nothing else may be a link target."""
    return ((url.startswith("/") and not url.startswith("//") and "\\" not in url) or url.startswith("https://")
            or is_phone_href(url))


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    if tag == "a" and attribute == "href":
        return value if is_safe_href(value) else None
    return value


def to_html(markdown: str) -> str:
    """Markdown rendered and sanitized."""
    return nh3.clean(
        _MARKDOWN.render(markdown),
        tags=set(ALLOWED_TAGS),
        attributes=_ALLOWED_ATTRIBUTES,
        attribute_filter=_keep_attribute,
        url_schemes={"https", "tel", "sms"},
        link_rel="noopener noreferrer",
    ).strip()


def to_text(markdown: str) -> str:
    """Markdown as readable plain text: list markers kept, links as 'label (path)'."""
    lines: list[str] = []
    numbering: list[int | None] = []  # one entry per open list: next number, or None for bullets
    prefix = ""
    for token in _MARKDOWN.parse(markdown):
        if token.type == "bullet_list_open":
            numbering.append(None)
        elif token.type == "ordered_list_open":
            numbering.append(int(token.attrGet("start") or 1))
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            numbering.pop()
            if not numbering:
                lines.append("")
        elif token.type == "list_item_open":
            number = numbering[-1]
            prefix = "- " if number is None else f"{number}. "
            if number is not None:
                numbering[-1] = number + 1
        elif token.type == "inline":
            indent = "  " * max(0, len(numbering) - 1)
            lines.append(indent + prefix + _inline_text(token.children or []))
            prefix = ""
        elif token.type == "paragraph_close" and not numbering:
            lines.append("")
    return "\n".join(lines).strip()


def _inline_text(children: Sequence[Token]) -> str:
    parts: list[str] = []
    href = ""
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "softbreak":
            parts.append(" ")
        elif child.type == "hardbreak":
            parts.append("\n")
        elif child.type == "link_open":
            href = str(child.attrGet("href") or "")
        elif child.type == "link_close" and href:
            if not is_phone_href(href):  # "call 911" needs no "(tel:911)" in plain text
                parts.append(f" ({href})")
            href = ""
    return "".join(parts)
