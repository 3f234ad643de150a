"""The response browser: filters, search, pages, the score explanation; the CSV export and its guard."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from helpers import answer, csrf_token, logged_in, schedule_invitations

from feedback_app.common.clock import utcnow
from feedback_app.reporting.response_browser import PAGE_SIZE, ResponseQuery, browse, safe_cell
from feedback_app.storage.database import session_scope

LATE = "kurirnya telat bgt, makanan udah dingin"


def answers(engine, texts, now, **kwargs):
    ids = schedule_invitations(engine, len(texts), now, **kwargs)
    for invitation_id, text in zip(ids, texts):
        answer(engine, invitation_id, 1 if "telat" in text or "late" in text else 5, text, now)


def query(engine, **filters):
    with session_scope(engine) as session:
        return browse(session, ResponseQuery(**filters))


def test_filters_and_search(seeded):
    now = utcnow()
    answers(seeded, [LATE, "mantul, porsinya pas dan enak"], now)
    answers(seeded, ["menunya bingung, harga ga jelas"], now, touchpoint="menu_viewed", prefix="m")
    texts = lambda result: {a["text"] for a in result["answers"]}  # noqa: E731
    assert len(query(seeded)["answers"]) == 3
    assert texts(query(seeded, stage="service")) == {LATE, "mantul, porsinya pas dan enak"}
    assert texts(query(seeded, theme="delivery_late")) == {LATE}
    assert texts(query(seeded, q="PORSI")) == {"mantul, porsinya pas dan enak"}
    assert texts(query(seeded, q="100%")) == set()
    assert texts(query(seeded, channel="website")) == {"menunya bingung, harga ga jelas"}
    assert texts(query(seeded, touchpoint="order_delivered", label="negative")) == {LATE}
    assert query(seeded, journey="nope")["answers"] == []
    assert query(seeded, end=(now - timedelta(days=1)).date())["answers"] == []


def test_each_answer_explains_its_score(seeded):
    now = utcnow()
    answers(seeded, [LATE], now)
    [row] = query(seeded)["answers"]
    explanation = row["explanation"]
    assert {t["key"] for t in explanation["themes"]} >= {"delivery_late"}
    assert explanation["polarity_words"] and explanation["face"]["value"] < 0
    assert row["stage"] == "Service" and row["channel"] == "Courier"


def test_pages_of_answers(seeded):
    now = utcnow()
    answers(seeded, [f"jawaban {i}" for i in range(PAGE_SIZE + 2)], now)
    first, second = query(seeded), query(seeded, page=2)
    assert len(first["answers"]) == PAGE_SIZE and first["has_next"] and not first["has_previous"]
    assert len(second["answers"]) == 2 and not second["has_next"] and second["has_previous"]
    assert not {a["id"] for a in first["answers"]} & {a["id"] for a in second["answers"]}


def test_the_page_shows_answers_explanations_and_a_pager(seeded_app, app_engine, staff_login):
    now = utcnow()
    answers(app_engine, [LATE] + [f"jawaban {i}" for i in range(PAGE_SIZE)], now)
    client = logged_in(seeded_app, staff_login)
    html = client.get("/responses?journey=katering-sehat&q=telat").get_data(as_text=True)
    assert LATE in html and "Why this score?" in html and "jawaban 1" not in html
    assert "Late delivery" in html and "delivery_late" not in html  # theme names, never internal keys
    assert "&#39;telat&#39; pulls" in html or "'telat' pulls" in html
    assert 'rel="next"' in client.get("/responses").get_data(as_text=True)
    assert client.get("/responses?page=0").status_code == 400
    assert client.get("/responses?label=angry").status_code == 400


def test_csv_export_has_the_filtered_answers_with_a_bom_and_no_formulas(seeded_app, app_engine, staff_login):
    now = utcnow()
    answers(app_engine, [LATE, '=HYPERLINK("http://evil","x")', "+1 enak", "@SUM(A1)", "-telat sekali"], now)
    client = logged_in(seeded_app, staff_login)
    response = client.get("/responses/export.csv?journey=katering-sehat")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    texts = {row["text"] for row in rows}
    assert LATE in texts and '\'=HYPERLINK("http://evil","x")' in texts
    assert {"'+1 enak", "'@SUM(A1)", "'-telat sekali"} <= texts
    assert all(not row["text"].startswith(("=", "+", "-", "@")) for row in rows)
    assert {row["stage"] for row in rows} == {"Service"} and float(rows[0]["polarity"]) <= 1
    only_late = client.get("/responses/export.csv?theme=delivery_late").get_data().decode("utf-8-sig")
    assert LATE in only_late and "enak" not in only_late


def test_safe_cell_leaves_numbers_alone():
    assert safe_cell(-0.5) == "-0.5" and safe_cell("-0.5") == "'-0.5" and safe_cell(None) == ""


PRAISE = "Makanannya enak banget, kurirnya ramah!"


def test_an_answer_whose_text_disagrees_with_its_face_is_flagged_and_filtered(seeded):
    now = utcnow()
    ids = schedule_invitations(seeded, 3, now)
    answer(seeded, ids[0], 2, PRAISE, now, rating=2)
    answer(seeded, ids[1], 1, LATE, now, rating=1)
    answer(seeded, ids[2], 5, PRAISE, now, rating=5)
    flagged = query(seeded, flagged=True)["answers"]
    assert [a["text"] for a in flagged] == [PRAISE]
    [row] = flagged
    assert row["label"] == "negative" and row["text_label"] == "positive" and row["text_contradicts_face"]
    assert row["face"] == 2 and row["text_polarity"] > 0
    assert len(query(seeded)["answers"]) == 3
    assert ResponseQuery.from_args({"flagged": "1"}).as_params() == {"flagged": 1}
    assert ResponseQuery.from_args({}).as_params() == {}


def test_the_page_says_face_and_text_disagree_in_both_languages(seeded_app, app_engine, staff_login):
    now = utcnow()
    [invitation_id] = schedule_invitations(app_engine, 1, now)
    answer(app_engine, invitation_id, 2, PRAISE, now, rating=2)
    client = logged_in(seeded_app, staff_login)
    html = client.get("/responses?flagged=1").get_data(as_text=True)
    assert "face: disappointed · text reads positive" in html and PRAISE in html
    assert "Only answers whose text disagrees with the face" in html
    assert client.get("/responses?flagged=yes").status_code == 400
    token = csrf_token(client.get("/responses").get_data(as_text=True))
    client.post("/locale", data={"locale": "id", "next": "/responses", "csrf_token": token})
    html = client.get("/responses?flagged=1").get_data(as_text=True)
    assert "wajah: kecewa · teksnya terbaca positif" in html
    assert "menarik" in html and "ke arah" in html  # the words' pull, in Indonesian too


def test_an_indonesian_reader_sees_the_journeys_touchpoints_in_indonesian(seeded):
    """The map showed 'Menerima kiriman makan siang'; the answers page and its filter said 'Receives a meal
    delivery' to the same Indonesian reader."""
    from feedback_app.reporting.browser_page import browser_page

    answers(seeded, [LATE], utcnow())
    with session_scope(seeded) as session:
        indonesian = browser_page(session, ResponseQuery(), "id")
        english = browser_page(session, ResponseQuery(), "en")
    assert indonesian.result["answers"][0]["touchpoint"] == "Menerima kiriman makan siang"
    assert english.result["answers"][0]["touchpoint"] == "Receives a meal delivery"
    assert ("order_delivered", "Menerima kiriman makan siang") in indonesian.choices["touchpoints"]
