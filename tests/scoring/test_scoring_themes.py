"""Themes across the industries our users come from: an aspect decides what generic words mean, the ke-…-an
'too …' forms keep their meaning, and a journey's own theme wins over a built-in one for the same term."""

import pytest

from feedback_app.scoring import score


def themes_of(text, **kwargs):
    return score(text, **kwargs)["themes"]


@pytest.mark.parametrize(
    "text, expected, not_expected",
    [
        ("wifi hotelnya lemot bgt", "wifi_poor", "delivery_late"),
        ("the hotel wifi is super slow, couldn't work", "wifi_poor", "product_damaged"),
        ("kuota cepet banget abis padahal jarang dipake", "quota_problem", "delivery_on_time"),
        ("my data runs out so fast even though i barely use it", "quota_problem", "delivery_on_time"),
        ("kamarnya bersih tapi check in lambat", "waiting_time", "delivery_late"),
        ("kurirnya lambat banget", "delivery_late", "waiting_time"),
        ("tv nya rusak dan showernya bocor", "tv_broken", "product_damaged"),
        ("barangnya dateng udah rusak, layarnya retak", "product_damaged", "room_facility_broken"),
        ("biaya admin bulanannya kemahalan", "fees_high", "price_high"),
        ("harganya kemahalan", "price_high", "fees_high"),
        ("tagihan bulan ini tiba-tiba naik tanpa penjelasan", "billing_wrong", "payment"),
        ("pesawatnya delay 3 jam tanpa info", "flight_delay", "delivery_late"),
        ("porsinya kekecilan", "portion_small", "wrong_size"),
        ("bajunya kekecilan", "wrong_size", "portion_small"),
    ],
)
def test_the_clauses_aspect_decides_what_generic_words_are_about(text, expected, not_expected):
    found = themes_of(text)
    assert expected in found and not_expected not in found


@pytest.mark.parametrize(
    "indonesian, english, key",
    [
        (
            "saldo udah kepotong tapi transaksinya gagal",
            "money was deducted but the transaction failed",
            "payment_failed",
        ),
        (
            "cs nya ga bales2 chat dari kemarin",
            "customer service hasn't replied to my chat since yesterday",
            "cs_unresponsive",
        ),
        ("otp ga masuk-masuk, ga bisa login", "the otp never arrives, i can't log in", "account_problem"),
        (
            "ada transaksi yang bukan saya, takut dibobol",
            "there's a transaction i didn't make, i'm scared i was hacked",
            "security",
        ),
        ("kamarnya berisik banget, ga bisa tidur", "the room was so noisy, i couldn't sleep", "noise"),
        ("sinyal sering ilang di rumah", "the signal keeps dropping at home", "network_poor"),
        ("barang ga sesuai foto", "the product doesn't match the photo", "not_as_described"),
    ],
)
def test_the_same_complaint_meets_on_one_key_in_both_languages_and_reads_negative(indonesian, english, key):
    for text in (indonesian, english):
        result = score(text)
        assert key in result["themes"] and result["label"] == "negative", (text, result)


def test_too_sweet_stays_a_complaint_and_not_sweet_enough_is_no_praise():
    assert "food_taste_bad" in themes_of("kemanisan") and score("kemanisan")["label"] == "negative"
    assert "food_tasty" not in themes_of("es tehnya kurang manis, kecewa")
    assert "food_tasty" in themes_of("tehnya manis dan enak")


def test_a_journeys_own_theme_wins_a_term_it_shares_with_a_built_in_one():
    own = [
        {
            "key": "menu_variety",
            "label": {"id": "Variasi menu", "en": "Menu variety"},
            "polarity": -1,
            "terms": ["bosan", "same menu"],
        }
    ]
    assert "no_variety" in themes_of("bosan")
    assert themes_of("bosan", extra_themes=own) == ["menu_variety"]


@pytest.mark.parametrize(
    "text, label",
    [
        ("check in took forever, i queued for an hour", "negative"),
        ("the 4g signal keeps coming and going", "negative"),
        ("the hotel staff were friendly, they gave us a room upgrade", "positive"),
        ("biasa aja sih, standar", "neutral"),
        ("quick question, what is the daily transfer limit", "neutral"),
        ("ga ada komen", "neutral"),
    ],
)
def test_a_clear_one_sided_complaint_or_praise_is_not_left_neutral(text, label):
    assert score(text)["label"] == label


def test_the_taxonomy_has_no_term_that_shadows_or_contradicts_another():
    """Editors of data/themes.json: an aspect must not hold a term of a complaint or praise (the aspect would
    win the tie and hide it), and no complaint may reduce to a praise of the lexicon, nor a praise to a
    complaint, once fillers drop and words are lemmatised ('too sweet' -> 'sweet')."""
    from feedback_app.scoring import phrases, resources
    from feedback_app.scoring.themes import taxonomy

    themes = taxonomy()
    judged = {
        v: (theme.key, theme.polarity)
        for theme in themes.values()
        if theme.polarity
        for term in theme.terms + theme.weak_terms
        for v in phrases.term_variants(term)
    }
    shadowed = [
        (theme.key, term)
        for theme in themes.values()
        if not theme.polarity
        for term in theme.terms
        if any(v in judged for v in phrases.term_variants(term))
    ]
    lexicon = {
        v: value
        for term, (value, _) in resources.load_json("polarity.json")["terms"].items()
        for v in phrases.term_variants(term)
    }
    contradicted = [
        (key, v, lexicon[v])
        for v, (key, polarity) in judged.items()
        if lexicon.get(v) and (lexicon[v] > 0) != (polarity > 0)
    ]
    links = [
        (theme.key, link)
        for theme in themes.values()
        for link in (theme.complaint, theme.praise, theme.elsewhere, theme.opposite)
        if link and link not in themes
    ]
    everyday = {
        "get",
        "have",
        "go",
        "make",
        "take",
        "come",
        "give",
        "do",
        "say",
        "ask",
        "see",
        "use",
        "want",
        "ada",
        "kasih",
        "bisa",
        "mau",
        "jadi",
        "buat",
        "lagi",
        "pakai",
        "minta",
        "dapat",
    }
    too_common = [(key, v) for v, (key, _) in judged.items() if len(v) == 1 and v[0] in everyday]  # 'still got'
    assert shadowed == [] and contradicted == [] and links == [] and too_common == []


def test_journey_themes_frozen_once_score_as_the_plain_list_does():
    from feedback_app.scoring.themes import JourneyThemes

    own = [
        {
            "key": "menu_variety",
            "label": {"id": "Variasi menu", "en": "Menu variety"},
            "polarity": -1,
            "terms": ["bosan", "same menu"],
        }
    ]
    for text in ("menunya sama terus, bosan", "always the same menu", "kurirnya telat"):
        assert score(text, extra_themes=JourneyThemes(own)) == score(text, extra_themes=own)


def test_a_fallback_term_is_named_in_the_readers_language():
    from feedback_app.scoring import theme_label

    assert theme_label("term:not_sweet", "en") == "Not sweet"
    assert theme_label("term:not_sweet", "id") == "Tidak manis"
    assert theme_label("term:qwerty", "id") == "Qwerty"  # no glossary word: the term itself


@pytest.mark.parametrize(
    "indonesian, english",
    [
        ("kopinya encer, kecewa", "the coffee was watery, disappointed"),
        ("es tehnya kurang manis, kecewa", "the iced tea was not sweet enough, disappointed"),
    ],
)
def test_an_uncovered_complaint_gets_the_same_fallback_key_in_both_languages(indonesian, english):
    first, second = themes_of(indonesian), themes_of(english)
    assert first and first == second and first[0].startswith("term:")


def test_odd_journey_theme_entries_are_read_leniently_not_a_crash():
    odd = [
        {"key": "wifi", "polarity": "bad", "terms": ["wifi"], "label": "x"},
        {"key": 5},
        "junk",
        {"key": "k", "terms": [1, None, "menu sama"], "polarity": 7},
    ]
    result = score("menu sama terus, wifi lemot", extra_themes=odd)
    assert "k" in result["themes"] and result["label"] in ("positive", "neutral", "negative")


def test_a_journey_theme_under_a_built_in_key_keeps_the_built_ins_opposite_and_links():
    own_late = [{"key": "delivery_late", "label": {"id": "Telat", "en": "Late"}, "polarity": -1, "terms": ["telat"]}]
    assert "delivery_on_time" in themes_of("kurirnya tidak telat", extra_themes=own_late)
    own_wifi = [{"key": "wifi", "label": {"id": "Wifi", "en": "Wi-Fi"}, "polarity": 0, "terms": ["wifi"]}]
    assert "wifi_poor" in themes_of("wifi hotel lemot parah", extra_themes=own_wifi)


def test_a_journey_themes_terms_given_as_one_string_are_one_term():
    assert themes_of("b o s", extra_themes=[{"key": "x1", "terms": "bosan"}]) == []
    assert "x1" in themes_of("bosan", extra_themes=[{"key": "x1", "terms": "bosan", "polarity": -1}])


def test_no_phrase_of_a_theme_shrinks_to_a_bare_word_it_does_not_mean():
    """Fillers drop out of terms too: 'sudah adem' matched every 'adem' (cool clothes were cold food), 'habis
    terus' every 'habis' (a finished plate was out of stock). A phrase may shrink only to a word the theme already
    has on its own, or to one judged here."""
    from feedback_app.scoring import phrases
    from feedback_app.scoring.themes import taxonomy

    judged = {("portion_small", "still hungry"), ("price_good", "worth it")}
    shrunk = []
    for theme in taxonomy().values():
        own = {v for term in theme.terms if len(term.split()) == 1 for v in phrases.term_variants(term)}
        for term in theme.terms:
            bare = {v for v in phrases.term_variants(term) if len(v) == 1} if len(term.split()) > 1 else set()
            if bare - own and (theme.key, term) not in judged and "-" not in term:
                shrunk.append((theme.key, term, sorted(bare - own)))
    assert shrunk == []


def test_no_phrase_of_the_lexicon_shrinks_to_a_bare_word_it_does_not_rate():
    """'habis terus' (-0.5) shrank to 'habis', so every finished plate read as a complaint."""
    from feedback_app.scoring import phrases, resources

    terms = resources.load_json("polarity.json")["terms"]
    own = {v for term in terms if len(term.split()) == 1 for v in phrases.term_variants(term)}
    judged = {"lama banget", "lama sekali", "masih lapar", "still hungry", "the best", "worth it"}
    shrunk = [
        term
        for term in terms
        if len(term.split()) > 1 and term not in judged and "-" not in term
        if {v for v in phrases.term_variants(term) if len(v) == 1} - own
    ]
    assert shrunk == []


def test_no_term_reads_as_a_pronoun_or_function_word_through_the_slang_table():
    """The slang table read 'kw' (knock-off) as 'kau' (you), so every 'kau' was a knock-off complaint."""
    from feedback_app.scoring import phrases, resources
    from feedback_app.scoring.themes import taxonomy

    function_words = set("aku kau kamu dia saya kami kita mereka anda yang ini itu di ke dari dan atau juga".split())
    terms = [t for theme in taxonomy().values() for t in theme.terms]
    terms += list(resources.load_json("polarity.json")["terms"])
    readings = [(term, v[0]) for term in terms for v in phrases.term_variants(term) if len(v) == 1]
    assert [(term, word) for term, word in readings if word in function_words] == []


def test_a_knock_off_is_named_and_you_is_not():
    assert "not_as_described" in themes_of("barangnya kw, beda sama foto")
    assert themes_of("aku yakin kau dapat apa yang kau butuhkan") == []  # nor is a pronoun a topic


@pytest.mark.parametrize(
    "text, not_this",
    [
        ("aku sayang banget sama kamu", "negative"),  # 'sayang' (dear) is not 'sayangnya' (unfortunately)
        ("barangnya tahan lama, mantap", "negative"),  # durable, not a long wait
        ("dibandingkan toko lain harganya mirip", "positive"),  # compared, not 'sebanding' (worth it)
        ("mohon maaf atas ketidaknyamanannya", "positive"),  # inconvenience keeps its 'not'
        ("sesuai pesanan", "negative"),
    ],
)
def test_words_that_stem_into_another_word_keep_their_meaning(text, not_this):
    assert score(text)["label"] != not_this


def test_stemmed_words_name_no_theme_they_do_not_mean():
    assert "transfer" not in themes_of("terima kasih kak, mantap")  # 'penerima' (recipient) stems to 'terima'
    assert "trip" not in themes_of("tokonya di pinggir jalan, gampang dicari")  # 'perjalanan' (trip) to 'jalan'
    assert "delivery_late" not in themes_of("barangnya tahan lama")  # 'tertahan' (held up) to 'tahan'
    assert "delivery_late" in themes_of("pengirimannya lama banget")


def test_sayang_is_a_but_only_where_it_opens_a_clause():
    assert score("aku sayang banget sama produk ini")["label"] == "positive"  # dear
    assert "portion_small" in themes_of("enak, sayang porsinya kecil")  # a pity


def test_english_words_that_lemmatise_into_another_word_keep_their_meaning():
    assert "order_wrong" not in themes_of("I miss the old menu")  # 'missing' (an item) is not 'miss' (yearning)
    assert "order_wrong" not in themes_of("I will never forget this meal")  # nor 'forgot' (my drink) 'forget'
    assert "order_wrong" in themes_of("my fries were missing")
    assert "order_wrong" in themes_of("they forgot my drink")


def test_more_indonesian_stems_that_are_other_words():
    assert "network_poor" not in themes_of("suara musiknya mengganggu")  # annoying, not an outage ('gangguan')
    assert "network_poor" in themes_of("sinyal terganggu terus")
    assert score("nasi goreng jamur enak banget")["label"] == "positive"  # mushroom, not mould ('berjamur')
    assert "price_good" not in themes_of("jangkauan sinyalnya luas")  # reach, not affordable ('terjangkau')
    assert score("wahananya seru banget")["label"] == "positive"


@pytest.mark.parametrize("text", ["es tehnya dingin segar", "the beer was ice cold", "minumannya dingin, mantap"])
def test_a_cold_drink_is_praise_not_cold_food(text):
    result = score(text)
    assert result["label"] == "positive" and "food_cold" not in result["themes"]


def test_a_cold_shower_is_missing_hot_water():
    assert themes_of("air panas tidak keluar, mandi air dingin") == ["hot_water_missing"]


@pytest.mark.parametrize(
    "text, theme",
    [
        ("sudah 5 hari belum dikirim juga, seller ga bales chat", "delivery_late"),
        ("sinyal hilang terus di rumah, padahal bayar mahal", "price_high"),  # not a failed payment
        ("udah transfer tapi status masih menunggu pembayaran", "payment_failed"),
        ("drivernya ngebut, bikin takut", "driving_unsafe"),
        ("the driver was speeding and ran a red light", "driving_unsafe"),
    ],
)
def test_shop_telco_and_ride_complaints_name_their_problem(text, theme):
    assert theme in themes_of(text)


def test_fast_shipping_is_not_unsafe_driving():
    assert themes_of("pengirimannya ngebut, cepat sampai") == ["delivery_on_time"]


@pytest.mark.parametrize(
    "text, theme",
    [
        ("The voucher won't apply even though I met the terms", "promo_not_applied"),
        ("the promo code didn't apply at checkout", "promo_not_applied"),
        ("Not bad, but the delivery took a while", "delivery_late"),
    ],
)
def test_english_shop_complaints_name_their_problem(text, theme):
    assert theme in themes_of(text) and score(text)["label"] == "negative"


@pytest.mark.parametrize("text", ["ga rekomen, kapok beli disini", "kecewa berat", "nyesel beli", "top markotop"])
def test_a_word_of_judgement_is_never_a_candidate_topic(text):
    assert not any(k.startswith("term:") for k in themes_of(text))


@pytest.mark.parametrize("text, label", [("b aja", "neutral"), ("wkwk lucu bgt bentuknya", "positive")])
def test_colloquial_verdicts(text, label):
    assert score(text)["label"] == label


@pytest.mark.parametrize(
    "text, theme",
    [
        ("drivernya lama banget nyari alamat", "delivery_wrong_address"),
        ("Driver couldn't find my address for 20 minutes", "delivery_wrong_address"),
        ("The rice was hard, like yesterday's", "food_taste_bad"),
    ],
)
def test_food_delivery_complaints_in_both_languages(text, theme):
    assert theme in themes_of(text)


@pytest.mark.parametrize(
    "text, themes",
    [
        ("Check-in took forever", ["waiting_time"]),
        ("Wifi was slow and kept disconnecting", ["wifi_poor"]),
        ("They charged a deposit that was never refunded", ["refund"]),
    ],
)
def test_hotel_complaints_in_english_name_their_problem(text, themes):
    assert themes_of(text) == themes


def test_a_striped_shirt_is_not_a_damaged_screen_and_an_address_field_is_not_a_lost_driver():
    assert themes_of("kaos bergaris, bahannya adem") == ["product_quality_good"]
    assert "product_damaged" in themes_of("layar hp bergaris setelah seminggu")
    assert "delivery_wrong_address" not in themes_of("I could not find the address field in the app")
