"""SQLModel tables, one module per concept; importing this package registers them all."""
from .journey import Channel, Journey, LaneCell, Persona, Stage, Touchpoint, LANES, MAP_TYPES
from .survey import Question, Questionnaire
from .customer import Customer, TouchpointEvent
from .trigger import RecurringRun, Trigger
from .invitation import Invitation, InvitationStatus
from .response import Response, ResponseTheme, StageRollup
from .staff import ApiKey, StaffUser, ROLES
from .insight import RatingRollup, ThemeMonthRollup, ThemeRollup
from .notification import Notification, NotificationStatus, StageOwner
from .review import MapSnapshot, OpportunityDecision

__all__ = [
    "ApiKey", "Channel", "Customer", "Invitation", "InvitationStatus", "Journey", "LaneCell", "LANES",
    "MAP_TYPES", "Persona", "Question", "Questionnaire", "Response", "ResponseTheme", "ROLES",
    "StaffUser", "Stage", "StageRollup", "Touchpoint", "TouchpointEvent", "Trigger",
]
__all__ += ["RecurringRun"]
__all__ += ["MapSnapshot", "OpportunityDecision"]
__all__ += ["Notification", "NotificationStatus", "RatingRollup", "StageOwner", "ThemeMonthRollup", "ThemeRollup"]
from .theme import JourneyTheme, RescoreRequest

__all__ += ["JourneyTheme", "RescoreRequest"]
