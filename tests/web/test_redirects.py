"""`next` and `back` parameters only lead to pages of this site: no open redirect, however the address is dressed."""

from __future__ import annotations

import pytest
from helpers import csrf_token, logged_in
from sqlmodel import select

from feedback_app.models import Trigger
from feedback_app.storage.database import session_scope
from feedback_app.web.redirects import local_target, same_site_referrer

ELSEWHERE = [
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    "https:evil.example",
    "http:/evil.example",
    " //evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "/\x00/evil.example",
    "/\u2028/evil.example",
    "javascript:alert(1)",
    "evil.example",
    "",
]


@pytest.mark.parametrize("target", ELSEWHERE)
def test_a_target_off_this_site_falls_back(target):
    assert local_target(target, "/maps") == "/maps"


@pytest.mark.parametrize(
    "target", ["/triggers/3", "/maps/katering-sehat/edit?x=1#stages", "/invitations?status=failed"]
)
def test_a_path_on_this_site_is_kept(target):
    assert local_target(target, "/maps") == target


def test_a_referrer_counts_only_when_it_is_this_host():
    assert same_site_referrer("http://localhost/maps/x/edit?a=1", "localhost") == "/maps/x/edit?a=1"
    assert same_site_referrer("https://evil.example/maps", "localhost") is None
    assert same_site_referrer("http://localhost/\\evil.example", "localhost") is None
    assert same_site_referrer(None, "localhost") is None


def demo_trigger(engine) -> int:
    with session_scope(engine) as session:
        return session.exec(select(Trigger)).first().id


@pytest.mark.parametrize("action", ["pause", "resume", "test"])
@pytest.mark.parametrize("target", ["https://evil.example/", "/\\evil.example", "//evil.example"])
def test_trigger_actions_do_not_redirect_off_site(marketer, app_engine, action, target):
    trigger_id = demo_trigger(app_engine)
    token = csrf_token(marketer.get(f"/triggers/{trigger_id}").get_data(as_text=True))
    response = marketer.post(
        f"/triggers/{trigger_id}/{action}", data={"csrf_token": token, "lang": "en", "next": target}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == f"/triggers/{trigger_id}"


def test_trigger_actions_still_return_to_a_page_of_this_site(marketer, app_engine):
    trigger_id = demo_trigger(app_engine)
    token = csrf_token(marketer.get(f"/triggers/{trigger_id}").get_data(as_text=True))
    response = marketer.post(f"/triggers/{trigger_id}/pause", data={"csrf_token": token, "next": "/triggers"})
    assert response.headers["Location"] == "/triggers"


@pytest.mark.parametrize("target", ["https://evil.example/", "/\\evil.example", "/\t/evil.example"])
def test_a_stage_move_does_not_go_back_off_site(seeded_app, staff_login, target):
    client = logged_in(seeded_app, staff_login, "cx_manager")
    token = csrf_token(client.get("/maps/katering-sehat").get_data(as_text=True))
    response = client.post(
        "/maps/katering-sehat/stages/service/move",
        data={"csrf_token": token, "direction": "left", "back": target},
        headers={"Referer": "https://evil.example/page"},
    )
    assert response.status_code == 302 and response.headers["Location"] == "/maps/katering-sehat/edit"


def test_a_stage_move_goes_back_to_the_page_it_came_from(seeded_app, staff_login):
    client = logged_in(seeded_app, staff_login, "cx_manager")
    token = csrf_token(client.get("/maps/katering-sehat").get_data(as_text=True))
    response = client.post(
        "/maps/katering-sehat/stages/service/move",
        data={"csrf_token": token, "direction": "left", "back": "/maps/katering-sehat"},
    )
    assert response.headers["Location"] == "/maps/katering-sehat"


def test_the_language_switch_and_outbox_retry_stay_on_site(seeded_app, staff_login):
    client = logged_in(seeded_app, staff_login, "admin")
    token = csrf_token(client.get("/invitations").get_data(as_text=True))
    switched = client.post("/locale", data={"csrf_token": token, "locale": "en", "next": "/\\evil.example"})
    assert switched.headers["Location"] == "/maps"
    retried = client.post("/invitations/1/retry", data={"csrf_token": token, "next": "/invitations\\@evil.example"})
    assert retried.headers["Location"] == "/invitations"
