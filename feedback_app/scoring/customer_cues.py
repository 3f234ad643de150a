"""How customers complain without complaint words: requests ('please pack it separately', 'tolong
dipisah'), what they paid for and what they got instead ('paid for extra legroom and got the middle seat'), excess
('far too spicy', 'terlalu manis'), thanks or bare praise after a complaint ('Been on hold for 1.5 hours. Thanks!',
'Lost my bag again. Great.') and 'thanks for nothing', a long wait ('delivery took two hours', 'butuh 3 hari',
'3 hours stuck on the tarmac'), and a 'but' after praise that names no fault ('The menu was nice but I could not
find …'). Each gives a clause rule evidence the lexicon has no term for; sentiment.py
adds it to the clause's.
"""

from __future__ import annotations

from feedback_app.scoring import normalise

REQUEST = frozenset("please pls plz plis kindly tolong mohon harap harapnya semoga sebaiknya seharusnya should".split())
KEEP_ASKING = frozenset("keep pertahankan dipertahankan pertahanin lanjutkan continue".split())  # 'please keep it up'
# a good wish is no request: 'semoga awet' (hope it lasts), 'semoga laris', 'hope it lasts' close many a happy review
WISHES = frozenset("awet berkah sukses laris langgeng lancar bermanfaat amanah lasts lasting".split())
PAPERWORK = frozenset(
    "invoice receipt receipts statement faktur kwitansi kuitansi struk nota info infonya informasi informasinya "
    "information advise details".split()
)
EXCESS = frozenset("too terlalu kelewat kebanyakan".split())
NOT_EXCESS = frozenset("good great much many kind cute me you baik bagus enak".split()) - {"much", "many"}
THANKS = frozenset("thanks thank thx tq ty makasih kasih trims tks cheers".split())
THANKS_FILL = frozenset("you u a lot so much very ya yah deh guys terima banyak for nothing".split())
# a clause of bare praise after a complaint is sarcasm ('Lost my bag again. Great.', 'Kurir telat 2 jam. Mantap.')
BARE_PRAISE = frozenset(
    "great awesome perfect wonderful fantastic lovely brilliant nice amazing excellent superb mantap mantul keren "
    "hebat sip appreciate appreciated".split()
)
BARE_PRAISE_FILL = frozenset(
    "just so oh how real really very wow job work one it that this sekali banget sih deh ya bener".split()
)
# thanks for a harm done is sarcasm wherever it stands: 'thanks for losing my bag', 'makasih udah dicuekin'
HARMS = frozenset(
    "losing lose lost ruining ruined wasting wasted ignoring ignored breaking broke cancelling canceling "
    "cancelled canceled delaying delayed stranding stranded overcharging scamming ghosting misleading lying "
    "disconnecting nothing menghilangkan hilangkan merusak rusak rusakin membatalkan batalkan mengabaikan "
    "abaikan dicuekin cuekin nyuekin diabaikan menipu tipu ditipu php ngeghosting digantung".split()
)
THANKS_FOR = frozenset("for sudah telah ya".split())  # 'thanks for …', 'makasih (ya) udah …' ('udah' -> 'sudah')
DISBELIEF = frozenset("really seriously srsly seriusan serius beneran masa".split())  # 'on hold for 2 hours. Really?'
TAKING = frozenset(
    "took take takes taking waited wait waiting hold queued queue queuing tunggu menunggu antri antre butuh "
    "perlu memakan makan habis stuck sat sitting tarmac terjebak trying tried nyoba mencoba counting".split()
)
LONG_UNITS = frozenset("hour hours hrs day days week weeks jam hari minggu".split())
MINUTES = frozenset("minute minutes min mins menit".split())
LONG_MINUTES = 30  # a wait of this many minutes or more is long
NUMBER_WORDS = {
    **dict.fromkeys("a an one satu sejam sehari seminggu".split(), 1),
    **dict.fromkeys("two dua couple".split(), 2),
    **dict.fromkeys("three tiga few several beberapa".split(), 3),
    **dict.fromkeys("four empat five lima six enam seven tujuh eight delapan nine sembilan ten sepuluh".split(), 4),
    **dict.fromkeys("forty fifty sixty puluh".split(), 40),  # 'empat puluh menit': the word before 'menit' is 'puluh'
}
FOR_AGES = frozenset("berjam-jam berhari-hari berminggu-minggu hours days weeks".split())  # '(for) hours'
QUICK = frozenset("only just cuma hanya less kurang under within fast quick quickly cepat".split())
WAIT_POLARITY = -0.5
WAIT_THEME = {
    "courier": "delivery_late",
    "trip": "flight_delay",
    "support": "cs_unresponsive",
}  # a long wait about this aspect; else waiting_time
WAIT_THEMES = frozenset({*WAIT_THEME.values(), "waiting_time"})  # a clause naming one of these needs no other
# 'paid for extra legroom and got the middle seat': what was paid for was not what came
PAID, GOT, THEN = (
    frozenset("paid pay paying".split()),
    frozenset("got get getting received".split()),
    frozenset("and but only just yet".split()),
)
UNMET_POLARITY = -0.5
REQUEST_POLARITY = -0.4
EXCESS_POLARITY = -0.5
SARCASTIC_THANKS = -0.5
THANKS_FOR_NOTHING = -0.8
UNNAMED_FAULT = -0.4  # what follows a 'but' after praise, when it names nothing the lexicon knows (sentiment.py)
COMPLAINED = -0.1  # an earlier clause at or below this: thanks read as sarcasm


def is_request(words: list[str]) -> bool:
    """The clause asks for something ('please …', 'tolong …', 'should …'), other than to keep it up, a good
    wish ('semoga awet') or a document or information ('please send me the invoice', 'mohon infonya')."""
    return any(w in REQUEST for w in words) and not any(
        w in KEEP_ASKING or w in WISHES or w in PAPERWORK for w in words
    )


def paid_for(words: list[str]) -> int | None:
    """Where 'paid for' / 'pay for' ends in the words, else None."""
    return next((n + 2 for n, (w, nxt) in enumerate(zip(words, words[1:])) if w in PAID and nxt == "for"), None)


def paid_for_and_got(words: list[str], paid_before: bool = False) -> bool:
    """'paid for X and got Y', 'paid for a sea view, but got …': the customer names what they paid for, then
    what they got instead (what they paid for is no praise). paid_before: an earlier clause said 'paid for'."""
    start = paid_for(words)
    if start is None:
        return paid_before and words[0] in GOT
    return any(w in GOT and before in THEN for before, w in zip(words[start:], words[start + 1 :]))


def excess(words: list[str]) -> bool:
    """'too' / 'terlalu' before another word: 'far too spicy', 'terlalu lama' (not 'me too', 'too good')."""
    return any(w in EXCESS and nxt[0].isalnum() and nxt not in NOT_EXCESS for w, nxt in zip(words, words[1:]))


def long_wait(words: list[str]) -> bool:
    """The clause tells of a long wait: a waiting or taking verb and an hour, a day or 30+ minutes, never
    'only' or 'within' ('took two hours', 'nunggu 45 menit', 'waited for hours'; not 'took only 20 minutes')."""
    if not any(w in TAKING for w in words) or any(w in QUICK for w in words):
        return False
    for before, unit in zip(["", *words], words):
        amount = quantity(before)
        if unit in LONG_UNITS and (amount or unit in FOR_AGES and before == "for"):
            return True
        if unit in MINUTES and amount >= LONG_MINUTES:
            return True
    return any(w in FOR_AGES and "-" in w for w in words)


def wait_theme(aspects: tuple[str, ...]) -> str:
    """The theme of a long wait in a clause about these aspects ('delivery took two hours': late delivery)."""
    return next((WAIT_THEME[a] for a in aspects if a in WAIT_THEME), "waiting_time")


def quantity(word: str) -> float:
    """A number written in digits or words ('2', '1.5', 'two', 'dua'), else 0."""
    if word[:1].isdigit():
        try:
            return float(word.replace(",", "."))
        except ValueError:
            return 0.0
    return NUMBER_WORDS.get(word, 0)


def only_thanks(words: list[str]) -> bool:
    """The clause is thanks and nothing else ('Thanks!', 'thank you so much', 'makasih ya')."""
    return any(w in THANKS for w in words) and all(w in THANKS or w in THANKS_FILL or not w[0].isalnum() for w in words)


def only_praise(words: list[str]) -> bool:
    """The clause is a bare word of praise or disbelief ('Great.', 'just perfect', 'mantap sekali', 'Really?')."""
    bare = BARE_PRAISE | DISBELIEF
    return any(w in bare for w in words) and all(
        w in bare or w in BARE_PRAISE_FILL or not w[0].isalnum() for w in words
    )


def thanks_for_nothing(words: list[str]) -> bool:
    """'thanks for nothing', 'thanks for losing my bag', 'makasih udah dicuekin': thanks for a harm done (HARMS)
    within two words after its 'for' or 'sudah', sarcastic wherever it stands."""
    if not any(w in THANKS for w in words):
        return False
    negators = normalise.NEGATORS_EN | normalise.NEGATORS_ID  # 'thanks for not losing it' is thanks
    return any(
        a in THANKS_FOR and (b in HARMS or c in HARMS and b not in negators)
        for a, b, c in zip(words, words[1:], [*words[2:], ""])
    )


def without_praise(words: list[str]) -> list[str]:
    """The words of an answer that is all sarcasm, less its thanks and praise ('thanks for nothing' -> 'for
    nothing'), for the emotion model; the words themselves when nothing else is left."""
    return [w for w in words if w not in THANKS and w not in BARE_PRAISE] or words


def signals(words: list[str], earlier: list[float | None], paid_before: bool = False) -> dict[str, float]:
    """The customer cues of one clause; earlier: the rule polarity of the clauses before it; paid_before: one of
    them said 'paid for'."""
    out: dict[str, float] = {}
    after_complaint = any(p is not None and p <= COMPLAINED for p in earlier)
    if thanks_for_nothing(words):
        return {"sarcasm": THANKS_FOR_NOTHING}
    if after_complaint and (only_thanks(words) or only_praise(words)):
        return {"sarcasm": SARCASTIC_THANKS}
    if is_request(words):
        out["request"] = REQUEST_POLARITY
    if paid_for_and_got(words, paid_before):
        out["unmet"] = UNMET_POLARITY
    if excess(words):
        out["excess"] = EXCESS_POLARITY
    if long_wait(words):
        out["long_wait"] = WAIT_POLARITY
    return out


def sarcastic(parts: dict[str, float]) -> bool:
    """A clause read as sarcastic thanks: the learned model should not read its 'thanks' as praise."""
    return "sarcasm" in parts
