"""Typed SQLAlchemy 2.0 models, one module per aggregate."""
from portal.models.account import ROLES, ApiToken, PasswordResetToken, RecoveryCode, User, UserSession
from portal.models.assistant import (
    AssistantConversation,
    AssistantDailyStat,
    AssistantExchange,
    AssistantPhrase,
    ContactRequest,
    rebuild_daily_stats,
)
from portal.models.audit import AuditEvent
from portal.models.care import Message, MessageThread, MemberContact, WorkItem, WorkItemContact
from portal.models.base import Base, period_covers, utcnow
from portal.models.clinical import CLINICAL_CATEGORIES, ClinicalProgram, ConsentText, Enrollment
from portal.models.directory import (
    ARRANGEMENTS,
    ORGANIZATION_KINDS,
    SPECIALTIES,
    CareCoordinator,
    Organization,
    Program,
    Provider,
    ProviderParticipation,
    clinician_name,
    program_clinical_programs,
)
from portal.models.member import Attribution, Member
from portal.models.ops import ImportRun, OutboxMessage, RateLimitCounter, VerificationRecord

__all__ = [
    "ARRANGEMENTS", "CLINICAL_CATEGORIES", "ORGANIZATION_KINDS", "ROLES", "SPECIALTIES",
    "ApiToken", "AssistantConversation", "AssistantDailyStat", "AssistantExchange", "AssistantPhrase", "Attribution",
    "AuditEvent", "Base", "ContactRequest",
    "CareCoordinator", "ClinicalProgram", "ConsentText", "Enrollment", "ImportRun", "Member", "MemberContact", "Message", "MessageThread", "WorkItem", "WorkItemContact",
    "Organization", "OutboxMessage", "PasswordResetToken", "Program", "Provider", "RateLimitCounter", "RecoveryCode",
    "ProviderParticipation", "User", "UserSession", "VerificationRecord", "clinician_name", "period_covers",
    "program_clinical_programs", "rebuild_daily_stats", "utcnow",
]
