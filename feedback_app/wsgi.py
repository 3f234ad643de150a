"""The WSGI entry point for gunicorn: `gunicorn feedback_app.wsgi:app`."""

from feedback_app import create_app
from feedback_app.scoring import score

app = create_app()

# Load the scorer's models while the worker boots (~0.5 s CPU), not during the first customer's answer. The second
# text's words are in no table, so the general language detector loads too (~90 ms; clear words skip it).
for warm_up in ("warm up the scorer: makanan enak tapi telat", "zzxq wvpk"):
    score(warm_up, face=3)
