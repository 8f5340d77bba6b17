"""The knowledge base: topics read from YAML, the portal's site map and fixed replies.

Layout of a knowledge directory (the package's own is `faq/knowledge/`):

    topics/*.yaml         one file per topic group: {"topics": [topic, ...]}
    site.yaml             page name -> portal path; the only paths links may use
    responses.yaml        fixed replies: fallback, emergency, clarify, ...
    required_topics.txt   topic ids that must exist, one per line
    context.yaml          (optional) what follow-ups can swap: groups of values, their words and topics
    <lang>/               another language (e.g. es/): topics/*.yaml, responses.yaml, context.yaml

Another language's topics have the English topics' ids (every one, no other); each has `id`,
`question`, `alternates`, `keywords`, `answer` and `links`, and takes `audience` and
`related` from the English topic of its id (if it states them, they must be the same). Its
responses have the English keys; its context.yaml the English groups and values, in its
own words. Links follow the same site.yaml.

`load_knowledge_base()` reads and checks it and raises `KnowledgeBaseError` listing
every problem; `read_knowledge_base()` + `check_knowledge_base()` return the problems
instead (that is what `python -m faq check` prints).
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from faq.language import DEFAULT_LANGUAGE, LANGUAGES, profile
from faq.render import is_phone_href, markdown_links
from faq.text import Analyzer

KNOWLEDGE_DIR = Path(__file__).resolve().parent / "knowledge"
DEFAULT_PAYER_NAME = "Cigna"
PAYER_PLACEHOLDER = "{payer}"
AUDIENCES = ("patient", "provider", "all")
ASKING_AUDIENCES = ("patient", "provider")
RESPONSE_KEYS = (
    "emergency_medical", "emergency_crisis", "emergency_violence", "emergency_poison", "emergency_spanish",
    "distress", "fallback", "medical_advice", "benefits", "other_language", "empty", "clarify",
    "fallback_person", "rejected", "closing", "greeting",
)
_TOPIC_FIELDS = ("id", "audience", "question", "alternates", "keywords", "answer", "related", "links")
_INHERITED_FIELDS = ("audience", "related")  # a translated topic takes these from the English topic


class KnowledgeBaseError(ValueError):
    """The knowledge base cannot be used; `problems` lists every reason."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("invalid knowledge base:\n  " + "\n  ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Link:
    """A link into the portal shown with an answer."""

    label: str
    path: str


@dataclass(frozen=True)
class EntityValue:
    """One thing a question can be about (a program, a kind of lookup): its words and own topic."""

    group: str
    name: str
    words: tuple[str, ...]
    topic: str | None


@dataclass(frozen=True)
class Topic:
    """One question the assistant can answer, with the ways people ask it."""

    id: str
    audience: str  # patient | provider | all
    question: str
    alternates: tuple[str, ...]
    keywords: tuple[str, ...]
    answer: str  # Markdown
    related: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    group: str = ""  # the file the topic came from, e.g. "enrollment"

    def visible_to(self, audience: str) -> bool:
        """Patients see patient and all topics; providers see provider and all topics."""
        return self.audience in ("all", audience)


@dataclass(frozen=True)
class KnowledgeBase:
    """Topics plus the site map and fixed replies; build it once and share it."""

    topics: tuple[Topic, ...]
    site: dict[str, str] = field(default_factory=dict)
    responses: dict[str, str] = field(default_factory=dict)
    required: tuple[str, ...] = ()
    payer_name: str = DEFAULT_PAYER_NAME
    entities: tuple[EntityValue, ...] = ()
    language: str = DEFAULT_LANGUAGE
    _by_id: dict[str, Topic] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {topic.id: topic for topic in self.topics})  # frozen: set once here

    def __iter__(self) -> Iterator[Topic]:
        return iter(self.topics)

    def __len__(self) -> int:
        return len(self.topics)

    def __contains__(self, topic_id: object) -> bool:
        return topic_id in self._by_id

    def topic(self, topic_id: str) -> Topic | None:
        """The topic with this id, or None."""
        return self._by_id.get(topic_id)

    def topics_for(self, audience: str) -> list[Topic]:
        """The topics an audience sees, in knowledge-base order (e.g. for suggested questions)."""
        return [topic for topic in self.topics if topic.visible_to(audience)]


def load_knowledge_base(directory: Path | str | None = None, payer_name: str = DEFAULT_PAYER_NAME,
                        language: str = DEFAULT_LANGUAGE) -> KnowledgeBase:
    """Read and check a knowledge directory (default: the package's own) in a language
    ("es": its `es/` translation, checked against the English topics)."""
    kb, problems = read_knowledge_base(directory, payer_name, language)
    problems += check_knowledge_base(kb)
    if problems:
        raise KnowledgeBaseError(problems)
    return kb


def translated_languages(directory: Path | str | None = None) -> tuple[str, ...]:
    """The languages besides English whose translation the knowledge directory holds (`<code>/topics/`)."""
    root = Path(directory) if directory is not None else KNOWLEDGE_DIR
    return tuple(code for code in LANGUAGES if code != DEFAULT_LANGUAGE and (root / code / "topics").is_dir())


def read_knowledge_base(
    directory: Path | str | None = None, payer_name: str = DEFAULT_PAYER_NAME, language: str = DEFAULT_LANGUAGE
) -> tuple[KnowledgeBase, list[str]]:
    """Parse a knowledge directory leniently: the topics that could be read, and what could not."""
    root = Path(directory) if directory is not None else KNOWLEDGE_DIR
    profile(language)  # ValueError for a language the assistant does not speak
    problems: list[str] = []
    site = _read_mapping(root / "site.yaml", problems)
    required = _read_required(root / "required_topics.txt", problems)
    english = _read_language(root, payer_name, problems, None)
    if language != DEFAULT_LANGUAGE:
        translated = _read_language(root / language, payer_name, problems, english)
        problems += _translation_problems(english, translated, language)
        english = translated
    topics, responses, entities = english
    kb = KnowledgeBase(tuple(topics), {str(k): str(v) for k, v in site.items()}, responses, required, payer_name,
                       entities, language)
    return kb, problems


_Parts = tuple[list[Topic], dict[str, str], tuple[EntityValue, ...]]


def _read_language(root: Path, payer_name: str, problems: list[str], english: _Parts | None) -> _Parts:
    """One language's topics, responses and context values; a translation (`english` given)
    takes each topic's audience and related ids, and each value's topic, from the English."""
    raw_responses = _read_mapping(root / "responses.yaml", problems)
    responses = {key: _with_payer(str(value), payer_name) for key, value in raw_responses.items()}
    originals = {topic.id: topic for topic in english[0]} if english is not None else None
    topics: list[Topic] = []
    files = sorted((root / "topics").glob("*.yaml"))
    if not files:
        problems.append(f"{root / 'topics'}: no topic files")
    for path in files:
        data = _read_yaml(path, problems)
        entries = data.get("topics") if isinstance(data, dict) else None
        if not isinstance(entries, list):
            problems.append(f"{path.name}: expected a mapping with a 'topics' list")
            continue
        for number, entry in enumerate(entries, start=1):
            where = f"{root.name}/{path.name} topic #{number}" if originals is not None else f"{path.name} topic #{number}"
            if originals is not None and isinstance(entry, dict):
                topic_id = str(entry.get("id"))
                if topic_id not in originals:
                    problems.append(f"{where}: topic '{topic_id}' is not an English topic")
                    continue
                entry = _inherited(entry, originals, where, problems)
            topic = _parse_topic(entry, path.stem, payer_name, where, problems)
            if topic is not None:
                topics.append(topic)
    entities = _read_entities(root / "context.yaml", problems)
    if english is not None:
        topic_of = {(value.group, value.name): value.topic for value in english[2]}
        entities = tuple(EntityValue(v.group, v.name, v.words, v.topic or topic_of.get((v.group, v.name)))
                         for v in entities)
    return topics, responses, entities


def _inherited(entry: dict[str, Any], originals: Mapping[str, Topic], where: str, problems: list[str]) -> dict[str, Any]:
    """A translated topic with the English topic's audience and related ids (a stated one must agree)."""
    original = originals[str(entry.get("id"))]
    inherited = {"audience": original.audience, "related": list(original.related)}
    for name, value in inherited.items():
        if name in entry and entry[name] != value:
            problems.append(f"{where} ('{original.id}'): {name} {entry[name]!r} differs from the English topic's "
                            f"{value!r}")
    return {**entry, **inherited}


def _translation_problems(english: _Parts, translated: _Parts, language: str) -> list[str]:
    """The translation has every English topic id (others were refused as they were read), the
    English responses' keys and the English context groups and values."""
    own = {t.id for t in translated[0]}
    problems = [f"{language}: topic '{t.id}' has no translation" for t in english[0] if t.id not in own]
    problems += [f"{language}: response '{key}' is missing" for key in english[1] if key not in translated[1]]
    problems += [f"{language}: response '{key}' is not an English response" for key in translated[1]
                 if key not in english[1]]
    values = {(v.group, v.name) for v in english[2]}
    theirs = {(v.group, v.name) for v in translated[2]}
    problems += [f"{language}: context value '{g}.{n}' is missing" for g, n in sorted(values - theirs)]
    problems += [f"{language}: context value '{g}.{n}' is not an English one" for g, n in sorted(theirs - values)]
    return problems


def check_knowledge_base(kb: KnowledgeBase, analyzer: Analyzer | None = None) -> list[str]:
    """Every rule a usable knowledge base keeps; returns the problems found (empty when fine)."""
    language = profile(kb.language)
    analyzer = analyzer or Analyzer(lexicon=language.lexicon)
    min_alternates = language.min_alternates
    problems: list[str] = []
    paths = set(kb.site.values())
    seen: dict[str, int] = {}
    for topic in kb.topics:
        seen[topic.id] = seen.get(topic.id, 0) + 1
    problems += [f"topic id '{topic_id}' is used {count} times" for topic_id, count in seen.items() if count > 1]
    problems += [f"required topic '{topic_id}' is missing" for topic_id in kb.required if topic_id not in kb]
    problems += [f"response '{key}' is missing or empty" for key in RESPONSE_KEYS if not kb.responses.get(key, "").strip()]
    for key, text in kb.responses.items():
        problems += [
            f"response '{key}': link to '{path}' is not in site.yaml" for path in _link_paths(text) if path not in paths
        ]
    problems += [f"context.yaml: value '{value.group}.{value.name}' names topic '{value.topic}', which does not exist"
                 for value in kb.entities if value.topic is not None and value.topic not in kb]
    phrase_owner: dict[str, str] = {}
    for topic in kb.topics:
        where = f"topic '{topic.id}'"
        if topic.audience not in AUDIENCES:
            problems.append(f"{where}: audience '{topic.audience}' is not one of {', '.join(AUDIENCES)}")
        if not topic.question.strip():
            problems.append(f"{where}: question is empty")
        if not topic.answer.strip():
            problems.append(f"{where}: answer is empty")
        if len(topic.alternates) < min_alternates:
            problems.append(f"{where}: has {len(topic.alternates)} alternates, needs at least {min_alternates}")
        problems += [f"{where}: related topic '{other}' does not exist" for other in topic.related if other not in kb]
        problems += [f"{where}: related topic '{topic.id}' is itself" for other in topic.related if other == topic.id]
        link_paths = [link.path for link in topic.links] + _link_paths(topic.answer)
        problems += [f"{where}: link to '{path}' is not in site.yaml" for path in link_paths if path not in paths]
        for phrase in (topic.question, *topic.alternates):
            key = analyzer.analyze(phrase).key
            if not key:
                problems.append(f"{where}: phrasing '{phrase}' has no content words after normalization")
                continue
            owner = phrase_owner.setdefault(key, topic.id)
            if owner != topic.id:
                problems.append(f"{where}: phrasing '{phrase}' normalizes to '{key}', already used by topic '{owner}'")
    return problems


def _link_paths(markdown: str) -> list[str]:
    """The portal paths a text links to (phone and text-message links are not paths)."""
    return [path for _label, path in markdown_links(markdown) if not is_phone_href(path)]


def _with_payer(text: str, payer_name: str) -> str:
    return text.replace(PAYER_PLACEHOLDER, payer_name)


def _read_yaml(path: Path, problems: list[str]) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        problems.append(f"{path.name}: cannot be read: {error}")
        return None


def _read_mapping(path: Path, problems: list[str]) -> dict[str, Any]:
    data = _read_yaml(path, problems)
    if not isinstance(data, dict):
        problems.append(f"{path.name}: expected a mapping")
        return {}
    return data


def _read_required(path: Path, problems: list[str]) -> tuple[str, ...]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        problems.append(f"{path.name}: cannot be read: {error}")
        return ()
    return tuple(line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#"))


def _read_entities(path: Path, problems: list[str]) -> tuple[EntityValue, ...]:
    """context.yaml's groups (an absent file means no follow-up swaps)."""
    if not path.exists():
        return ()
    data = _read_mapping(path, problems)
    groups = data.get("groups")
    if not isinstance(groups, dict):
        problems.append(f"{path.name}: expected a mapping with a 'groups' mapping")
        return ()
    values: list[EntityValue] = []
    for group, members in groups.items():
        for name, entry in (members or {}).items() if isinstance(members, dict) else ():
            words = entry.get("words") if isinstance(entry, dict) else None
            if not isinstance(words, list) or not words:
                problems.append(f"{path.name}: '{group}.{name}' needs a non-empty 'words' list")
                continue
            topic = entry.get("topic")
            values.append(EntityValue(str(group), str(name), tuple(str(w) for w in words),
                                      str(topic) if topic else None))
    return tuple(values)


def _parse_topic(entry: Any, group: str, payer_name: str, where: str, problems: list[str]) -> Topic | None:
    if not isinstance(entry, dict):
        problems.append(f"{where}: expected a mapping")
        return None
    where = f"{where} ('{entry.get('id', '?')}')"
    missing = [name for name in _TOPIC_FIELDS if name not in entry]
    unknown = sorted(set(entry) - set(_TOPIC_FIELDS))
    if missing or unknown:
        problems.append(f"{where}: missing fields {missing}, unknown fields {unknown}")
        return None
    lists = {name: entry[name] for name in ("alternates", "keywords", "related", "links")}
    if not all(isinstance(value, list) for value in lists.values()):
        problems.append(f"{where}: alternates, keywords, related and links must be lists")
        return None
    links: list[Link] = []
    for link in lists["links"]:
        if not (isinstance(link, dict) and set(link) == {"label", "path"}):
            problems.append(f"{where}: each link needs exactly 'label' and 'path'")
            return None
        links.append(Link(str(link["label"]), str(link["path"])))
    return Topic(
        id=str(entry["id"]),
        audience=str(entry["audience"]),
        question=_with_payer(str(entry["question"]), payer_name),
        alternates=tuple(str(value) for value in lists["alternates"]),
        keywords=tuple(str(value) for value in lists["keywords"]),
        answer=_with_payer(str(entry["answer"] or ""), payer_name).strip(),
        related=tuple(str(value) for value in lists["related"]),
        links=tuple(links),
        group=group,
    )
