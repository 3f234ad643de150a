"""SQLModel tables, one module per concept; importing this package registers them all.

Owns the schema's Python side (the migrations in storage/migrations create it) and the few look-ups every area
shares (a journey by its slug). Imports only common/.
"""

from feedback_app.models.audit import AuditEntry
from feedback_app.models.customer import Customer, TouchpointEvent
from feedback_app.models.insight import RatingRollup, ThemeMonthRollup, ThemeRollup
from feedback_app.models.invitation import Invitation, InvitationStatus
from feedback_app.models.journey import (
    LANES,
    MAP_TYPES,
    Channel,
    Journey,
    JourneyNotFound,
    LaneCell,
    Persona,
    Stage,
    Touchpoint,
    find_journey,
    get_journey,
    list_journeys,
)
from feedback_app.models.notification import Notification, NotificationStatus, StageOwner
from feedback_app.models.privacy import ConsentRecord, ErasureRecord, OptOutAddress, RetentionRun
from feedback_app.models.response import Response, ResponseTheme, StageRollup
from feedback_app.models.review import MapSnapshot, OpportunityDecision
from feedback_app.models.staff import ROLES, ApiKey, LoginThrottle, StaffUser
from feedback_app.models.survey import Question, Questionnaire
from feedback_app.models.theme import JourneyTheme, RescoreRequest
from feedback_app.models.trigger import RecurringRun, Trigger

__all__ = [
    "LANES",
    "MAP_TYPES",
    "ROLES",
    "ApiKey",
    "AuditEntry",
    "Channel",
    "ConsentRecord",
    "Customer",
    "ErasureRecord",
    "Invitation",
    "InvitationStatus",
    "Journey",
    "JourneyNotFound",
    "JourneyTheme",
    "LaneCell",
    "LoginThrottle",
    "MapSnapshot",
    "Notification",
    "NotificationStatus",
    "OpportunityDecision",
    "OptOutAddress",
    "Persona",
    "Question",
    "Questionnaire",
    "RatingRollup",
    "RecurringRun",
    "RescoreRequest",
    "Response",
    "ResponseTheme",
    "RetentionRun",
    "StaffUser",
    "Stage",
    "StageOwner",
    "StageRollup",
    "ThemeMonthRollup",
    "ThemeRollup",
    "Touchpoint",
    "TouchpointEvent",
    "Trigger",
    "find_journey",
    "get_journey",
    "list_journeys",
]
