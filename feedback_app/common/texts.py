"""Texts for people that domain code writes but cannot translate: it runs without Flask, so it cannot know
the reader's language.

A domain module writes `Text(N_("No stage '%(key)s' on this map."), key=key)`: the English text itself (a
str, so logs, the CLI, the JSON API and `str(error)` read it as before) that also keeps its catalog msgid and
its values. The page translates it with `web.i18n.translate`, values included (a value may be a Text too).
`N_` only marks a msgid for `pybabel extract -k N_`; it returns the text unchanged.
"""

from __future__ import annotations


def N_(message: str) -> str:
    """Marks a message for the translation catalog; the page that shows it translates it."""
    return message


def in_language(english: str, indonesian: str | None, lang: str) -> str:
    """Staff-written content kept in both languages (a stage's `name` and `name_id`): the Indonesian for an
    Indonesian reader when it is filled in, else the English."""
    return (indonesian if lang == "id" else None) or english


class Text(str):
    """English text with its msgid (`message`) and values (`params`), for the page to translate."""

    message: str
    params: dict

    def __new__(cls, message: str, **params) -> Text:
        text = super().__new__(cls, message % params if params else message)
        text.message, text.params = message, params
        return text

    def with_params(self, **changes) -> Text:
        """The same message with some values replaced."""
        return Text(self.message, **{**self.params, **changes})


class TextError(ValueError):
    """An error a person can act on: a Text (`text`), and the form field it is about when there is one."""

    def __init__(self, message: str, field: str | None = None, **params):
        self.text = Text(message, **params)
        super().__init__(self.text)
        self.field = field
