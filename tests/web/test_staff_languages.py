"""Staff pages in Indonesian and English: the per-user switch, ?lang= before login, WTForms and Babel formats."""

from __future__ import annotations

from datetime import UTC, datetime

from helpers import csrf_token
from sqlmodel import select

from feedback_app.storage.database import session_scope


def log_in(app, staff_login, role: str = "cx_manager", account: tuple[str, str] | None = None):
    client = app.test_client()
    email, password = account or staff_login(role)
    token = csrf_token(client.get("/login").get_data(as_text=True))
    assert client.post("/login", data={"email": email, "password": password, "csrf_token": token}).status_code == 302
    return client, email


def switch(client, locale: str, back: str = "/maps"):
    token = csrf_token(client.get(back).get_data(as_text=True))
    return client.post("/locale", data={"locale": locale, "next": back, "csrf_token": token})


def test_the_switch_saves_the_language_on_the_user(seeded_app, app_engine, staff_login):
    from feedback_app.models import StaffUser

    account = staff_login("cx_manager")
    client, email = log_in(seeded_app, staff_login, account=account)
    assert "<h1>Journey maps</h1>" in client.get("/maps").get_data(as_text=True)
    response = switch(client, "id")
    assert response.status_code == 302 and response.location == "/maps"
    html = client.get("/maps").get_data(as_text=True)
    assert '<html lang="id">' in html and "<h1>Peta perjalanan</h1>" in html and "Keluar" in html
    with session_scope(app_engine) as session:
        assert session.exec(select(StaffUser.locale).where(StaffUser.email == email)).one() == "id"
    other_device, _ = log_in(seeded_app, staff_login, account=account)  # the choice follows the user
    assert "<h1>Peta perjalanan</h1>" in other_device.get("/maps").get_data(as_text=True)
    assert switch(client, "xx").status_code == 400


def test_a_link_with_lang_opens_in_that_language_and_leaves_the_saved_choice(seeded_app, staff_login):
    client, _ = log_in(seeded_app, staff_login)
    assert "<h1>Peta perjalanan</h1>" in client.get("/maps?lang=id").get_data(as_text=True)
    assert "<h1>Journey maps</h1>" in client.get("/maps").get_data(as_text=True)  # the next page: the saved one


def test_the_map_speaks_indonesian_with_indonesian_numbers(seeded_app, app_engine, staff_login):
    from helpers import answer, schedule_invitations

    now = datetime.now(UTC)
    for invitation_id, face in zip(schedule_invitations(app_engine, 2, now), (2, 5)):
        answer(app_engine, invitation_id, face, "Makanannya enak tapi kurirnya terlambat", now)
    client, _ = log_in(seeded_app, staff_login)
    switch(client, "id")
    html = client.get("/maps/katering-sehat").get_data(as_text=True)
    assert "Emosi" in html and "Masalah" in html and "Sunting peta: tahap, persona, titik sentuh" in html
    assert "2 jawaban" in html and "positif" in html
    assert '"no_answers": "Belum ada jawaban"' in html  # the live refresh (map.js) speaks it too
    assert "lang=id" in html  # and asks the API for Indonesian theme names


def test_anonymous_pages_follow_the_browser_and_lang_parameter(app):
    client = app.test_client()
    assert "<h1>Masuk</h1>" in client.get("/login", headers={"Accept-Language": "id-ID,id;q=0.9"}).get_data(
        as_text=True
    )
    assert "<h1>Log in</h1>" in client.get("/login", headers={"Accept-Language": "en-US"}).get_data(as_text=True)
    assert "<h1>Masuk</h1>" in client.get("/login?lang=id").get_data(as_text=True)
    assert "<h1>Masuk</h1>" in client.get("/login").get_data(as_text=True)  # remembered for the login POST
    html = client.get("/login?lang=en&next=%2Fmaps").get_data(as_text=True)
    assert "<h1>Log in</h1>" in html and 'href="/login?lang=id&amp;next=%2Fmaps"' in html


def test_wtforms_messages_are_indonesian(app, staff_login):
    client = app.test_client()
    token = csrf_token(client.get("/login?lang=id").get_data(as_text=True))
    html = client.post("/login", data={"email": "nope", "password": "", "csrf_token": token}).get_data(as_text=True)
    assert "&#39;nope&#39; bukan alamat e-mail." in html and "Kolom ini wajib diisi." in html

    admin, _ = log_in(app, staff_login, "admin")
    switch(admin, "id", "/admin/users")
    token = csrf_token(admin.get("/admin/users/new").get_data(as_text=True))
    html = admin.post(
        "/admin/users/new",
        data={"email": "x@example.com", "role": "boss", "locale": "id", "password": "pendek", "csrf_token": token},
    ).get_data(as_text=True)
    assert "Pilihan tidak valid." in html and "Kata sandi minimal 12 karakter." in html


def test_trigger_form_numbers_are_checked_in_indonesian(seeded_app, staff_login):
    client, _ = log_in(seeded_app, staff_login, "marketer")
    switch(client, "id", "/triggers")
    token = csrf_token(client.get("/triggers/new").get_data(as_text=True))
    html = client.post(
        "/triggers/new", data={"name": "", "delay_minutes": "-5", "expiry_hours": "x", "csrf_token": token}
    ).get_data(as_text=True)
    assert "Kolom ini wajib diisi." in html and "Angka harus antara 0 dan 43200." in html
    assert "Bukan bilangan bulat yang valid." in html and "Jeda (menit)" in html


def test_babel_formats_numbers_and_dates_for_the_reader(app):
    from flask_babel import force_locale, format_decimal, format_percent

    from feedback_app.web.i18n import signed, when

    moment = datetime(2026, 3, 17, 2, 5, tzinfo=UTC)
    with app.test_request_context():
        with force_locale("id"):
            assert format_decimal(1234.5) == "1.234,5" and signed(0.456) == "+0,46" and signed(-0.25, 1) == "-0,2"
            assert format_percent(0.34) == "34%" and when(moment) == "17 Mar 2026 02.05 UTC"
        with force_locale("en"):
            assert format_decimal(1234.5) == "1,234.5" and signed(0.456) == "+0.46"
            assert when(moment) == "Mar 17, 2026 2:05\u202fAM UTC"  # CLDR puts a narrow space before AM


def test_catalog_compiles_from_the_po_when_the_mo_is_missing(tmp_path):
    import shutil

    from feedback_app.web.catalogs import TRANSLATIONS, compile_catalogs

    copy = tmp_path / "translations"
    shutil.copytree(TRANSLATIONS, copy, ignore=shutil.ignore_patterns("*.mo"))
    written = compile_catalogs(copy)
    assert [path.name for path in written] == ["messages.mo"] and written[0].stat().st_size > 1000
    assert compile_catalogs(copy) == []  # up to date: nothing to do


def test_dashboards_answers_outbox_and_import_pages_speak_indonesian(seeded_app, app_engine, staff_login):
    from helpers import answer, schedule_invitations

    now = datetime.now(UTC)
    invitation_ids = schedule_invitations(app_engine, 2, now)
    answer(app_engine, invitation_ids[0], 2, "Kurirnya terlambat dan makanannya dingin", now)
    client, _ = log_in(seeded_app, staff_login, "admin")
    switch(client, "id")
    pages = {
        "/dashboards/katering-sehat": "Dasbor · 1 jawaban dalam tampilan ini",
        "/responses": "Mengapa skor ini?",
        "/invitations": "Kotak keluar",
        "/events/import": "<h1>Impor peristiwa</h1>",
    }
    for path, text in pages.items():
        response = client.get(path)
        assert response.status_code == 200 and text in response.get_data(as_text=True), path
    assert "negatif" in client.get("/responses").get_data(as_text=True)


def test_the_maps_list_gives_each_journeys_goal_in_the_readers_language(seeded_app, staff_login):
    client, _ = log_in(seeded_app, staff_login)
    switch(client, "id")
    html = client.get("/maps").get_data(as_text=True)
    assert "Memahami mengapa pelanggan uji coba tidak memperpanjang" in html
    assert "Understand why trial customers" not in html
