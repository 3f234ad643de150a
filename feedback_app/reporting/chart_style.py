"""What every chart shares: words in the reader's language, number and date conventions, the emotion scale and
the width of a dashboard card. charts.py says how a builder uses them."""

from __future__ import annotations

from collections.abc import Callable

import altair as alt

from feedback_app.common.texts import N_

Gettext = Callable[[str], str]
EMOTION_SCALE = alt.Scale(domain=[-1, 1])
MEAN_EMOTION = N_("Mean emotion (−1..1)")
WIDTH = 440  # fits a dashboard card beside another on a 1440 px screen, legend included
# Number and date conventions of the axes and tooltips (d3's id-ID locale): 1.234,5 and "Sen 09", "Mar 2026".
FORMAT_LOCALES = {
    "id": {
        "number": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["Rp", ""]},
        "time": {
            "dateTime": "%A, %e %B %Y pukul %H.%M.%S",
            "date": "%d/%m/%Y",
            "time": "%H.%M.%S",
            "periods": ["AM", "PM"],
            "days": ["Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"],
            "shortDays": ["Min", "Sen", "Sel", "Rab", "Kam", "Jum", "Sab"],
            "months": [
                "Januari",
                "Februari",
                "Maret",
                "April",
                "Mei",
                "Juni",
                "Juli",
                "Agustus",
                "September",
                "Oktober",
                "November",
                "Desember",
            ],
            "shortMonths": ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"],
        },
    }
}


def untranslated(message: str) -> str:
    """The default gettext: the English msgid as it is."""
    return message


def to_spec(chart) -> dict:
    """The finished picture as a Vega-Lite spec."""
    return chart.to_dict()


def localized(spec: dict, lang: str) -> dict:
    """The spec with the number and date conventions of `lang` (English: Vega's own)."""
    if lang in FORMAT_LOCALES:
        spec.setdefault("config", {})["locale"] = FORMAT_LOCALES[lang]
    return spec


def tip(field: str, title: str, gettext: Gettext, **options) -> alt.Tooltip:
    """A tooltip line named in the reader's language (Vega-Lite would show the field's name)."""
    return alt.Tooltip(field, title=gettext(title), **options)
