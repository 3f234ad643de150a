"""Text clean-up shared by every scoring step: cap the work, strip markup, split tokens,
pull out emoji and emoticons, undo colloquial Indonesian spelling.

Why here: language detection, sentiment, emotion and themes must all see the same tokens,
so that a word that moved the score can be shown back to the user.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from feedback_app.scoring import resources

MAX_CHARS = 2000  # a survey answer longer than this is scored on its first 2,000 characters
MAX_TOKENS = 300
MAX_WORD = 40  # longer "words" (junk, URLs without scheme) are cut: lemmatisers slow down on them

_TAG = re.compile(r"<[^>]{0,200}>")
_URL = re.compile(r"(?:https?://|www\.)\S+|[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})+")
_MENTION = re.compile(r"(?<![\w@])@\w{1,30}")  # '@united thanks for nothing': a handle is no word of the answer
_HASHTAG = re.compile(r"(?<!\w)#([^\W_]{2,40})")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]")
_TOKEN = re.compile(
    r"\d+(?:[.,]\d+)+(?![^\W_])"  # '1.5 hours', 'Rp35.000': one number, not a clause break inside it
    r"|[^\W_]+(?:['’][^\W_]+)?(?:-[^\W_]+)*"
    r"|[:;=][-'^]?[)(\]\[dDpPoO/\\|3*]+|<3|[(][:;]"
    r"|[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B50]"
    r"|[,.;!?\n]+"
)
BREAK = "|"  # clause boundary token (from , . ; ! ? and new lines)
_ELONGATED = re.compile(r"([a-z])\1{2,}")
_EXCLAIM = re.compile(r"!{2,}")
_REDUP = re.compile(r"^([a-z]{2,})2$")
_ENCLITIC = ("nya", "ku", "mu")
# ke-tidak-…-an nouns keep their 'not': 'ketidaknyamanan' (inconvenience) is 'tidak nyaman', never 'nyaman'
_NOT_NOUN = re.compile(r"^ketidak([a-z]{3,}?)an(nya)?$")

# after a number these are units, not slang ('2 km' is two kilometres, not 'two you'; '30 m' not '30 sama')
UNITS = frozenset("km m cm mm kg g gr ml l min".split())
# the slang for the company's admin, which customers use only to address it: 'makasih min' names no service aspect
ADDRESS_ONLY = frozenset("min mimin".split())
NEGATORS_ID = frozenset({"tidak", "belum", "bukan", "jangan", "tanpa", "kurang", "tak", "enggak"})
NEGATORS_EN = frozenset(
    {
        "not",
        "no",
        "never",
        "nothing",
        "nobody",
        "none",
        "neither",
        "nor",
        "without",
        "hardly",
        "barely",
        "cannot",
        "dont",
        "didnt",
        "doesnt",
        "isnt",
        "wasnt",
        "arent",
        "werent",
        "wont",
        "wouldnt",
        "couldnt",
        "shouldnt",
        "cant",
        "aint",
        "hasnt",
        "havent",
        "hadnt",
    }
)


@dataclass
class Text:
    """One answer after clean-up: `raw` is what was scored (capped), `tokens` the words in order
    (emoji and emoticons kept as themselves), `exclaim` the count of emphatic '!!' runs, `question` whether it
    asks something ('?')."""

    raw: str
    tokens: list[str] = field(default_factory=list)
    exclaim: int = 0
    truncated: bool = False
    question: bool = False


def clean(text: str) -> Text:
    """Cap, unescape and strip markup, then split into raw (not yet language-normalised) tokens."""
    truncated = len(text) > MAX_CHARS * 4
    text = text[: MAX_CHARS * 4]
    text = unicodedata.normalize("NFKC", text)
    text = html.unescape(_TAG.sub(" ", text))
    text = _CONTROL.sub(" ", text)
    if len(text) > MAX_CHARS:
        text, truncated = text[:MAX_CHARS], True
    body = _HASHTAG.sub(_hashtag_words, _MENTION.sub(" ", _URL.sub(" ", text)))
    tokens: list[str] = []
    for found in _TOKEN.findall(body):
        tok = _emoticon_or_lower(found)
        if tok and not (tok == BREAK and (not tokens or tokens[-1] == BREAK)):
            tokens.append(tok)
    tokens = tokens[:MAX_TOKENS]
    exclaim = len(_EXCLAIM.findall(text))
    return Text(raw=text.strip(), tokens=tokens, exclaim=exclaim, truncated=truncated, question=asks(body, tokens))


# Indonesian messages to a company often ask without a '?': 'cara daftar akun bisnis gimana ya min'
QUESTION_WORDS_ID = frozenset("gimana gmn gmna bagaimana berapa brp kapan kpn apakah".split())


def asks(body: str, tokens: list[str]) -> bool:
    """A question: a '?', or an Indonesian question word, or an opening 'cara' (how to)."""
    return "?" in body or bool(tokens) and (tokens[0] == "cara" or not QUESTION_WORDS_ID.isdisjoint(tokens))


def _hashtag_words(found: re.Match[str]) -> str:
    """'#NeverAgain' -> 'Never Again': a camel-cased tag is the words it joins ('#neveragain' stays one)."""
    return _CAMEL.sub(" ", found.group(1))


def _emoticon_or_lower(token: str) -> str:
    """Emoticons keep their case (':D' is not ':d'); words are lower-cased."""
    if not token[0].isalnum() and token in resources.emoji_table():  # the table's keys are all symbols
        return token
    low = token.lower()
    if low[0] in ",.;!?\n":
        return BREAK
    return low[:MAX_WORD] if low[0].isalnum() else ""


def is_symbol(token: str) -> bool:
    """True for an emoji or emoticon token."""
    return not token[0].isalnum()


def normalise_id(tokens: list[str]) -> list[str]:
    """Colloquial Indonesian to formal forms: 'gak'->'tidak', 'bgt'->'banget', 'bagusss'->'bagus',
    'kurirnya'->'kurir nya', 'kue2'->'kue kue'. Unknown words pass through unchanged."""
    out: list[str] = []
    for tok in tokens:
        out.extend(formal_id(tok))
    return out


@resources.derived_from_data
@lru_cache(maxsize=100_000)
def formal_id(tok: str) -> tuple[str, ...]:
    """One token's formal Indonesian form(s), memoised (answers repeat their words)."""
    if is_symbol(tok):
        return (tok,)
    return tuple(_formal_id(tok, resources.slang_id(), resources.vocab_id()))


def _formal_id(tok: str, slang: dict[str, str], vocab: frozenset[str]) -> list[str]:
    if tok in slang:
        return slang[tok].split()
    negated = _NOT_NOUN.match(tok)
    if negated:
        return ["tidak", *_formal_id(negated.group(1), slang, vocab), *(["nya"] if negated.group(2) else [])]
    if tok in vocab:
        return [tok]
    if _ELONGATED.search(tok):
        for cand in (_ELONGATED.sub(r"\1", tok), _ELONGATED.sub(r"\1\1", tok)):
            if cand in slang or cand in vocab:
                return _formal_id(cand, slang, vocab)
    redup = _REDUP.match(tok)
    if redup:
        return _formal_id(redup.group(1), slang, vocab) * 2
    for clitic in _ENCLITIC:
        stem = tok[: -len(clitic)]
        if tok.endswith(clitic) and len(stem) >= 3 and (stem in vocab or stem in slang):
            return _formal_id(stem, slang, vocab) + ["nya"]
    return [tok]


def normalise_en(tokens: list[str]) -> list[str]:
    """English: contractions to negators ("don't"->'dont'), elongations ('sooo'->'so', 'gooood'->'good')."""
    return [english_word(tokens, n) for n in range(len(tokens))]


def english_word(tokens: list[str], n: int) -> str:
    """tokens[n] normalised as English; a wish is no liking ("I'd like information about my refund": 'want')."""
    word = formal_en(tokens[n])
    if word == "like" and n and (tokens[n - 1] == "would" or tokens[n - 1].replace("’", "'").endswith("'d")):
        return "want"
    return word


@resources.derived_from_data
@lru_cache(maxsize=100_000)
def formal_en(tok: str) -> str:
    """One English token normalised, memoised."""
    tok = tok.replace("’", "'")
    if tok.endswith("n't"):
        return tok.replace("'", "")
    if "'" in tok:
        tok = tok.split("'")[0] or tok
    vocab = resources.vocab_en()
    if _ELONGATED.search(tok) and tok not in vocab:
        two, one = _ELONGATED.sub(r"\1\1", tok), _ELONGATED.sub(r"\1", tok)
        tok = two if two in vocab else one
    return tok


GREETINGS = frozenset(
    {
        ("good", "morning"),
        ("good", "afternoon"),
        ("good", "evening"),
        ("good", "night"),
        ("hi",),
        ("hello",),
        ("selamat", "pagi"),
        ("selamat", "siang"),
        ("selamat", "sore"),
        ("selamat", "malam"),
        ("halo",),
        ("hai",),
    }
)
ADDRESSED = frozenset("min admin kak gan sis bang mas mbak team all".split())


def without_greeting(words: list[str]) -> list[str]:
    """The words after an opening greeting clause ('Good morning. …', 'selamat pagi min, …'): TextBlob and
    the models read 'good morning' as praise."""
    for size in (2, 1):
        opening = tuple(words[:size])
        if opening in GREETINGS:
            rest = words[size:]
            rest = rest[1:] if rest[:1] and rest[0] in ADDRESSED else rest
            if rest[:1] == [BREAK] and len(rest) > 1:
                return rest[1:]
    return words
