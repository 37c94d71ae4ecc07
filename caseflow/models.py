"""Imports every domain's models so that metadata (and Alembic autogenerate) sees all tables."""

from caseflow.audit.models import AccessLogEntry, AuditCheckpoint  # noqa: F401
from caseflow.auth.breakglass import BreakGlassGrant  # noqa: F401
from caseflow.auth.models import Organisation, User  # noqa: F401
from caseflow.auth.reset import PasswordResetToken  # noqa: F401
from caseflow.auth.throttle import LoginAttempt  # noqa: F401
from caseflow.cases.fact_models import (  # noqa: F401
    CaseFramework,
    CaseFrameworkRevision,
    SiblingLink,
    SiblingsOutside,
)
from caseflow.cases.models import (  # noqa: F401
    Case,
    CaseDecision,
    CaseMember,
    CaseProblemArea,
    ExplanatoryAnalysis,
    Gemeente,
    PhaseProposal,
    PhaseTransition,
    ReferenceCounter,
)
from caseflow.cases.revisions import CaseRevision  # noqa: F401
from caseflow.core.models import Setting  # noqa: F401
from caseflow.exchange.models import ExchangeCase, ExchangeItem, ImportedMember  # noqa: F401
from caseflow.jobs.models import (  # noqa: F401
    CalendarToken,
    JobLock,
    JobRun,
    JobStepDone,
    MailLog,
    MeetingMail,
    ReminderPreference,
)
from caseflow.meetings.models import (  # noqa: F401
    AgendaItem,
    Meeting,
    MeetingAction,
    MeetingAttendee,
    MeetingDecision,
)
from caseflow.monitor.summary_models import (  # noqa: F401
    MonitorSummaryBuild,
    MonitorSummaryCell,
)
from caseflow.outcome.models import Evaluation, Goal, GoalScore, GoalVersion  # noqa: F401
from caseflow.retention.models import DestructionRequest  # noqa: F401
from caseflow.retrospectives.family_models import FamilyLink, FamilyText  # noqa: F401
from caseflow.retrospectives.frozen_models import (  # noqa: F401
    FrozenEvent,
    FrozenPhase,
    FrozenPlacement,
    NameFlag,
)
from caseflow.retrospectives.models import (  # noqa: F401
    Annotation,
    ImprovementAction,
    LearningSession,
    RetroConsent,
    RetroParticipant,
    Retrospective,
    SubQuestion,
    Theme,
)
from caseflow.risk.models import RiskFlag  # noqa: F401
from caseflow.risk.settings_models import RiskSeen, RiskSettingsVersion  # noqa: F401
from caseflow.search.models import (  # noqa: F401
    Search,
    SearchRequest,
    SearchRequestRevision,
    SearchRevision,
)
from caseflow.timeline.models import (  # noqa: F401
    Placement,
    PlacementRevision,
    TimelineEvent,
    TimelineEventRevision,
)
