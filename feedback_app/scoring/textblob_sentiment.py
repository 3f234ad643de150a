"""TextBlob's English polarity and subjectivity (its PatternAnalyzer, the default of
TextBlob(text).sentiment), without importing the textblob package.

Why: `import textblob` pulls in nltk and scipy (~0.9 s at start-up) and builds a namedtuple
class on every call; the pattern lexicon it scores with lives in textblob/_text.py, which needs
only the standard library. This module loads that file and builds the same Sentiment object as
textblob/en/__init__.py, so the numbers are TextBlob's own (tests compare them).
"""

from __future__ import annotations

import importlib.util
import os
from functools import cache
from importlib.machinery import PathFinder


@cache
def _text_module():
    """textblob/_text.py, loaded by path under a private name."""
    spec = PathFinder.find_spec("textblob")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("textblob is not installed: pip install textblob")
    folder = list(spec.submodule_search_locations)[0]
    text_spec = importlib.util.spec_from_file_location(
        "feedback_app.scoring._textblob_text", os.path.join(folder, "_text.py")
    )
    module = importlib.util.module_from_spec(text_spec)
    text_spec.loader.exec_module(module)
    module.FOLDER = folder
    return module


@cache
def _analyzer():
    """The same Sentiment lexicon and settings as textblob.en.sentiment."""
    text = _text_module()

    class Sentiment(text.Sentiment):
        def load(self, path=None):
            text.Sentiment.load(self, path)
            if not path:  # as textblob.en: "terrible" also scores "terribly"
                for word, pos in list(dict.items(self)):
                    if "JJ" in pos:
                        word = word[:-1] + "i" if word.endswith("y") else word
                        word = word[:-2] if word.endswith("le") else word
                        polarity, subjectivity, intensity = pos["JJ"]
                        self.annotate(word + "ly", "RB", polarity, subjectivity, intensity)

    def tokenizer(string: str, **kwargs):
        return text.find_tokens(
            str(string),
            punctuation=text.PUNCTUATION,
            abbreviations=text.ABBREVIATIONS,
            replace=text.replacements,
            linebreak=r"\n{2,}",
        )

    return Sentiment(
        path=os.path.join(text.FOLDER, "en", "en-sentiment.xml"),
        synset="wordnet_id",
        negations=("no", "not", "n't", "never"),
        modifiers=("RB",),
        modifier=lambda w: w.endswith("ly"),
        tokenizer=tokenizer,
        language="en",
    )


def polarity_subjectivity(text: str) -> tuple[float, float]:
    """(polarity -1..1, subjectivity 0..1), as TextBlob(text).sentiment gives them."""
    polarity, subjectivity = _analyzer()(text)
    return float(polarity), float(subjectivity)


def polarity_of_words(words: list[str]) -> float:
    """TextBlob's polarity of the text " ".join(words), for words the scorer has already split: when every
    word is letters and digits TextBlob's tokenizer would split them the same way, so its regular
    expressions (half the cost of a call) are skipped; otherwise the text goes through them."""
    if not all(word.isalnum() for word in words):
        return polarity_subjectivity(" ".join(words))[0]
    found = _analyzer().assessments(((word.lower(), None) for word in words), True)
    return float(sum(item[1] for item in found) / float(len(found) or 1))


@cache
def _lexicon_words() -> frozenset[str]:
    """The words TextBlob's lexicon scores (its dict is lazy: each membership test checks it is loaded)."""
    return frozenset(_analyzer().keys())  # its keys() loads the lexicon first


def knows_any(words: list[str]) -> bool:
    """True when one of the words is in TextBlob's lexicon: without one, its polarity is 0,
    so the (comparatively slow) call can be skipped."""
    lexicon = _lexicon_words()
    return any(word in lexicon for word in words)
