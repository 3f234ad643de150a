"""/healthz tells a load balancer ok or not ok, and nothing about where the database lives."""

from __future__ import annotations

from feedback_app import create_app


def test_a_database_that_does_not_answer_gives_503_without_its_address(tmp_path, caplog):
    app = create_app(
        {"DATABASE_URL": "postgresql+psycopg://feedback@127.0.0.1:1/unreachable?connect_timeout=2", "TESTING": True}
    )
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "error"}
    body = response.get_data(as_text=True)
    assert "127.0.0.1" not in body and "unreachable" not in body
    assert "health check" in caplog.text  # the operator still finds the reason in the log
