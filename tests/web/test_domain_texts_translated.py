"""What domain code writes for the staff pages (map-editing and trigger errors, condition readings, funnel and
chart labels, the CSV import report, the printable map) reads in the staff user's language: Indonesian for
a user whose language is "id", English for one whose language is "en"."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from helpers import answer, csrf_token, schedule_invitations
from sqlmodel import select

from feedback_app.common.clock import utcnow
from feedback_app.config import PROJECT_ROOT
from feedback_app.models import Questionnaire, Touchpoint, Trigger
from feedback_app.staff.accounts import create_user
from feedback_app.storage.database import session_scope
from feedback_app.triggers.editing import TriggerSettings, save_trigger, set_active
from feedback_app.web.catalogs import TRANSLATIONS

CATALOG = TRANSLATIONS / "id" / "LC_MESSAGES" / "messages.po"
IMPORT_HEADER = "touchpoint,event_id,occurred_at,customer_external_id,customer_email,customer_locale,attr_plan\n"


@pytest.fixture
def reader(seeded_app, app_engine):
    """A logged-in test client for a staff user of a role whose pages are in `locale`."""

    def log_in(locale: str, role: str = "admin"):
        email = f"{role}-{locale}@example.com"
        with session_scope(app_engine) as session:
            create_user(session, email, role, "correct horse battery", locale=locale)
        client = seeded_app.test_client()
        token = csrf_token(client.get("/login").get_data(as_text=True))
        assert (
            client.post(
                "/login", data={"email": email, "password": "correct horse battery", "csrf_token": token}
            ).status_code
            == 302
        )
        return client

    return log_in


def page(response) -> str:
    """The visible text of a response, entities decoded (“'” arrives as &#39;)."""
    return unescape(response.get_data(as_text=True))


def post_form(client, url: str, form_page: str, **fields):
    token = csrf_token(client.get(form_page).get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, **fields}, follow_redirects=True)


def trigger_ids(engine) -> tuple[int, int]:
    with session_scope(engine) as session:
        touchpoint = session.exec(select(Touchpoint).where(Touchpoint.key == "order_delivered")).one()
        questionnaire = session.exec(select(Questionnaire).where(Questionnaire.key == "service-delivery")).one()
        return touchpoint.id, questionnaire.id


@pytest.mark.parametrize(
    "locale, messages",
    [
        (
            "id",
            [
                "Beri nama tahap ini, misalnya 'Onboarding'.",
                "Isi sel paling banyak 2000 karakter.",
                "'sangat' bukan angka: target ditulis seperti 0,5 atau -0,2.",
            ],
        ),
        (
            "en",
            [
                "Give the stage a name, e.g. 'Onboarding'.",
                "Keep a cell under 2000 characters.",
                "'sangat' is not a number: a target is like 0.5 or -0.2.",
            ],
        ),
    ],
)
def test_map_editing_errors_speak_the_editors_language(reader, locale, messages):
    client = reader(locale, "cx_manager")
    edit = "/maps/katering-sehat/edit"
    no_name = post_form(client, "/maps/katering-sehat/stages", edit, name="")
    assert messages[0] in page(no_name)
    token = csrf_token(client.get(edit).get_data(as_text=True))
    in_place = client.post(
        "/maps/katering-sehat/cells/service/process",
        data={"csrf_token": token, "content": "x" * 2001},
        headers={"Accept": "application/json"},
    )
    assert in_place.status_code == 422 and in_place.get_json()["error"] == messages[1]
    bad_target = post_form(client, "/maps/katering-sehat/stages/service", edit, name="Service", target="sangat")
    assert messages[2] in page(bad_target)


@pytest.mark.parametrize(
    "locale, expected, english",
    [
        (
            "id",
            [
                "Baris 1 · Data pelanggan: 'home city' bukan data pelanggan",
                "Baris 2 · Nilai: 'lebih besar dari' memerlukan angka, bukan 'tua'",
                "Tautan harus berlaku lebih lama daripada jeda sebelum pengiriman.",
            ],
            "is not a customer field",
        ),
        (
            "en",
            [
                "Row 1 · Customer field: 'home city' is not a customer field",
                "Row 2 · Value: 'is greater than' needs a number, not 'tua'",
                "The link must stay valid longer than the delay before sending.",
            ],
            None,
        ),
    ],
)
def test_trigger_errors_speak_the_marketers_language(reader, app_engine, locale, expected, english):
    client = reader(locale, "marketer")
    touchpoint_id, questionnaire_id = trigger_ids(app_engine)
    response = post_form(
        client,
        "/triggers/new",
        "/triggers/new",
        name="Bad",
        touchpoint_id=touchpoint_id,
        questionnaire_id=questionnaire_id,
        channel="email",
        delay_minutes="120",
        expiry_hours="1",
        fatigue_days="7",
        sample_percent="100",
        match="all",
        schedule_timezone="Asia/Jakarta",
        **{
            "rows-0-field": "home city",  # `plan` alone would be attributes.plan
            "rows-0-op": "eq",
            "rows-0-value": "x",
            "rows-1-field": "attributes.age",
            "rows-1-op": "gt",
            "rows-1-value": "tua",
        },
    )
    html = page(response)
    assert response.status_code == 422 and all(text in html for text in expected), html
    assert english is None or english not in html


def test_conditions_and_the_funnel_read_in_indonesian(reader, app_engine):
    now = utcnow()
    touchpoint_id, questionnaire_id = trigger_ids(app_engine)
    with session_scope(app_engine) as session:
        trigger = save_trigger(
            session,
            TriggerSettings(
                name="Paket bulanan",
                touchpoint_id=touchpoint_id,
                questionnaire_id=questionnaire_id,
                conditions={
                    "all": [
                        {"field": "attributes.plan", "op": "eq", "value": "monthly"},
                        {
                            "any": [
                                {"field": "attributes.city", "op": "in", "value": ["Jakarta", "Bandung"]},
                                {"field": "persona", "op": "exists", "value": False},
                            ]
                        },
                    ]
                },
            ),
            now,
        )
        trigger_id = trigger.id
        demo = session.exec(
            select(Trigger).where(Trigger.touchpoint_id == touchpoint_id, Trigger.id != trigger_id)
        ).one()
        set_active(session, demo.id, False)
    schedule_invitations(app_engine, 2, now)  # no plan attribute: conditions not met; the demo trigger is paused
    indonesian, english = reader("id", "marketer"), reader("en", "marketer")

    html = page(indonesian.get(f"/triggers/{trigger_id}"))
    assert "plan sama dengan monthly dan (city salah satu dari Jakarta, Bandung atau persona tidak terisi)" in html
    assert all(
        f'<span class="step">{step}</span>' in html for step in ("cocok", "terjadwal", "terkirim", "dibuka", "dijawab")
    )
    assert '<th scope="row">syarat tidak terpenuhi</th>' in html and "conditions not met" not in html
    assert '<th scope="row">pemicu dijeda</th>' in page(indonesian.get(f"/triggers/{demo.id}"))
    assert "semua orang" in page(indonesian.get("/triggers")) and "everyone" not in page(indonesian.get("/triggers"))

    html = page(english.get(f"/triggers/{trigger_id}"))
    assert "plan equals monthly and (city is one of Jakarta, Bandung or persona is not set)" in html
    assert '<span class="step">matched</span>' in html and '<th scope="row">conditions not met</th>' in html


def chart_specs(html: str) -> dict:
    return {
        name: json.loads(body)
        for name, body in re.findall(r'<script type="application/json" id="spec-([\w-]+)">(.*?)</script>', html, re.S)
    }


def words_of(spec) -> set[str]:
    """Every title (chart, axis, legend, tooltip) and every string data value in a Vega-Lite spec."""
    found = set()
    if isinstance(spec, dict):
        for key, value in spec.items():
            if key == "title" and isinstance(value, str):
                found.add(value)
            found |= words_of(value)
    elif isinstance(spec, list):
        for value in spec:
            found |= words_of(value)
    elif isinstance(spec, str):
        found.add(spec)
    return found


def test_dashboard_charts_are_labelled_in_the_readers_language(reader, app_engine):
    now = utcnow()
    for invitation_id, face in zip(schedule_invitations(app_engine, 2, now), (1, 5)):
        answer(
            app_engine, invitation_id, face, "Kurirnya terlambat dan makanannya dingin" if face == 1 else "Enak", now
        )
    indonesian = page(reader("id", "cx_manager").get("/dashboards/katering-sehat"))
    specs = chart_specs(indonesian)
    assert ">Sebaran sentimen per tahap</h2>" in indonesian and ">Corong undangan per pemicu</h2>" in indonesian
    split = words_of(specs["sentiment-split"])
    assert {"Porsi jawaban", "Sentimen", "Tahap", "negatif", "positif", "Layanan"} <= split
    assert not {"Share of answers", "Sentiment", "Service"} & split  # "negative" stays, as the rows' key
    assert specs["sentiment-split"]["encoding"]["color"]["scale"]["domain"] == ["positif", "netral", "negatif"]
    assert {"Rata-rata emosi (−1..1)", "Tahap", "Jawaban"} <= words_of(specs["emotion-over-time"])
    assert {"Jawaban dengan keluhan ini", "Porsi kumulatif", "Pengiriman terlambat"} <= words_of(specs["pain-points"])
    assert {"cocok", "terjadwal", "Undangan", "dari yang cocok"} <= words_of(specs["invitation-funnel"])

    english = chart_specs(page(reader("en", "cx_manager").get("/dashboards/katering-sehat")))
    assert {"Share of answers", "Sentiment", "negative", "Service"} <= words_of(english["sentiment-split"])
    assert {"matched", "Invitations", "of matched"} <= words_of(english["invitation-funnel"])


@pytest.mark.parametrize(
    "locale, summary, problem",
    [
        (
            "id",
            "3 baris dibaca: 1 disimpan, 0 duplikat, 2 bermasalah; 0 undangan dijadwalkan",
            ["titik sentuh 'nope' tidak dikenal", "'customer_locale' harus 'id' (Indonesia) atau 'en' (Inggris)"],
        ),
        (
            "en",
            "3 row(s) read: 1 stored, 0 duplicate(s), 2 with errors; 0 invitation(s) scheduled",
            ["unknown touchpoint 'nope'", "'customer_locale' must be 'id' (Indonesian) or 'en' (English)"],
        ),
    ],
)
def test_the_import_report_speaks_the_marketers_language(reader, locale, summary, problem):
    client = reader(locale, "marketer")
    csv = IMPORT_HEADER + "order_delivered,u-1,,c-1,,,\nnope,u-2,,c-2,,,\norder_delivered,u-3,,c-3,,fr,\n"
    token = csrf_token(client.get("/events/import").get_data(as_text=True))
    html = page(
        client.post(
            "/events/import",
            content_type="multipart/form-data",
            data={"csrf_token": token, "file": (io.BytesIO(csv.encode()), "events.csv")},
        )
    )
    assert summary in html and all(text in html for text in problem), html
    token = csrf_token(client.get("/events/import").get_data(as_text=True))
    broken = page(
        client.post(
            "/events/import",
            content_type="multipart/form-data",
            data={"csrf_token": token, "file": (io.BytesIO(b"a,b\n1,2\n"), "x.csv")},
        )
    )
    assert (
        "baris judul tidak memuat kolom touchpoint, customer_external_id"
        if locale == "id"
        else "the header row lacks the column(s) touchpoint, customer_external_id"
    ) in broken


def test_the_printable_map_and_its_curve_are_in_indonesian(reader):
    indonesian = page(reader("id", "cx_manager").get("/maps/katering-sehat/print"))
    assert '<html lang="id">' in indonesian and "peta perjalanan untuk tinjauan" in indonesian
    for text in (
        "Cetak atau simpan sebagai PDF",
        "Kembali ke peta",
        "semua jawaban",
        "dicetak",
        ">Jalur</th>",
        ">Titik sentuh</th>",
        ">Emosi</th>",
        ">Masalah</th>",
        ">Layanan</th>",
        "Belum ada jawaban",
        "Kondisi saat ini",
        ">Emosi</text>",
    ):  # the last: the curve's axis in the inline SVG
        assert text in indonesian, text
    for text in (
        "Print or save",
        "Back to the map",
        "all answers",
        "printed",
        ">Lane<",
        ">Touchpoints<",
        ">Service<",
        "no answers",
        "current state",
        "current_state",
    ):
        assert text not in indonesian, text
    english = page(reader("en", "cx_manager").get("/maps/katering-sehat/print"))
    assert "Print or save as PDF" in english and ">Lane</th>" in english and ">Service</th>" in english


def test_bad_dates_and_suggestions_on_pages_are_in_indonesian(reader, app_engine):
    now = utcnow()
    for invitation_id in schedule_invitations(app_engine, 2, now):
        answer(app_engine, invitation_id, 1, "Kurirnya terlambat lagi", now)
    client = reader("id", "cx_manager")
    for url in (
        "/dashboards/katering-sehat?from=kemarin",
        "/maps/katering-sehat?from=kemarin",
        "/responses?from=kemarin",
        "/maps/katering-sehat/print?from=kemarin",
    ):
        response = client.get(url)
        assert response.status_code == 400 and "'from' harus berupa tanggal seperti 2026-03-17" in page(response), url
    review = page(client.get("/maps/katering-sehat/review?compare=periods&a_from=2026-03-10&a_to=2026-03-01"))
    assert "Dalam satu periode, tanggal 'Dari' tidak boleh setelah tanggal 'Sampai'." in review
    review = page(client.get("/maps/katering-sehat/review?compare=periods&b_from=2026-01-01"))
    assert "awal – hari ini → 2026-01-01 – hari ini" in review
    assert 'value="Pengiriman terlambat: 100% jawaban tahap layanan"' in page(client.get("/maps/katering-sehat"))


def named_placeholders(text: str) -> set[str]:
    return set(re.findall(r"%\((\w+)\)", text))


def test_every_catalog_text_is_translated_and_none_is_fuzzy():
    with CATALOG.open("rb") as po:
        catalog = read_po(po, locale="id")
    untranslated = [m.id for m in catalog if m.id and not (all(m.string) if isinstance(m.string, tuple) else m.string)]
    assert untranslated == []
    assert [m.id for m in catalog if m.id and m.fuzzy] == [] and not catalog.obsolete
    lost = [
        m.id
        for m in catalog
        if m.id
        for text in (m.string if isinstance(m.string, tuple) else [m.string])
        if named_placeholders(text) != named_placeholders(m.id[-1] if isinstance(m.id, tuple) else m.id)
    ]
    assert lost == []  # a %(name)s the Indonesian text lost or misspelt would fail when the page formats it
    # a bare '%' (not '%%', not '%(name)s') makes msgfmt --check refuse the catalog: 'CSAT (% rating' reads as '% r'
    bare = [m.id for m in catalog if m.id and "%" in re.sub(r"%%|%\(\w+\)[sdfr]", "", str(m.id) + str(m.string))]
    assert bare == []


def test_pybabel_extract_finds_no_text_missing_from_the_catalog(tmp_path):
    pybabel = Path(sys.executable).with_name("pybabel")
    template = tmp_path / "messages.pot"
    subprocess.run(
        [
            str(pybabel),
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-k",
            "N_",
            "-k",
            "Np_:1,2",
            "--no-location",
            "-o",
            str(template),
            ".",
        ],
        cwd=PROJECT_ROOT,
        check=True,
        capture_output=True,
    )
    with template.open("rb") as pot, CATALOG.open("rb") as po:
        extracted, catalog = read_po(pot), read_po(po, locale="id")
    assert sorted(str(m.id) for m in extracted if m.id and m.id not in catalog) == []
