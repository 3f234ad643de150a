"""The whole loop over real HTTP and real SMTP: event -> invitation -> mail -> answer -> live map."""

import json
import re
from datetime import UTC, datetime, timedelta

from helpers import Browserless

from feedback_app.scheduler import run_until_idle


def test_an_event_travels_to_the_live_map(live_server, smtp_server, api_key):
    http = Browserless(live_server.url)
    auth = {"Authorization": f"Bearer {api_key}"}
    event = {
        "touchpoint": "order_delivered",
        "event_id": "order-981-delivered",
        "occurred_at": (datetime.now(UTC) - timedelta(hours=1, minutes=5)).isoformat(),
        "customer": {"external_id": "c-42", "email": "rina@example.com", "name": "Rina", "locale": "id"},
    }

    status, body, _ = http.request("POST", "/api/v1/events", json_body=event, headers=auth)
    assert status == 202, body
    [scheduled] = json.loads(body)["invitations"]
    assert scheduled["status"] == "scheduled"

    _, before, _ = http.request("GET", "/api/v1/journeys/katering-sehat/map", headers=auth)
    service_before = next(s for s in json.loads(before)["stages"] if s["key"] == "service")
    assert service_before["emotion"]["responses"] == 0 and service_before["emotion"]["score"] is None

    assert (
        run_until_idle(
            live_server.app.extensions["feedback_engine"], live_server.app.extensions["feedback_settings"]
        ).sent
        == 1
    )
    [mail] = smtp_server.messages
    assert mail["To"] == "rina@example.com" and "Rina" in mail["Subject"]
    plain = mail.get_body(("plain",)).get_content()
    assert mail.get_body(("html",)) is not None
    link = re.search(r"(http://127\.0\.0\.1:\d+/s/[\w-]+)", plain).group(1)

    status, page, _ = http.request("GET", link)
    assert status == 200 and "Pengiriman makanan Anda" in page
    answers = {"feeling": "1", "csat": "2", "comment": "kurirnya telat bgt, makanan udah dingin"}
    status, thanks, final_url = http.request("POST", link, data=answers)
    assert status == 200 and final_url.endswith("/thanks?lang=id") and "Terima kasih" in thanks

    _, after, _ = http.request("GET", "/api/v1/journeys/katering-sehat/map", headers=auth)
    service = next(s for s in json.loads(after)["stages"] if s["key"] == "service")
    assert service["emotion"]["responses"] == 1 and service["emotion"]["negative"] == 1
    assert service["emotion"]["score"] < 0
    late = next(p for p in service["pain_points"] if p["key"] == "delivery_late")
    assert late["count"] == 1 and late["quotes"] == ["kurirnya telat bgt, makanan udah dingin"]

    # Replaying the link and re-posting the event change nothing.
    status, replay, _ = http.request("POST", link, data={**answers, "feeling": "5"})
    assert status == 409 and "sudah dijawab" in replay
    status, again, _ = http.request("POST", "/api/v1/events", json_body=event, headers=auth)
    assert status == 202 and json.loads(again) == json.loads(body)
    assert (
        run_until_idle(
            live_server.app.extensions["feedback_engine"], live_server.app.extensions["feedback_settings"]
        ).sent
        == 0
        and len(smtp_server.messages) == 1
    )
    _, final, _ = http.request("GET", "/api/v1/journeys/katering-sehat/map", headers=auth)
    assert json.loads(final)["stages"] == json.loads(after)["stages"]
