"""How customers complain without complaint words: requests ('please pack it separately', 'tolong
dipisah'), excess ('far too spicy', 'terlalu manis'), thanks after a complaint ('Been on hold for 1.5
hours. Thanks!'), and a 'but' after praise that names no fault ('The menu was nice but I could not find
…'). Each gives a clause rule evidence the lexicon has no term for; sentiment.py adds it to the clause's.
"""

from __future__ import annotations

REQUEST = frozenset("please pls plz plis kindly tolong mohon harap harapnya semoga sebaiknya seharusnya should".split())
KEEP_ASKING = frozenset("keep pertahankan dipertahankan pertahanin lanjutkan continue".split())  # 'please keep it up'
EXCESS = frozenset("too terlalu kelewat kebanyakan".split())
NOT_EXCESS = frozenset("good great much many kind cute me you baik bagus enak".split()) - {"much", "many"}
THANKS = frozenset("thanks thank thx tq ty makasih kasih trims tks cheers".split())
THANKS_FILL = frozenset("you u a lot so much very ya yah deh guys terima banyak for nothing".split())
REQUEST_POLARITY = -0.4
EXCESS_POLARITY = -0.5
SARCASTIC_THANKS = -0.5
UNNAMED_FAULT = -0.4  # what follows a 'but' after praise, when it names nothing the lexicon knows (sentiment.py)
COMPLAINED = -0.1  # an earlier clause at or below this: thanks read as sarcasm


def is_request(words: list[str]) -> bool:
    """The clause asks for something ('please …', 'tolong …', 'should …'), other than to keep it up."""
    return any(w in REQUEST for w in words) and not any(w in KEEP_ASKING for w in words)


def excess(words: list[str]) -> bool:
    """'too' / 'terlalu' before another word: 'far too spicy', 'terlalu lama' (not 'me too', 'too good')."""
    return any(w in EXCESS and nxt[0].isalnum() and nxt not in NOT_EXCESS for w, nxt in zip(words, words[1:]))


def only_thanks(words: list[str]) -> bool:
    """The clause is thanks and nothing else ('Thanks!', 'thank you so much', 'makasih ya')."""
    return any(w in THANKS for w in words) and all(w in THANKS or w in THANKS_FILL or not w[0].isalnum() for w in words)


def signals(words: list[str], earlier: list[float | None]) -> dict[str, float]:
    """The customer cues of one clause; earlier: the rule polarity of the clauses before it."""
    out: dict[str, float] = {}
    if only_thanks(words) and any(p is not None and p <= COMPLAINED for p in earlier):
        return {"sarcasm": SARCASTIC_THANKS}
    if is_request(words):
        out["request"] = REQUEST_POLARITY
    if excess(words):
        out["excess"] = EXCESS_POLARITY
    return out


def sarcastic(parts: dict[str, float]) -> bool:
    """A clause read as sarcastic thanks: the learned model should not read its 'thanks' as praise."""
    return "sarcasm" in parts
