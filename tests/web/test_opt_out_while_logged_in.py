"""A staff member who is logged in opens a customer's opt-out link: the page answers and writes go on.

On SQLite the view used to render inside its write transaction while the login's user loader opened a second
session, which waited the whole busy timeout for the lock the view held, then failed with "database is locked".
"""

from __future__ import annotations

import sqlite3

import pytest
from helpers import invitation, logged_in, schedule_invitations

from feedback_app.common.clock import utcnow


def write_at_once(database_url: str) -> None:
    """A write from another connection that refuses to wait: it fails if anyone still holds the write lock."""
    connection = sqlite3.connect(database_url.removeprefix("sqlite:///"), timeout=0)
    try:
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("UPDATE customer SET name = name")
        connection.commit()
    finally:
        connection.close()


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_logged_in_staff_member_opens_an_opt_out_link(seeded_app, app_engine, staff_login, database_url, method):
    [invitation_id] = schedule_invitations(app_engine, 1, utcnow(), locale="en")
    client = logged_in(seeded_app, staff_login, "admin")
    page = getattr(client, method)(f"/u/{invitation(app_engine, invitation_id).token}")
    assert page.status_code == 200
    assert ("Yes, unsubscribe" if method == "get" else "You are unsubscribed") in page.get_data(as_text=True)
    write_at_once(database_url)


def test_an_unknown_link_is_a_404_for_a_logged_in_staff_member_too(seeded_app, staff_login, database_url):
    client = logged_in(seeded_app, staff_login, "admin")
    assert client.get("/u/not-a-token").status_code == 404
    assert client.post("/u/not-a-token").status_code == 404
    write_at_once(database_url)
