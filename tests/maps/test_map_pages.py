"""The map pages: editors see and use edit controls; marketers read the map and review but change nothing."""

import pytest
from helpers import csrf_token, logged_in

SLUG = "katering-sehat"


def test_a_marketer_reads_the_map_without_edit_controls(seeded_app, staff_login):
    client = logged_in(seeded_app, staff_login, "marketer")
    html = client.get(f"/maps/{SLUG}").get_data(as_text=True)
    assert "Rina, busy young professional" in html and "Review: snapshots and comparisons" in html
    assert "cell-edit" not in html and "Move Service left" not in html and "map_edit.js" not in html
    assert client.get(f"/maps/{SLUG}/review").status_code == 200
    assert client.get(f"/maps/{SLUG}/edit").status_code == 403
    token = csrf_token(html)
    for path in (
        f"/maps/{SLUG}/cells/service/process",
        f"/maps/{SLUG}/stages/service/move",
        f"/maps/{SLUG}/snapshots",
        "/maps",
    ):
        assert client.post(path, data={"csrf_token": token, "content": "x"}).status_code == 403


def test_an_editor_saves_a_cell_as_json_and_needs_the_csrf_token(seeded_app, staff_login):
    client = logged_in(seeded_app, staff_login, "cx_manager")
    html = client.get(f"/maps/{SLUG}").get_data(as_text=True)
    assert 'aria-label="Edit Process for Service"' in html and "Move Service left" not in html  # reordering: edit page
    assert "◀ Move Service left" in client.get(f"/maps/{SLUG}/edit").get_data(as_text=True)
    url = f"/maps/{SLUG}/cells/service/internal_process"
    assert client.post(url, data={"content": "no token"}, headers={"Accept": "application/json"}).status_code == 400
    saved = client.post(
        url, data={"content": "Pack by 09:30", "csrf_token": csrf_token(html)}, headers={"Accept": "application/json"}
    )
    assert saved.status_code == 200 and saved.get_json() == {"ok": True, "result": "Pack by 09:30"}
    refused = client.post(
        f"/maps/{SLUG}/cells/service/process",
        data={"content": "x" * 2001, "csrf_token": csrf_token(html)},
        headers={"Accept": "application/json"},
    )
    assert refused.status_code == 422 and refused.get_json()["field"] == "content"
    assert client.get(f"/maps/{SLUG}/cells/service/emotions").status_code == 404


def test_a_validation_error_comes_back_as_a_message(seeded_app, staff_login):
    client = logged_in(seeded_app, staff_login, "admin")
    token = csrf_token(client.get("/maps").get_data(as_text=True))
    response = client.post("/maps", data={"name": "Katering sehat", "csrf_token": token}, follow_redirects=True)
    assert "Another journey already uses the address" in response.get_data(as_text=True)
    created = client.post(
        "/maps", data={"name": "Corporate lunch", "map_type": "service_blueprint", "csrf_token": token}
    )
    assert created.headers["Location"].endswith("/maps/corporate-lunch/edit")


@pytest.mark.parametrize("map_type, shown", [("current_state", False), ("service_blueprint", True)])
def test_the_line_of_visibility_is_drawn_only_on_a_blueprint(seeded_app, staff_login, map_type, shown):
    client = logged_in(seeded_app, staff_login, "cx_manager")
    token = csrf_token(client.get(f"/maps/{SLUG}/edit").get_data(as_text=True))
    client.post(
        f"/maps/{SLUG}/settings",
        data={"name": "Katering", "goal": "", "map_type": map_type, "review_cadence": "monthly", "csrf_token": token},
    )
    html = client.get(f"/maps/{SLUG}").get_data(as_text=True)
    assert ("Line of visibility" in html) is shown


def test_every_page_of_a_journey_that_does_not_exist_is_not_found(seeded_app, staff_login):
    client = logged_in(seeded_app, staff_login, "admin")
    token = csrf_token(client.get(f"/maps/{SLUG}").get_data(as_text=True))
    for path in ("", "/review", "/edit", "/owners", "/themes", "/translations", "/print", "/delete"):
        page = client.get(f"/maps/no-such-map{path}")
        assert page.status_code == 404 and "This page does not exist." in page.get_data(as_text=True), path
    assert client.get("/dashboards/no-such-map").status_code == 404
    saved = client.post("/maps/no-such-map/cells/service/process", data={"content": "x", "csrf_token": token})
    assert saved.status_code == 404
