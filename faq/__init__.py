"""Rule-based FAQ assistant of the Collaborative Care Partner Portal.

Pure Python (no Flask, no database): the portal loads the knowledge base once,
builds one `Assistant` and calls `ask()` per question.

    from faq import Assistant, load_knowledge_base

    kb = load_knowledge_base(payer_name="Cigna")
    assistant = Assistant(kb, extra_alternates={...}, negatives={...})
    reply = assistant.ask("how do I enroll?", audience="patient")
    reply.outcome, reply.topic_id, reply.to_dict()

Spanish: `Assistant(kb, translations={"es": Translation(load_knowledge_base(language="es"))})`;
`ask(question, language="es")`, or no language: detected, with `hint` (the page's) when unclear.
"""
from __future__ import annotations

from faq.assistant import ANSWER, CLARIFY, EMERGENCY, FALLBACK, OUTCOMES, Answer, Assistant, Suggestion, Translation
from faq.knowledge import (
    KnowledgeBase,
    KnowledgeBaseError,
    Link,
    Topic,
    check_knowledge_base,
    load_knowledge_base,
    read_knowledge_base,
)
from faq.language import LANGUAGES, detect_language
from faq.settings import DEFAULT_SETTINGS, Settings

__all__ = [
    "ANSWER", "CLARIFY", "EMERGENCY", "FALLBACK", "OUTCOMES",
    "Answer", "Assistant", "DEFAULT_SETTINGS", "KnowledgeBase", "KnowledgeBaseError", "LANGUAGES", "Link",
    "Settings", "Suggestion", "Topic", "Translation", "check_knowledge_base", "detect_language",
    "load_knowledge_base", "read_knowledge_base",
]
