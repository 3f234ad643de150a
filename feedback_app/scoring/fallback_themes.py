"""Answers no theme covers: their main complaint or praise word becomes a fallback theme key
'term:<english lemma>' ('dingin' and 'cold' both -> 'term:cold', through data/glossary.json).
candidates.py gathers the recurring ones across answers for the CX team.
"""

from __future__ import annotations

from feedback_app.scoring import lexicon, models, phrases, resources, textblob_sentiment

MIN_WEIGHT = 0.3  # a word must push polarity at least this much (model units) to name the answer
NEGATED_BONUS = 1.0
DESCRIPTOR_BONUS = 0.5  # a word TextBlob's (adjective) lexicon knows, itself or through the glossary
# complaint adjectives TextBlob's lexicon lacks: an answer is named after them, not after the thing they describe
MORE_DESCRIPTORS = frozenset(
    "watery soggy greasy oily salty stale mushy chewy undercooked overcooked burnt leaky flimsy faulty dented "
    "scratched torn rotten spoiled expired".split()
)
STOPWORDS = frozenset(
    "enough cukup terlalu agak "
    "dan atau di ke dari ini itu saya aku kami kita kamu anda dia mereka untuk dengan pada karena jadi kalau "
    "ada adalah akan bisa mau lagi udah sudah belum juga hanya cuma kok sih dong deh nih tuh banget sekali "
    "the and or to of in on at for with my our your his her their we you they he she it this that was were "
    "is are be been have has had do did does not no but so just only very really too got get "
    "will would can could should shall may might must definitely pasti akan wrong salah "
    "terima kasih makasih thanks thank banyak plenty lot lots much many "
    "tapi tetapi namun padahal walaupun meskipun sedangkan sehingga sama although though however "
    "tolong mohon please pls".split()
)
# Words no reader would call what an answer is about, whatever the model learned of them from tweets ("two",
# "took", "where"): numbers, everyday verbs, question and time words.
NOT_A_TOPIC = frozenset(
    "one two three four five six seven eight nine ten hundred first second third hour hours minute minutes day "
    "days time times week weeks month months year years last next ago yesterday today tomorrow took take taken get got "
    "had have make made go went come came tried try say said told keep keeps kept show shows showed showing "
    "other another same "
    "where when what who why how which there here then now again also eat ate bag "
    "satu dua tiga empat lima enam tujuh delapan sembilan sepuluh ratus jam menit hari kali minggu "
    "ambil dapat punya bikin buat pergi datang coba bilang kata mana kapan apa apakah siapa kenapa bagaimana sini situ "
    "sekarang nanti pakai kasih makan masa bulan tahun kemarin besok lalu "
    "aku kau kamu engkau dia saya kami kita mereka anda gue gua gw lu lo elu beliau "  # pronouns name nobody's topic
    "i me you he him she her we us they them "
    "kak kakak gan sis min bang mas mbak bro selalu always sering often berat setelah sebelum after before "
    # forms of address, when ('2 hari baru sampai': only then, not 'new'), must, feel, let's; the customer who writes
    "baru masih still wajib must merasa merasakan feel felt dulu ayo yuk mari malah instead happier want wanted "
    "customer customers pelanggan konsumen setia loyal sebagai".split()
)


NOT_CONTENT = phrases.FILLERS | phrases.MODALS


def fallback_theme(words: list[str], langs: list[str], polarity: float) -> str | None:
    """'term:<lemma>' for an answer with a clear main term, else None; a word that pulls against the answer
    (polarity's side) is no main term of it ('tasty' in a disappointed answer)."""
    found = main_term(words, langs, polarity)
    return english_key(*found) if found else None


def english_key(word: str, lang: str, negated: bool = False) -> str:
    """The same key for a term in either language: Indonesian through the glossary, then the
    English lemma ('kecewa' -> 'disappointed' -> 'term:disappoint'); 'term:not_spicy' when negated."""
    lemma = phrases.concept(word, lang)
    if lang == "id":
        english = resources.glossary().get(word) or resources.glossary().get(lemma)
        lemma = " ".join(phrases.concept(w, "en") for w in english.split()) if english else lemma
    return "term:" + ("not_" if negated else "") + lemma.replace(" ", "_")


def main_term(words: list[str], langs: list[str], side: float = 0.0) -> tuple[str, str, bool] | None:
    """(word, lang, negated) of the content word that moves the sentiment model most: what the
    answer is about ('pedas' in 'sambal kurang pedas'), not how the customer felt ('kecewa');
    a negated word is preferred: the negation is usually the complaint, and so is a descriptor
    ('tipis' in 'bajunya tipis'; 'thin' in 'the shirt is thin') over the thing it describes."""
    best: tuple[float, str, str, bool] | None = None
    previous, direction = "", (side > 0) - (side < 0)
    for word, lang in zip(words, langs):
        concept = phrases.concept(word, lang) if word[0].isalnum() else word
        usable = len(word) >= 3 and word.isalpha() and concept != phrases.NOT and word not in NOT_CONTENT
        if (
            usable
            and word not in STOPWORDS
            and NOT_A_TOPIC.isdisjoint((word, concept))
            and concept not in lexicon.generic_words()
        ):
            negated = previous == phrases.NOT
            push = models.word_weight(word, lang)
            described = is_descriptor(word, lang) and _lexicon_side(concept) == direction  # 'jelas' (clear)
            if direction * push <= -MIN_WEIGHT and not negated and not described:  # pulls against the answer
                previous = concept
                continue
            weight = (
                abs(push)
                + (NEGATED_BONUS if negated else 0.0)
                + (DESCRIPTOR_BONUS if is_descriptor(word, lang) else 0.0)
            )
            if weight >= MIN_WEIGHT and (best is None or weight > best[0]):
                best = (weight, word, lang, negated)
        previous = concept if word not in phrases.FILLERS else previous
    return best[1:] if best else None


def _lexicon_side(concept: str) -> int:
    """+1 or -1 when the feedback lexicon gives the word alone a polarity, else 0: for a descriptor it outranks the
    model, which learned 'jelas' (clear) from reviews saying 'tidak jelas'."""
    found = sum(cue.polarity for cue in lexicon.cues([concept]))
    return (found > 0) - (found < 0)


def is_descriptor(word: str, lang: str) -> bool:
    """An adjective-like word ('thin', 'tipis' -> 'thin'): TextBlob's lexicon is mostly adjectives, the
    only part-of-speech hint that works offline here; plus MORE_DESCRIPTORS ('watery', 'encer' -> 'watery')."""
    glossary = resources.glossary()
    english = word if lang != "id" else glossary.get(word) or glossary.get(phrases.concept(word, lang))
    if not english or " " in english:
        return False
    return english in MORE_DESCRIPTORS or textblob_sentiment.knows_any([english])
