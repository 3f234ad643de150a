"""The demo journey: a healthy-food catering subscription ("katering makanan sehat")."""

from __future__ import annotations

from sqlmodel import Session, select

from feedback_app.demo_translations import add_translations
from feedback_app.models import (
    Channel,
    Journey,
    LaneCell,
    Persona,
    Questionnaire,
    Stage,
    Touchpoint,
    Trigger,
    find_journey,
)

SLUG = "katering-sehat"

STAGES = [  # key, English name, Indonesian name
    ("awareness", "Awareness", "Kesadaran"),
    ("consideration", "Consideration", "Pertimbangan"),
    ("decision", "Decision", "Keputusan"),
    ("service", "Service", "Layanan"),
    ("loyalty", "Loyalty", "Loyalitas"),
]

CHANNELS = [
    ("social", "Instagram & TikTok ads"),
    ("website", "Website"),
    ("whatsapp", "WhatsApp"),
    ("courier", "Courier"),
    ("email", "E-mail"),
]

TOUCHPOINTS = [  # key, name, stage, channel, questionnaire, delay minutes
    ("ad_seen", "Sees an ad or a social media post", "awareness", "social", "awareness-first-impression", 60),
    (
        "menu_viewed",
        "Browses the website and weekly menu",
        "consideration",
        "website",
        "consideration-website-menu",
        120,
    ),
    ("trial_ordered", "Orders a trial week and checks out", "decision", "website", "decision-trial-checkout", 30),
    ("order_delivered", "Receives a meal delivery", "service", "courier", "service-delivery", 60),
    ("subscription_renewed", "Renews the monthly subscription", "loyalty", "email", "loyalty-renewal", 24 * 60),
]

# Short names: the trigger list shows the touchpoint and questionnaire beside them already.
TRIGGER_NAMES = {
    "ad_seen": "First impression survey",
    "menu_viewed": "Website and menu survey",
    "trial_ordered": "Checkout survey",
    "order_delivered": "Delivery survey",
    "subscription_renewed": "Renewal survey",
}

LANE_CELLS = {
    "process": {
        "awareness": "Scrolls Instagram at lunch, sees a healthy-lunch reel, follows the account.",
        "consideration": "Compares weekly menus, prices and delivery areas; asks on WhatsApp about allergies.",
        "decision": "Picks a 5-day trial, pays by e-wallet or bank transfer, chooses a delivery slot.",
        "service": "Receives lunch at the office every weekday; reheats, eats, sometimes gives feedback.",
        "loyalty": "Decides at month's end whether to renew; recommends (or not) to colleagues.",
    },
    "opportunities": {
        "awareness": "Show real portions and calorie counts in ads.",
        "consideration": "Put the delivery-area checker on the menu page.",
        "decision": "Offer QRIS and save the delivery slot for next orders.",
        "service": "Live courier tracking; insulated bags on hot days.",
        "loyalty": "Remind three days before renewal with next month's menu.",
    },
    "internal_actors": {
        "awareness": "Marketing team",
        "consideration": "Customer service (WhatsApp)",
        "decision": "Sales admin",
        "service": "Kitchen, couriers",
        "loyalty": "Customer success",
    },
}

# Below the line of visibility: shown on the service blueprint (other map types hide empty internal lanes).
INTERNAL_CELLS = {
    "internal_channels": {
        "awareness": "Meta Ads Manager, content calendar",
        "consideration": "WhatsApp Business inbox",
        "decision": "Order sheet, payment gateway dashboard",
        "service": "Kitchen board, courier group chat",
        "loyalty": "CRM renewal list",
    },
    "internal_process": {
        "awareness": "Weekly reels planned and boosted by area",
        "consideration": "CS answers questions from a shared FAQ within 15 minutes",
        "decision": "Admin confirms the payment and books the delivery slot",
        "service": "Cook at 06:00, pack by 09:30, couriers leave by area at 10:00",
        "loyalty": "Renewal reminder e-mail on day 27",
    },
    "internal_pain_points": {
        "consideration": "No delivery-area map: CS checks addresses by hand",
        "decision": "Manual payment matching delays confirmations",
        "service": "One courier route for all of South Jakarta; no insulated bags",
        "loyalty": "No view of which customers complained this month",
    },
}

# The future-state map: where the team wants each stage's emotion to be (-1..1).
TARGET_EMOTIONS = {"awareness": 0.4, "consideration": 0.3, "decision": 0.5, "service": 0.5, "loyalty": 0.6}

PERSONA = {
    "key": "busy-professional",
    "name": "Rina, busy young professional",
    "description": "27, works in an office in South Jakarta, wants to eat healthy but has no time to cook.",
    "details": {
        "demographics": "27 years old, marketing executive, Jakarta, lives in a kost",
        "psychographics": "Health-conscious, price-aware, lives on her phone",
        "goals": "Eat balanced lunches without thinking about it; lose 3 kg before a wedding",
        "frustrations": "Late deliveries, cold food, the same menu every week",
        "channels": "Instagram, WhatsApp, GoPay",
    },
}


def seed_demo(session: Session) -> Journey:
    """Create the demo journey, or leave it as it is when it already exists (safe to run twice)."""
    journey = find_journey(session, SLUG)
    if journey is not None:
        _add_review_material(session, journey)
        add_translations(session, journey)
        return journey
    journey = Journey(
        slug=SLUG,
        name="Katering makanan sehat: langganan makan siang",
        goal="Understand why trial customers do not renew their healthy-lunch subscription.",
        map_type="current_state",
        review_cadence="monthly",
    )
    session.add(journey)
    session.flush()
    session.add(Persona(journey_id=journey.id, **PERSONA))
    stages = {}
    for position, (key, name, name_id) in enumerate(STAGES):
        stages[key] = Stage(journey_id=journey.id, key=key, name=name, name_id=name_id, position=position)
        session.add(stages[key])
    channels = {key: Channel(journey_id=journey.id, key=key, name=name) for key, name in CHANNELS}
    session.add_all(channels.values())
    session.flush()
    _add_touchpoints_and_triggers(session, journey, stages, channels)
    for lane, cells in LANE_CELLS.items():
        for stage_key, content in cells.items():
            session.add(LaneCell(journey_id=journey.id, stage_id=stages[stage_key].id, lane=lane, content=content))
    session.flush()
    _add_review_material(session, journey)
    add_translations(session, journey)
    return journey


def _add_review_material(session: Session, journey: Journey) -> None:
    """Target emotions and internal lanes, so every map type has something to show; added once (a demo seeded
    before they existed gets them on the next run), never over what the team has edited since."""
    stages = {s.key: s for s in session.exec(select(Stage).where(Stage.journey_id == journey.id))}
    if (
        any(s.target_emotion is not None for s in stages.values())
        or session.exec(
            select(LaneCell).where(LaneCell.journey_id == journey.id, LaneCell.lane == "internal_process")
        ).first()
        is not None
    ):
        return
    for key, target in TARGET_EMOTIONS.items():
        if key in stages:
            stages[key].target_emotion = target
            session.add(stages[key])
    for lane, cells in INTERNAL_CELLS.items():
        for stage_key, content in cells.items():
            if stage_key in stages:
                session.add(LaneCell(journey_id=journey.id, stage_id=stages[stage_key].id, lane=lane, content=content))
    session.flush()


def _add_touchpoints_and_triggers(session: Session, journey: Journey, stages: dict, channels: dict) -> None:
    for position, (key, name, stage, channel, survey_key, delay) in enumerate(TOUCHPOINTS):
        touchpoint = Touchpoint(
            journey_id=journey.id,
            stage_id=stages[stage].id,
            channel_id=channels[channel].id,
            key=key,
            name=name,
            position=position,
        )
        session.add(touchpoint)
        session.flush()
        questionnaire = session.exec(select(Questionnaire).where(Questionnaire.key == survey_key)).first()
        if questionnaire is None:
            raise LookupError(f"questionnaire '{survey_key}' is not loaded: run `feedback-app load-surveys` first")
        session.add(
            Trigger(
                journey_id=journey.id,
                touchpoint_id=touchpoint.id,
                questionnaire_id=questionnaire.id,
                name=TRIGGER_NAMES[key],
                channel="email",
                delay_minutes=delay,
                expiry_hours=7 * 24,
                fatigue_days=7,
            )
        )
