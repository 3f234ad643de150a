"""The WSGI entry point for gunicorn: `gunicorn feedback_app.wsgi:app`."""
from . import create_app
from .scoring import score

app = create_app()

# Load the scorer's models while the worker boots (~0.5 s CPU), not during the first customer's answer.
score("warm up the scorer: makanan enak tapi telat", face=3)
