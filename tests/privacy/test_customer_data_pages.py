"""One customer's data through the API (a key allowed personal data), the admin pages and the commands: export,
erase, and a clear answer (never a 500) for an unknown or already erased customer."""

import json
from datetime import timedelta

import pytest
from helpers import answer, csrf_token, logged_in

from feedback_app.cli import main
from feedback_app.common.clock import utcnow
from feedback_app.invitations.events import ingest_events, parse_event
from feedback_app.invitations.rule_settings import RuleSettings
from feedback_app.staff.accounts import create_api_key
from feedback_app.storage.database import session_scope

EMAIL, NAME, WORDS = "dewi.pages@example.com", "Dewi Halaman", "makanan Zxyq basi, kurir kasar"


@pytest.fixture
def dewi(seeded_app, app_engine):
    now = utcnow()
    raw = {
        "touchpoint": "order_delivered",
        "event_id": "order-dw-1",
        "occurred_at": (now - timedelta(hours=2)).isoformat(),
        "customer": {"external_id": "dw-1", "email": EMAIL, "name": NAME, "locale": "en"},
    }
    with session_scope(app_engine) as session:
        [result] = ingest_events(session, [parse_event(raw, now)], now, RuleSettings())
    [invitation_id] = [i["id"] for i in result["invitations"] if i["status"] == "scheduled"]
    answer(app_engine, invitation_id, 1, WORDS, now, rating=1)
    return seeded_app


@pytest.fixture
def keys(app_engine):
    with session_scope(app_engine) as session:
        return {"plain": create_api_key(session, "crm"), "pdp": create_api_key(session, "dpo", personal_data=True)}


def _auth(key):
    return {"Authorization": f"Bearer {key}"}


def test_only_a_key_allowed_personal_data_reads_or_erases_a_customer(dewi, keys):
    client = dewi.test_client()
    assert client.get("/api/v1/customers/dw-1").status_code == 401
    refused = client.get("/api/v1/customers/dw-1", headers=_auth(keys["plain"]))
    assert refused.status_code == 403 and "--personal-data" in refused.json["error"]
    assert client.delete("/api/v1/customers/dw-1", headers=_auth(keys["plain"])).status_code == 403
    exported = client.get("/api/v1/customers/dw-1", headers=_auth(keys["pdp"]))
    assert exported.status_code == 200 and exported.json["customer"]["email"] == EMAIL
    assert exported.json["answers"][0]["text"] == WORDS


def test_the_api_erases_once_and_then_answers_404_in_words(dewi, keys):
    client = dewi.test_client()
    erased = client.delete("/api/v1/customers/dw-1", headers=_auth(keys["pdp"]))
    assert erased.status_code == 200 and erased.json["counts"]["answers"] == 1
    for method in ("get", "delete"):
        again = getattr(client, method)("/api/v1/customers/dw-1", headers=_auth(keys["pdp"]))
        assert again.status_code == 404 and "erased" in again.json["error"]
    assert client.get("/api/v1/customers/nobody", headers=_auth(keys["pdp"])).status_code == 404


def test_an_admin_finds_downloads_and_erases_a_customer_on_the_page(dewi, staff_login):
    admin = logged_in(dewi, staff_login, "admin")
    page = admin.get(f"/admin/customers?q={EMAIL.upper()}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "dw-1" in html and WORDS in html
    download = admin.get("/admin/customers/export.json?q=dw-1")
    assert download.status_code == 200 and "attachment" in download.headers["Content-Disposition"]
    assert json.loads(download.get_data())["customer"]["name"] == NAME
    token = csrf_token(html)
    wrong = admin.post("/admin/customers/erase", data={"csrf_token": token, "external_id": "dw-1", "confirm": "dw"})
    assert wrong.status_code == 303 and admin.get("/admin/customers?q=dw-1").status_code == 200
    done = admin.post("/admin/customers/erase", data={"csrf_token": token, "external_id": "dw-1", "confirm": "dw-1"})
    assert done.status_code == 303 and done.location.endswith("/admin/privacy")
    gone = admin.get("/admin/customers?q=dw-1")
    assert gone.status_code == 404 and "erased" in gone.get_data(as_text=True)
    again = admin.post("/admin/customers/erase", data={"csrf_token": token, "external_id": "dw-1", "confirm": "dw-1"})
    assert again.status_code == 303
    privacy = admin.get("/admin/privacy").get_data(as_text=True)
    assert "No retention limit is set" in privacy and "@" in privacy  # the erasure, by the admin's address
    for url in ("/responses", "/maps/katering-sehat", "/api/v1/journeys/katering-sehat/map", "/responses/export.csv"):
        body = admin.get(url).get_data(as_text=True)
        assert WORDS not in body and EMAIL not in body and NAME not in body, url


def test_the_pages_are_for_admins_only(dewi, staff_login):
    manager = logged_in(dewi, staff_login, "cx_manager")
    assert manager.get(f"/admin/customers?q={EMAIL}").status_code == 403


def test_the_commands_export_and_erase_with_clear_errors(dewi):
    runner = dewi.test_cli_runner()
    exported = runner.invoke(main, ["customer-export", "dw-1"])
    assert exported.exit_code == 0 and json.loads(exported.output)["customer"]["email"] == EMAIL
    by_email = runner.invoke(main, ["customer-export", "--email", EMAIL])
    assert json.loads(by_email.output)["customers"][0]["customer"]["external_id"] == "dw-1"
    erased = runner.invoke(main, ["customer-erase", "dw-1"])
    assert erased.exit_code == 0 and "1 answers" in erased.output
    for args in (["customer-erase", "dw-1"], ["customer-export", "dw-1"], ["customer-export", "nobody"]):
        result = runner.invoke(main, args)
        assert result.exit_code == 1 and "No customer with external id" in result.output, args


def test_the_trigger_form_offers_to_require_consent(seeded_app, staff_login):
    marketer = logged_in(seeded_app, staff_login, "marketer")
    page = marketer.get("/triggers/new").get_data(as_text=True)
    assert 'name="require_consent"' in page and "Only customers who gave consent" in page


def test_the_survey_page_and_the_e_mail_say_why_they_ask_with_the_opt_out(seeded_app, app_engine):
    from helpers import invitation, schedule_invitations

    from feedback_app.delivery.email import build_invitation_email
    from feedback_app.delivery.outgoing import OutgoingInvitation

    [invitation_id] = schedule_invitations(app_engine, 1, utcnow(), locale="en")
    token = invitation(app_engine, invitation_id).token
    page = seeded_app.test_client().get(f"/s/{token}?lang=en").get_data(as_text=True)
    assert "to improve it; your answer is used only for that" in page and f"/u/{token}" in page
    item = OutgoingInvitation(1, "a@example.com", "Ani", "en", "Title", "", "http://x/s/t", utcnow(), "http://x/u/t")
    message = build_invitation_email(item, "cx@business.example")
    text = message.get_body(("plain",)).get_content()
    assert "we ask customers so we can improve it" in text and "http://x/u/t" in text


def test_an_admin_creates_a_key_allowed_personal_data_on_the_page(dewi, staff_login):
    import re

    admin = logged_in(dewi, staff_login, "admin")
    token = csrf_token(admin.get("/admin/api-keys").get_data(as_text=True))
    keys = {}
    for name, extra in (("shop", {}), ("dpo", {"personal_data": "y"})):
        page = admin.post("/admin/api-keys", data={"csrf_token": token, "name": name, **extra}).get_data(as_text=True)
        keys[name] = re.search(r'id="new-key" class="key" value="([^"]+)"', page).group(1)
    client = dewi.test_client()
    assert client.get("/api/v1/customers/dw-1", headers=_auth(keys["shop"])).status_code == 403
    assert client.get("/api/v1/customers/dw-1", headers=_auth(keys["dpo"])).status_code == 200
    assert "personal data" in admin.get("/admin/api-keys").get_data(as_text=True)
