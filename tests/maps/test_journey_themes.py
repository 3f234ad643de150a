"""A journey's own themes: validated, read by the scorer for its answers (the survey page, rescore), named on the
map, and suggested from recurring uncovered answers (candidate themes)."""

from datetime import timedelta

import pytest
from helpers import answer, csrf_token, hidden_inputs, invitation, logged_in, schedule_invitations
from sqlmodel import select

from feedback_app.common.clock import utcnow
from feedback_app.insight.rescoring import count_pending, rescore
from feedback_app.insight.theme_sets import THEME_SETS, ThemeSetCache, load_theme_set, theme_set
from feedback_app.maps.candidate_themes import candidate_themes
from feedback_app.maps.journey_themes import list_themes, save_theme
from feedback_app.maps.journeys import MapEditError, delete_journey
from feedback_app.maps.live_map import build_map
from feedback_app.models import JourneyTheme, Response, get_journey
from feedback_app.scoring import SCORER_VERSION
from feedback_app.storage.database import session_scope

SLUG = "katering-sehat"
MENU = {
    "label_en": "Menu variety",
    "label_id": "Variasi menu",
    "polarity": "-1",
    "terms": "bosan\nmenu sama, itu itu aja\nsame menu",
}


def add_menu_theme(engine, **changes):
    with session_scope(engine) as session:
        return save_theme(session, SLUG, {**MENU, **changes}, utcnow()).key


def stored(engine):
    with session_scope(engine) as session:
        return list(session.exec(select(Response).order_by(Response.id)))


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"label_en": " "}, "label_en"),
        ({"label_id": ""}, "label_id"),
        ({"key": "Menu Variety!"}, "key"),
        ({"polarity": "2"}, "polarity"),
        ({"terms": " \n ,"}, "terms"),
        ({"terms": "yang\nvery"}, "terms"),
        ({"terms": "x" * 61}, "terms"),
        ({"terms": "tidak\nkurang"}, "terms"),
        ({"terms": "\n".join(f"kata{n}" for n in range(41))}, "terms"),
    ],
)
def test_a_theme_that_cannot_work_is_refused_naming_the_field(seeded, changes, field):
    with pytest.raises(MapEditError) as refused:
        add_menu_theme(seeded, **changes)
    assert refused.value.field == field and str(refused.value)
    with session_scope(seeded) as session:
        assert list_themes(session, SLUG) == []


def test_a_theme_gets_its_key_from_the_english_name_and_keys_are_unique_per_journey(seeded):
    assert add_menu_theme(seeded) == "menu_variety"
    with pytest.raises(MapEditError, match="already has a theme 'menu_variety'"):
        add_menu_theme(seeded)
    with session_scope(seeded) as session:
        [theme] = list_themes(session, SLUG)
        assert theme.terms == ["bosan", "menu sama", "itu itu aja", "same menu"] and theme.polarity == -1


def test_answers_of_the_journey_are_read_with_its_themes_and_say_so_in_their_version(seeded):
    add_menu_theme(seeded)
    now = utcnow()
    ids = schedule_invitations(seeded, 2, now)
    answer(seeded, ids[0], 2, "menunya itu itu aja tiap minggu, bosan", now)
    answer(seeded, ids[1], 2, "always the same menu every week", now)
    first, second = stored(seeded)
    assert "menu_variety" in first.themes and "menu_variety" in second.themes
    with session_scope(seeded) as session:
        version = load_theme_set(session, get_journey(session, SLUG).id).scorer
        stages = build_map(session, SLUG, lang="id")["stages"]
    assert first.scorer == version == f"{SCORER_VERSION}+j{version.rsplit('+j', 1)[1]}" != SCORER_VERSION
    pains = [p for s in stages for p in s["pain_points"] if p["key"] == "menu_variety"]
    assert pains and pains[0]["theme"] == "Variasi menu" and pains[0]["count"] == 2


def test_changing_a_theme_changes_the_version_and_rescore_rereads_the_earlier_answers(seeded):
    now = utcnow()
    ids = schedule_invitations(seeded, 3, now)
    for n, invitation_id in enumerate(ids):
        answer(seeded, invitation_id, 2, "nasinya keras dan bosan" if n else "menu sama terus, bosan", now)
    assert all("menu_variety" not in r.themes for r in stored(seeded))
    factory = lambda: session_scope(seeded)  # noqa: E731
    with session_scope(seeded) as session:
        assert count_pending(session) == 0
    add_menu_theme(seeded)
    with session_scope(seeded) as session:
        assert count_pending(session) == 3 and count_pending(session, journey=SLUG) == 3
    assert sum(rescore(factory, journey=SLUG)) == 3
    assert all("menu_variety" in r.themes for r in stored(seeded))
    assert list(rescore(factory)) == []  # idempotent
    with session_scope(seeded) as session:
        theme = session.exec(select(JourneyTheme)).one()
        before = load_theme_set(session, theme.journey_id).digest
        save_theme(session, SLUG, {**MENU, "terms": "bosan"}, utcnow(), key="menu_variety")
        assert load_theme_set(session, theme.journey_id).digest != before
        assert count_pending(session) == 3


def test_the_cache_keeps_two_databases_apart():
    cache = ThemeSetCache()
    first, second = (
        theme_set([]),
        theme_set([JourneyTheme(journey_id=1, key="k", label_en="K", label_id="K", polarity=-1, terms=["bosan"])]),
    )
    assert cache.get(1, lambda _: first, "sqlite:///a.db") is first
    assert cache.get(1, lambda _: second, "sqlite:///b.db") is second
    assert cache.get(1, lambda _: second, "sqlite:///a.db") is first
    cache.forget(1)
    assert cache.get(1, lambda _: second, "sqlite:///a.db") is second


def test_the_cache_reads_a_journeys_themes_again_after_its_time():
    clock = [100.0]
    cache, reads = ThemeSetCache(seconds=10, clock=lambda: clock[0]), []

    def read(journey_id):
        reads.append(journey_id)
        return theme_set([])

    cache.get(1, read), cache.get(1, read)
    clock[0] += 9.9
    cache.get(1, read)
    assert reads == [1]
    clock[0] += 0.2
    cache.get(1, read)
    cache.forget(1)
    cache.get(1, read)
    assert reads == [1, 1, 1]


def test_candidate_themes_count_recurring_uncovered_terms_across_languages(seeded):
    now = utcnow()
    texts = [
        "es tehnya kurang manis, kecewa",
        "teh nya kurang manis, kecewa",
        "the iced tea was not sweet enough, disappointed",
        "nasinya keras",
        "kurirnya telat",
    ]
    for invitation_id, text in zip(schedule_invitations(seeded, len(texts), now), texts):
        answer(seeded, invitation_id, 2, text, now)
    with session_scope(seeded) as session:
        journey_id = get_journey(session, SLUG).id
        found = {c.key: c for c in candidate_themes(session, journey_id)}
        assert candidate_themes(session, journey_id, since=now + timedelta(seconds=1)) == []
    sweet = found["term:not_sweet"]
    assert sweet.answers == 3 and sweet.negative == 3 and sweet.polarity == -1 and len(sweet.quotes) == 3
    assert sweet.label == "Not sweet" and sweet.terms[0] in ("tidak manis", "not sweet") and "not sweet" in sweet.terms
    assert not any(key in found for key in ("delivery_late", "food_taste_bad"))  # covered by themes


def test_a_journey_with_its_own_themes_can_still_be_deleted(seeded):
    from feedback_app.maps.journeys import create_journey

    with session_scope(seeded) as session:
        create_journey(session, "Corporate lunch", "", "current_state", "monthly", None)
    with session_scope(seeded) as session:
        save_theme(session, "corporate-lunch", MENU, utcnow())
    with session_scope(seeded) as session:
        delete_journey(session, "corporate-lunch")
    with session_scope(seeded) as session:
        assert session.exec(select(JourneyTheme)).all() == []


def test_a_cx_manager_makes_a_candidate_a_theme_and_the_next_answer_on_the_survey_page_gets_it(
    seeded_app, app_engine, staff_login
):
    now = utcnow()
    ids = schedule_invitations(app_engine, 3, now)
    for invitation_id in ids[:2]:
        answer(app_engine, invitation_id, 2, "es tehnya kurang manis, kecewa", now)
    client = logged_in(seeded_app, staff_login, "cx_manager")
    page = client.get(f"/maps/{SLUG}/themes").get_data(as_text=True)
    assert "Candidate themes" in page and "Not sweet" in page and "Make a theme" in page
    assert "label_id=Tidak+manis" in page  # 'Make a theme' fills in the Indonesian name too
    assert "No themes of its own yet" in page
    prefilled = client.get(f"/maps/{SLUG}/themes?label_en=Not+sweet&terms=tidak+manis&polarity=-1&key=not_sweet")
    assert 'value="Not sweet"' in prefilled.get_data(as_text=True)
    refused = client.post(
        f"/maps/{SLUG}/themes",
        data={"label_en": "Not sweet", "terms": "tidak manis", "polarity": "-1", "csrf_token": csrf_token(page)},
        follow_redirects=True,
    )
    assert "Give the theme an Indonesian name too" in refused.get_data(as_text=True)
    kept = client.post(
        f"/maps/{SLUG}/themes",
        data={
            "label_en": "Not sweet",
            "label_id": "Kurang manis",
            "terms": "yang",
            "polarity": "-1",
            "csrf_token": csrf_token(page),
        },
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "has no word the scorer can match" in kept and 'value="Kurang manis"' in kept  # what was typed is kept
    saved = client.post(
        f"/maps/{SLUG}/themes",
        data={
            "label_en": "Not sweet",
            "label_id": "Kurang manis",
            "terms": "tidak manis\nnot sweet",
            "polarity": "-1",
            "key": "not_sweet",
            "csrf_token": csrf_token(page),
        },
        follow_redirects=True,
    )
    html = saved.get_data(as_text=True)
    assert "Theme &#39;Not sweet&#39; saved" in html and "2 earlier answers were read with other themes" in html
    assert "“Read them again now” re-reads the earlier ones" in html
    assert "No recurring uncovered terms yet" in html  # the candidate became a theme, even before rescoring

    customer = seeded_app.test_client()
    token = invitation(app_engine, ids[2]).token
    form = customer.get(f"/s/{token}").get_data(as_text=True)
    posted = customer.post(
        f"/s/{token}", data={**hidden_inputs(form), "feeling": "2", "csat": "2", "comment": "teh nya kurang manis"}
    )
    assert posted.status_code == 302
    assert "not_sweet" in stored(app_engine)[-1].themes
    THEME_SETS.forget(get_journey_id(app_engine))


def get_journey_id(engine):
    with session_scope(engine) as session:
        return get_journey(session, SLUG).id


def test_a_marketer_reads_the_themes_but_cannot_change_them(seeded_app, app_engine, staff_login):
    add_menu_theme(app_engine)
    client = logged_in(seeded_app, staff_login, "marketer")
    page = client.get(f"/maps/{SLUG}/themes")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Menu variety" in html and "Add a theme" not in html
    token = csrf_token(client.get("/maps").get_data(as_text=True))
    assert client.post(f"/maps/{SLUG}/themes", data={**MENU, "csrf_token": token}).status_code == 403
    assert client.post(f"/maps/{SLUG}/themes/menu_variety/delete", data={"csrf_token": token}).status_code == 403
    assert client.get("/maps/no-such-map/themes").status_code == 404


def test_the_themes_page_speaks_indonesian(seeded_app, app_engine, staff_login):
    add_menu_theme(app_engine)
    client = logged_in(seeded_app, staff_login, "cx_manager")
    token = csrf_token(client.get("/maps").get_data(as_text=True))
    client.post("/locale", data={"locale": "id", "csrf_token": token})
    html = client.get(f"/maps/{SLUG}/themes").get_data(as_text=True)
    assert "Variasi menu" in html and "Tema kandidat" in html and "Candidate themes" not in html


@pytest.mark.postgres
def test_journey_themes_on_postgres_score_rescore_suggest_and_migrate_down_and_up(pg, postgres_url):
    from alembic import command
    from sqlalchemy import inspect

    from feedback_app.storage.database import alembic_config, upgrade_schema

    try:
        add_menu_theme(pg)
        now = utcnow()
        texts = [
            "menunya itu itu aja tiap minggu, bosan",
            "always the same menu every week",
            "es tehnya kurang manis, kecewa",
            "teh nya kurang manis, kecewa",
        ]
        for invitation_id, text in zip(schedule_invitations(pg, len(texts), now), texts):
            answer(pg, invitation_id, 2, text, now)
        with session_scope(pg) as session:
            journey_id = get_journey(session, SLUG).id
            first = load_theme_set(session, journey_id).scorer
            assert first.startswith(f"{SCORER_VERSION}+j") and len(first.rsplit("+j", 1)[1]) == 8
            assert [c.key for c in candidate_themes(session, journey_id)] == ["term:not_sweet"]
        themed = [(True, first)] * 2 + [(False, first)] * 2
        assert [("menu_variety" in r.themes, r.scorer) for r in stored(pg)] == themed

        with session_scope(pg) as session:
            save_theme(session, SLUG, {**MENU, "terms": MENU["terms"] + "\nmenunya sama"}, utcnow(), key="menu_variety")
            second = load_theme_set(session, journey_id).scorer
            assert second != first and count_pending(session, journey=SLUG) == 4
        assert sum(rescore(lambda: session_scope(pg), journey=SLUG)) == 4
        assert [r.scorer for r in stored(pg)] == [second] * 4 and list(rescore(lambda: session_scope(pg))) == []

        command.downgrade(alembic_config(postgres_url), "0007_journey_themes@0001")  # its branch, and 0009 above it
        with pg.connect() as connection:
            assert "journey_theme" not in inspect(connection).get_table_names()
        upgrade_schema(postgres_url)
        add_menu_theme(pg)
        with session_scope(pg) as session:
            assert [t.key for t in list_themes(session, SLUG)] == ["menu_variety"]
    finally:
        THEME_SETS.forget(get_journey_id(pg))  # the cache is per process, keyed by journey id: not this database's


def test_a_cx_manager_asks_for_earlier_answers_to_be_read_again_and_the_scheduler_does_it(
    seeded_app, app_engine, staff_login
):
    from feedback_app.models import RescoreRequest
    from feedback_app.scheduler import run_rescore_jobs

    now = utcnow()
    for invitation_id in schedule_invitations(app_engine, 3, now):
        answer(app_engine, invitation_id, 2, "menu sama terus, bosan", now)
    add_menu_theme(app_engine, terms="menu sama")
    client = logged_in(seeded_app, staff_login, "cx_manager")
    page = client.get(f"/maps/{SLUG}/themes").get_data(as_text=True)
    assert "3 earlier answers were read with other themes" in page and "Read them again now" in page
    assert "an admin runs" not in page  # the button beside it does it
    asked = client.post(f"/maps/{SLUG}/themes/reread", data={"csrf_token": csrf_token(page)}, follow_redirects=True)
    html = asked.get_data(as_text=True)
    assert "will be read again" in html and "Reading 3 earlier answers again" in html
    client.post(f"/maps/{SLUG}/themes/reread", data={"csrf_token": csrf_token(page)})  # twice: still one request
    with session_scope(app_engine) as session:
        assert len(session.exec(select(RescoreRequest)).all()) == 1
    settings = seeded_app.extensions["feedback_settings"]
    assert run_rescore_jobs(app_engine, settings) == 3
    assert run_rescore_jobs(app_engine, settings) == 0  # nothing left: the request is gone
    with session_scope(app_engine) as session:
        assert session.exec(select(RescoreRequest)).all() == []
    assert all("menu_variety" in r.themes for r in stored(app_engine))
    done = client.get(f"/maps/{SLUG}/themes").get_data(as_text=True)
    assert "earlier answer" not in done and "3 answers" in done


def test_removing_a_journeys_last_theme_still_offers_to_read_its_answers_again(seeded_app, app_engine, staff_login):
    now = utcnow()
    add_menu_theme(app_engine)
    for invitation_id in schedule_invitations(app_engine, 2, now):
        answer(app_engine, invitation_id, 2, "menu sama terus, bosan", now)
    client = logged_in(seeded_app, staff_login, "cx_manager")
    page = client.get(f"/maps/{SLUG}/themes").get_data(as_text=True)
    removed = client.post(
        f"/maps/{SLUG}/themes/menu_variety/delete", data={"csrf_token": csrf_token(page)}, follow_redirects=True
    ).get_data(as_text=True)
    assert "Theme removed" in removed and "2 earlier answers were read with other themes" in removed
    assert "Read them again now" in removed


def test_a_candidates_quotes_hold_each_text_once(seeded):
    """Two customers who wrote the same words are counted twice and quoted once (the demo's 'Hard' card quoted
    'The brown rice is hard as a rock' twice)."""
    now = utcnow()
    texts = ["the receipt is smudged and unreadable"] * 2 + ["receipt smudged again"]
    for invitation_id, text in zip(schedule_invitations(seeded, len(texts), now), texts):
        answer(seeded, invitation_id, 2, text, now)
    with session_scope(seeded) as session:
        [receipt] = [c for c in candidate_themes(session, get_journey(session, SLUG).id) if c.key == "term:receipt"]
    assert receipt.answers == 3
    assert sorted(receipt.quotes) == ["receipt smudged again", "the receipt is smudged and unreadable"]
