"""CSV import in the file's own words: row problems name the column, near-miss headers get "did you mean …",
and a sample file shows the shape (and imports as it is)."""

import io

from helpers import csrf_token

from feedback_app.invitations.csv_columns import closest_column


def upload(client, content: str, name: str = "events.csv"):
    token = csrf_token(client.get("/events/import").get_data(as_text=True))
    data = {"csrf_token": token, "file": (io.BytesIO(content.encode()), name)}
    return client.post("/events/import", data=data, content_type="multipart/form-data")


def test_near_miss_headers_are_matched():
    assert closest_column("customer_emial") == "customer_email"
    assert closest_column("Customer Email") == "customer_email"
    assert closest_column("favourite_colour") is None


def test_a_row_problem_names_the_column_of_the_file(marketer):
    page = upload(marketer, "touchpoint,customer_external_id,customer_email\norder_delivered,u-1,not-an-address\n")
    html = page.get_data(as_text=True)
    assert "&#39;customer_email&#39; is not an e-mail address" in html and "customer.email" not in html


def test_an_ignored_near_miss_column_gets_a_did_you_mean(marketer):
    html = upload(marketer, "touchpoint,customer_external_id,customer_emial\norder_delivered,u-1,a@example.com\n")
    assert "customer_emial: did you mean customer_email?" in html.get_data(as_text=True)


def test_a_missing_required_column_names_the_header_to_rename(marketer):
    answer = upload(marketer, "touchpoint,customer_externalid\norder_delivered,u-1\n")
    html = answer.get_data(as_text=True)
    assert answer.status_code == 422 and "rename customer_externalid to customer_external_id" in html


def test_the_sample_file_is_offered_and_imports_cleanly(marketer):
    page = marketer.get("/events/import").get_data(as_text=True)
    assert 'href="/events/import/sample.csv"' in page
    sample = marketer.get("/events/import/sample.csv")
    assert sample.mimetype == "text/csv" and "attachment" in sample.headers["Content-Disposition"]
    html = upload(marketer, sample.get_data(as_text=True), "events-sample.csv").get_data(as_text=True)
    assert "2 row(s) read: 2 stored" in html
