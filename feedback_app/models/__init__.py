"""SQLModel tables, one module per concept; importing this package registers them all."""
from feedback_app.models.journey import Channel, Journey, LaneCell, Persona, Stage, Touchpoint, LANES, MAP_TYPES
from feedback_app.models.survey import Question, Questionnaire
from feedback_app.models.customer import Customer, TouchpointEvent
from feedback_app.models.trigger import RecurringRun, Trigger
from feedback_app.models.invitation import Invitation, InvitationStatus
from feedback_app.models.response import Response, ResponseTheme, StageRollup
from feedback_app.models.staff import ApiKey, StaffUser, ROLES
from feedback_app.models.insight import RatingRollup, ThemeMonthRollup, ThemeRollup
from feedback_app.models.notification import Notification, NotificationStatus, StageOwner
from feedback_app.models.review import MapSnapshot, OpportunityDecision

__all__ = [
    "ApiKey", "Channel", "Customer", "Invitation", "InvitationStatus", "Journey", "LaneCell", "LANES",
    "MAP_TYPES", "Persona", "Question", "Questionnaire", "Response", "ResponseTheme", "ROLES",
    "StaffUser", "Stage", "StageRollup", "Touchpoint", "TouchpointEvent", "Trigger",
]
__all__ += ["RecurringRun"]
__all__ += ["MapSnapshot", "OpportunityDecision"]
__all__ += ["Notification", "NotificationStatus", "RatingRollup", "StageOwner", "ThemeMonthRollup", "ThemeRollup"]
from feedback_app.models.theme import JourneyTheme, RescoreRequest

__all__ += ["JourneyTheme", "RescoreRequest"]
