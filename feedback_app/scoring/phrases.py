"""Phrase matching on *concepts*, shared by themes and the polarity lexicon: each word reduced
to its lemma or stem in its own language, negators merged into one 'not', fillers dropped, so
"kurirnya telat bgt", "pengiriman terlambat" and "delivery was late" can meet one entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Generic, TypeVar

import simplemma

from feedback_app.scoring import normalise, resources

NOT = "not"
FILLERS = frozenset(
    "nya sih kok nih deh dong lah pun yang yg the a an is was were are be been am its it this that so "
    "very really quite pretty too super sangat sekali amat terlalu agak banget bener benar sudah "
    "masih juga saja just still all begitu gitu terus".split()
)
MODALS = frozenset(
    "mau ingin bisa dapat pernah akan bakal mungkin want to can could will would ever even likely gonna going".split()
)
# Adjectives whose ke-…-an form means "too …" ('keasinan', 'kemahalan', 'kekecilan'): kept whole.
EXCESS_BASES = frozenset(
    "manis asin pedas asam pahit mahal murah besar kecil gede lama panjang pendek sempit longgar "
    "dingin panas matang mentah lembek keras berat ringan tebal tipis sedikit banyak encer "
    "kental gelap terang".split()
)
# whose lemmas mean another thing: murah (cheap), dingin (cold), masa ('masa sih?': really?), banding
# ('dibandingkan': compared), terima ('terima kasih'), jalan (street), tinggal (to live), tahan ('tahan lama':
# durable), kunci (a key), sayang (dear: 'sayangnya' is 'unfortunately'), untung (profit), ganggu ('mengganggu':
# annoying, not an outage), jamur (mushroom), sahabat (a friend), jangkau ('jangkauan': reach), habis (finished,
# 'habis makan': after eating), seru (fun; 'menyerukan': to call for)
KEEP_WHOLE_ID = frozenset(
    "murahan pendingin masakan sebanding penerima perjalanan ketinggalan tertahan terkunci sayangnya "
    "untungnya gangguan berjamur bersahabat terjangkau kehabisan menyerukan diserukan ketagihan "
    # enjoy, feel, take (time), appreciate, decide, security, misleading, regard, division, death, spend, after,
    # separate, farewell, appearance, preservative, lover of, should, repair, explain, customer, linger: none of
    # them is the taste, the price, a dropped line, safe packaging, a lost way, the view, a broken item, stock,
    # separate packing, the app, durability, love, good, clear or a subscription their stem names; 'membantu' (helpful)
    # is praise, 'mohon dibantu' (please help) a request
    "menikmati dinikmati penikmat merasa merasakan perasaan serasa dirasa berasa memakan menghargai berharga "
    "dihargai penghargaan memutuskan keputusan keamanan pengamanan menyesatkan memandang dipandang perpecahan "
    "kematian menghabiskan sehabis terpisah perpisahan berpisah penampilan pengawet pecinta pencinta sebaiknya "
    "diperbaiki perbaikan memperbaiki perbaiki penjelasan menjelaskan dijelaskan pelanggan berlama membantu".split()
)
# English words whose lemmas mean another thing: miss ('I miss the old menu'), please (a request), park, forget
# ('never forget this meal'), good ('the goods arrived late'), stick ('I'll stick with you'), medium (social media);
# 'couldn't be happier' is no 'not happy', and 'five stars' no 'five-star hotel'
KEEP_WHOLE_EN = frozenset({"missing", "pleased", "parking", "forgot", "goods", "stuck", "media", "happier", "stars"})
T = TypeVar("T")


@resources.derived_from_data
@lru_cache(maxsize=100_000)
def concept(word: str, lang: str) -> str:
    """One normalised word as a concept: negators -> 'not', else its lemma/stem in its language."""
    if word in normalise.NEGATORS_ID or word in normalise.NEGATORS_EN:
        return NOT
    if not word[0].isalpha():
        return word
    if word in (KEEP_WHOLE_ID if lang == "id" else KEEP_WHOLE_EN):
        return word
    stem = word[:-3] if lang == "id" and word.endswith("nya") and len(word) > 5 else word
    if lang == "id" and (
        stem in KEEP_WHOLE_ID or stem.startswith("ke") and stem.endswith("an") and stem[2:-2] in EXCESS_BASES
    ):
        return stem  # 'kemanisan' is a complaint (too sweet); its lemma 'manis' would be a praise
    return simplemma.lemmatize(stem, lang="id" if lang == "id" else "en")


def concepts(words: list[str], langs: list[str]) -> list[str]:
    """The concept sequence of an answer (fillers and emoji dropped)."""
    return [c for w, lang in zip(words, langs) if (c := word_concept(w, lang)) is not None]


def word_concept(word: str, lang: str) -> str | None:
    """One word's place in the concept sequence: its concept, or None for what `concepts` drops (fillers,
    punctuation, emoji, words whose lemma is a filler)."""
    if word in FILLERS or not word[0].isalnum():
        return None
    found = concept(word, lang)
    return None if found in FILLERS else found


def term_variants(term: str) -> set[tuple[str, ...]]:
    """A term as concept sequences, read as Indonesian and as English."""
    raw = normalise.clean(term).tokens
    id_words, en_words = normalise.normalise_id(raw), normalise.normalise_en(raw)
    variants = {tuple(concepts(id_words, ["id"] * len(id_words))), tuple(concepts(en_words, ["en"] * len(en_words)))}
    return {v for v in variants if v}


@dataclass(frozen=True)
class Found(Generic[T]):
    """One entry found: its payload, the concepts it matched, whether a 'not' came just before."""

    payload: T
    words: tuple[str, ...]
    negated: bool


class PhraseIndex(Generic[T]):
    """Entries by their first concept, then by length (longest first), matched without overlaps: at each
    position one dictionary look-up per distinct term length, whatever the number of terms."""

    def __init__(self, entries: list[tuple[str, T]]):
        by_first: dict[str, dict[int, dict[tuple[str, ...], T]]] = {}
        for term, payload in entries:
            for variant in term_variants(term):
                if variant == (NOT,):
                    continue  # a bare negator is not an entry: it only flips the next one
                by_first.setdefault(variant[0], {}).setdefault(len(variant), {}).setdefault(variant, payload)
        self._index = {first: sorted(lengths.items(), key=lambda item: -item[0]) for first, lengths in by_first.items()}

    def find(self, seq: list[str]) -> list[Found[T]]:
        """Left to right, the longest entry at each position (of two as long, the one added first); a 'not'
        right before marks it negated (fillers are already gone: 'tidak terlalu enak' -> not enak), unless
        the term holds its own 'not' ('tidak enak')."""
        found: list[Found[T]] = []
        index, n, i = self._index, len(seq), 0
        while i < n:
            for length, terms in index.get(seq[i], ()):
                if i + length <= n:
                    term = tuple(seq[i : i + length])
                    payload = terms.get(term, _MISSING)
                    if payload is not _MISSING:
                        found.append(Found(payload, term, NOT not in term and _negated_at(seq, i)))
                        i += length - 1
                        break
            i += 1
        return found


_MISSING = object()


def _negated_at(seq: list[str], i: int) -> bool:
    """A 'not' right before position i, looking through modals ('ga mau bantu', 'never want to')."""
    j = i - 1
    while j >= 0 and seq[j] in MODALS:
        j -= 1
    return j >= 0 and seq[j] == NOT
