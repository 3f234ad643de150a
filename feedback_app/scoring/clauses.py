"""One answer cut into clauses, each read for rule evidence: TextBlob on its English words, the feedback lexicon,
complaint/praise themes, emoji and the customer cues (customer_cues.py). sentiment.py pools them with the learned
models. A clause ends at , . ; ! ? and at a contrast word; the clause after 'but' / 'tapi' weighs double (what came
before it half), one under 'although' / 'meskipun' half.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from feedback_app.scoring import customer_cues, lexicon, normalise, phrases, resources, textblob_sentiment, themes

MIXED_SIDE = 0.1  # a clause's rules this far from 0 count as praise or complaint
THEME_CUE = 0.6
CONTRAST_AFTER = frozenset(
    "tapi tetapi namun but however sayangnya sayang cuma hanya unfortunately yet sedangkan except kecuali".split()
)
OPENING_CONTRAST = frozenset({"sayang"})  # 'enak, sayang porsinya kecil' (a pity); 'aku sayang kamu' (dear)
BEFORE_CONTRAST = 0.5  # weight of what comes before "but" (what follows weighs 1)
# what opens a question that asks about a quality rather than giving it
ASKING = frozenset(
    "is are was were do does did can could will would should may apakah apa bisa boleh ada kapan mana dimana "
    "bagaimana gimana berapa what when where which how".split()
)
YES_NO = frozenset("is are do does can could will would may apakah bisa boleh ada".split())
SHORT_PRAISE = 4  # concepts: a praise this short after a complaint about its aspect is sarcasm, unless it says:
SINCERE = frozenset("otherwise overall still anyway though tho selebihnya sisanya tetap".split())
CONCESSION = frozenset("although though meskipun walaupun walau meski despite".split())
ONCE, NOW = frozenset("dulu dulunya used".split()), frozenset("sekarang now".split())


@dataclass
class Clause:
    """Words of one clause with their languages, how much it counts, and its rule evidence."""

    words: list[str]
    langs: list[str]
    weight: float = 1.0
    segment: int = 0  # contrast segment: increases at each 'but' / 'although'
    after_but: bool = False  # the clause's segment follows a 'but' / 'tapi' (not an 'although')
    conceded: bool = False  # closed by a trailing 'though' ('Great service though'): a 'but' after the fact
    bygone: bool = False  # said of the past, before a 'sekarang' / 'now' ('dulu enak, sekarang hambar')
    polarity: float | None = None
    parts: dict[str, float] = field(default_factory=dict)
    seq: list[str] = field(default_factory=list)
    cues: list[lexicon.Cue] = field(default_factory=list)
    hits: list[themes.Hit] = field(default_factory=list)


def clamp(value: float) -> float:
    """np.clip(value, -1, 1) of one number (NaN stays NaN), without numpy's ~3 µs per call."""
    return -1.0 if value < -1 else 1.0 if value > 1 else float(value)


def clauses(words: list[str], langs: list[str]) -> list[Clause]:
    """Cut at clause breaks and contrast words; the clause after a contrast weighs double."""
    out: list[Clause] = [Clause([], [])]
    for n, (word, lang) in enumerate(zip(words, langs)):
        if word in CONCESSION and out[-1].words and words[n + 1 : n + 2] in ([], [normalise.BREAK]):
            out[-1].conceded = True
        if word in OPENING_CONTRAST and out[-1].words:  # inside a clause it is a word, not a 'but'
            out[-1].words.append(word)
            out[-1].langs.append(lang)
            continue
        if word in NOW and words[n - 1 : n] == [normalise.BREAK]:
            once = [i for i, c in enumerate(out) if ONCE.intersection(c.words)]
            if once:  # 'dulu enak, sekarang hambar', 'used to be great, now it's awful': what is now counts
                word = "but"
                for earlier in out[once[-1] :]:  # from the clause that says 'dulu'
                    earlier.bygone = bool(earlier.words)  # the clause opened at the break is today's
        if word == normalise.BREAK or word in CONTRAST_AFTER or word in CONCESSION:
            segment = out[-1].segment + (word != normalise.BREAK)
            if out[-1].words:
                out.append(Clause([], [], segment=segment, after_but=out[-1].after_but and word == normalise.BREAK))
            else:
                out[-1].segment = segment
            if word in CONTRAST_AFTER:
                out[-1].after_but = True
                for earlier in out[:-1]:
                    earlier.weight = min(earlier.weight, BEFORE_CONTRAST)
            elif word in CONCESSION:
                out[-1].weight = 0.5
            continue
        out[-1].words.append(word)
        out[-1].langs.append(lang)
    return [c for c in out if c.words]


def rule_signals(clause: Clause, extra_themes: list[dict] | None, context: tuple[str, ...] = ()) -> dict[str, float]:
    """Lexicon evidence of one clause: TextBlob on English words, feedback lexicon, themes, emoji."""
    signals: dict[str, float] = {}
    english = [
        "not" if w in normalise.NEGATORS_EN else w  # TextBlob knows "not", not "didnt"
        for w, lang in zip(clause.words, clause.langs)
        if lang == "en" and w[0].isalnum()
    ]
    if english and textblob_sentiment.knows_any(english):
        tb = textblob_sentiment.polarity_of_words(english)
        if tb:
            signals["textblob"] = tb
    clause.seq = seq = phrases.concepts(clause.words, clause.langs)
    clause.cues = lexicon.cues(seq)
    if any(c.polarity * signals.get("textblob", 0.0) < 0 for c in _idioms(clause.cues)):
        del signals["textblob"]  # the lexicon knows the idiom TextBlob reads word by word ('could be better')
    if lexicon.is_lukewarm(clause.cues):
        signals["lukewarm"] = sum(c.polarity for c in clause.cues) / len(clause.cues)
    elif clause.cues:
        signals["lexicon"] = clamp(sum(c.polarity for c in clause.cues))
    lean = sum(c.polarity for c in clause.cues)
    said = frozenset(w for c in clause.cues if c.polarity * lean > 0 for w in c.words.split()) - {phrases.NOT}
    clause.hits = themes.find(seq, extra_themes, lean, context, said)
    clause.hits = [h for h in clause.hits if not _inside_idiom(h, clause.cues, extra_themes)]
    cue = sum(themes.theme_polarity(h.key, extra_themes) for h in clause.hits)
    if cue:
        signals["themes"] = clamp(cue * THEME_CUE)
    table = resources.emoji_table()
    emoji = [table[w][0] for w in clause.words if w in table]
    if emoji:
        signals["emoji"] = sum(emoji) / len(emoji)
    return signals


def _idioms(cues: list[lexicon.Cue]) -> list[lexicon.Cue]:
    """The lexicon terms of more than one word: their meaning is not their words' ('could be better')."""
    return [c for c in cues if " " in c.words]


def _inside_idiom(hit: themes.Hit, cues: list[lexicon.Cue], extra_themes: list[dict] | None) -> bool:
    """A praise or complaint theme whose words sit inside a lexicon idiom of the other side ('enak' in 'dulu lebih
    enak', the food used to be better) says the opposite of what the customer meant."""
    side = themes.theme_polarity(hit.key, extra_themes)
    words = set(hit.words.split())
    return any(side * c.polarity < 0 and words <= set(c.words.split()) for c in _idioms(cues))


def sincere(parts: list[Clause]) -> list[Clause]:
    """The clauses that are not sarcastic thanks or praise ('Lost my bag again. Great.'): no model reads those."""
    return [c for c in parts if not customer_cues.sarcastic(c.parts)]


def read_clauses(parts: list[Clause], extra_themes: list[dict] | None, question: bool = False) -> None:
    """Each clause's rule signals with its customer cues, its themes and its polarity, in order."""
    context: tuple[str, ...] = ()  # the aspects of the last clause that named one ("wifi lemot, ga bisa kerja")
    for i, clause in enumerate(parts):
        clause.parts = with_customer_cues(clause, rule_signals(clause, extra_themes, context), parts[:i])
        asks = question and i == len(parts) - 1 and clause.words[0] in ASKING  # 'is the food good?' praises nothing
        if asks:  # a yes/no question naming a complaint theme in words no lexicon faults asks about it ('do you
            # deliver to Bekasi?'); 'where is the cutlery?' still complains
            plain = clause.words[0] in YES_NO and not any(v < 0 for k, v in clause.parts.items() if k != "themes")
            clause.parts = {k: v for k, v in clause.parts.items() if v <= 0 and not (plain and k == "themes")}
        if asks or "request" in clause.parts:  # 'tolong dibantu', 'please help': asking for help praises nobody
            clause.hits = [h for h in clause.hits if themes.theme_polarity(h.key, extra_themes) <= 0]
        aspects = themes.aspects_of(clause.hits, extra_themes) or context
        if "long_wait" in clause.parts and not any(h.key in customer_cues.WAIT_THEMES for h in clause.hits):
            clause.hits.append(themes.Hit(customer_cues.wait_theme(aspects), " ".join(clause.seq)))
        context = aspects
        if clause.parts:
            clause.polarity = sum(clause.parts.values()) / len(clause.parts)
        praise_of_the_fault(clause, parts[:i], extra_themes)
    praise_before_the_fault(parts, extra_themes)
    unnamed_fault(parts)
    paid_for_not_got(parts, extra_themes)
    for clause in parts:  # what used to be is neither praise nor a theme of today ('dulu cepat, sekarang telat')
        if clause.bygone:
            clause.hits, clause.parts, clause.polarity = [], {}, None


def paid_for_not_got(parts: list[Clause], extra_themes: list[dict] | None) -> None:
    """'Paid for extra legroom and got the middle seat', 'paid for a sea view, but got …': what was paid for is
    no praise, and the paying names no payment theme."""
    if not any("unmet" in c.parts for c in parts):
        return
    for clause in parts:
        if "unmet" in clause.parts or customer_cues.paid_for(clause.words) is not None:
            clause.parts = {k: v for k, v in clause.parts.items() if v <= 0}
            clause.polarity = sum(clause.parts.values()) / len(clause.parts) if clause.parts else None
            clause.hits = [
                h
                for h in clause.hits
                if themes.theme_polarity(h.key, extra_themes) <= 0 and not set(h.words.split()) <= customer_cues.PAID
            ]


def praise_before_the_fault(parts: list[Clause], extra_themes: list[dict] | None) -> None:
    """'Great, another delay.' / 'Mantap, telat lagi': a bare word of praise right before a complaint, with no
    praise after a 'but' later on ('Great! Delivery was late but the food was good' stays praise), is sarcasm."""
    for i, (clause, after) in enumerate(zip(parts, parts[1:])):
        if (
            (clause.polarity or 0) > 0
            and customer_cues.only_praise(clause.words)
            and (after.polarity or 0) < 0
            and not after.after_but
            and not any(c.after_but and (c.polarity or 0) > 0 for c in parts)
        ):
            clause.parts = {"sarcasm": customer_cues.SARCASTIC_THANKS}
            clause.polarity = customer_cues.SARCASTIC_THANKS
            clause.hits = [h for h in clause.hits if themes.theme_polarity(h.key, extra_themes) <= 0]
            for j in range(i + 2, len(parts)):  # what follows the fault is read again, after this sarcasm
                praise_of_the_fault(parts[j], parts[:j], extra_themes)


def praise_of_the_fault(clause: Clause, earlier: list[Clause], extra_themes: list[dict] | None) -> None:
    """'Been on hold for 2 hours. Great customer service': a short praise of the very aspect an earlier clause
    complained about, or of anything after sarcastic thanks, with no 'but' between them, is sarcasm ('Food was
    cold. Great service though.' praises another aspect and stays praise)."""
    if clause.after_but or clause.conceded or SINCERE.intersection(clause.words):
        return
    praised = [h for h in clause.hits if themes.theme_polarity(h.key, extra_themes) > 0]
    mocked = any(customer_cues.sarcastic(c.parts) for c in earlier)  # 'thanks for nothing. great service'
    # 'Great, another delay. Love spending my weekend at the airport': after sarcasm about a fault, praise of nothing
    mocking = mocked and not praised and any((c.polarity or 0) < 0 and c.hits for c in earlier)
    if not mocking and len(clause.seq) > SHORT_PRAISE:
        return
    if not mocking and (len(clause.cues) != 1 or clause.cues[0].words not in lexicon.generic_words()):
        return  # one plain 'great', 'terbaik'
    faulted = {a for c in earlier if (c.polarity or 0) < 0 for a in aspects_named(c.hits, extra_themes)}
    if (clause.polarity or 0) > 0 and (mocked or faulted & aspects_named(clause.hits, extra_themes)):
        clause.parts = {"sarcasm": customer_cues.SARCASTIC_THANKS}
        clause.polarity = customer_cues.SARCASTIC_THANKS
        clause.hits = [h for h in clause.hits if h not in praised]


def with_customer_cues(clause: Clause, signals: dict[str, float], earlier: list[Clause]) -> dict[str, float]:
    """The clause's rule signals with customer_cues': thanks after a complaint are sarcasm (nothing else of
    the clause counts), a request drops the clause's praise ('please' is also the lemma of 'pleased')."""
    paid_before = any(customer_cues.paid_for(c.words) is not None for c in earlier)
    cues = customer_cues.signals(clause.words, [c.polarity for c in earlier], paid_before)
    if customer_cues.sarcastic(cues):
        return cues
    if "request" in cues or "unmet" in cues:
        signals = {k: v for k, v in signals.items() if v <= 0}
    elif "excess" in cues and signals.get("textblob", 0) > 0:  # TextBlob reads 'too sweet' as very sweet
        del signals["textblob"]
    return {**signals, **cues}


def aspects_named(hits: list[themes.Hit], extra_themes: list[dict] | None) -> set[str]:
    """Every aspect the hits name or belong to, through either link ('cs_unresponsive' -> 'support')."""
    taxonomy = themes.taxonomy(extra_themes)
    own = {taxonomy[h.key].aspect for h in hits if h.key in taxonomy and taxonomy[h.key].aspect}
    return set(themes.aspects_of(hits, extra_themes)) | own


def unnamed_fault(parts: list[Clause]) -> None:
    """'The menu was nice but I could not find …': a segment after a 'but' that follows praise and names no
    fault the lexicon knows still leans against the praise (its first clause without evidence gets it)."""
    praised = False
    for segment in sorted({c.segment for c in parts}):
        group = [c for c in parts if c.segment == segment]
        if praised and group[0].after_but and not any(c.polarity is not None and c.polarity < 0 for c in group):
            bare = next((c for c in group if c.polarity is None), None)
            if bare is not None:
                bare.parts = {"unnamed_fault": customer_cues.UNNAMED_FAULT}
                bare.polarity = customer_cues.UNNAMED_FAULT
        praised = any(c.polarity is not None and c.polarity > MIXED_SIDE for c in group)
