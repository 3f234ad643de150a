"""Answers written like messages to a company: handles and hashtags, sarcasm, contact-centre and travel
complaints (issue 13: 'tweets to companies' are among the customer text the scorer must read)."""

from __future__ import annotations

import pytest

from feedback_app.scoring import normalise, score, theme_aspect, theme_label
from feedback_app.scoring.customer_cues import only_praise, thanks_for_nothing
from feedback_app.scoring.emotion import NEGATIVE


def test_handles_are_dropped_and_camel_cased_hashtags_split():
    assert normalise.clean("@united thanks #NeverAgain").tokens == ["thanks", "never", "again"]
    assert normalise.clean("kurir @gojekindonesia telat #kecewa").tokens == ["kurir", "telat", "kecewa"]
    assert normalise.clean("mail a@b.com, C#sharp").tokens[:1] == ["mail"]
    assert "sharp" in normalise.clean("C#sharp").tokens and "c" in normalise.clean("C#sharp").tokens


def test_a_handle_does_not_become_a_candidate_theme():
    assert not any("virgin" in key for key in score("@VirginAmerica the seat was awful")["themes"])


@pytest.mark.parametrize(
    "text",
    [
        "Thanks for nothing",
        "@united thanks for nothing, 3 hours on the tarmac",
        "Lost my bag again. Great job.",
        "Kurir telat 2 jam. Mantap.",
        "My flight was cancelled again. Great.",
        "Great, another delay. Love spending my weekend at the airport.",  # bare praise right before a fault
        "Perfect. Now the app crashed again",
        "Mantap, telat lagi.",
    ],
)
def test_sarcastic_thanks_and_bare_praise_after_a_complaint_read_negative_and_name_no_joy(text):
    found = score(text)
    assert found["label"] == "negative", found
    assert found["emotion"]["label"] not in {"joy", "love"}, found


@pytest.mark.parametrize("text", ["The food was great. Perfect!", "Makanannya enak. Mantap!", "Great job, thanks!"])
def test_bare_praise_after_praise_stays_praise(text):
    assert score(text)["label"] == "positive"


def test_the_sarcasm_cues_read_the_clause_words():
    assert only_praise(["great"]) and only_praise(["just", "perfect"]) and only_praise(["mantap", "sekali"])
    assert not only_praise(["great", "food"]) and not only_praise(["just"])
    assert thanks_for_nothing(["thank", "you", "for", "nothing"]) and not thanks_for_nothing(["thanks", "for", "all"])


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("your customer service is terrible", "support_poor"),
        ("CS nya ga membantu sama sekali", "support_poor"),
        ("customer service sangat membantu, terima kasih", "support_helpful"),
        ("I have been trying to call for 3 hours and can't get through", "cs_unresponsive"),
        ("the agent hung up on me", "cs_unresponsive"),
        ("Been on hold for 1.5 hours. Thanks!", "cs_unresponsive"),
        ("seat was broken and no legroom", "seat_uncomfortable"),
        ("kursinya empuk, nyaman banget", "seat_comfortable"),
        ("Just landed in Denver. Thanks for a smooth flight!", "trip_good"),
        ("comfortable trip, right on time", "trip_good"),
        ("perjalanan nyaman, tepat waktu", "trip_good"),
        ("flight delayed 2 hrs, missed my connection", "flight_delay"),
        ("antrian check in panjang banget", "waiting_time"),
    ],
)
def test_contact_centre_and_travel_answers_get_their_problem_theme(text, theme):
    assert theme in score(text)["themes"], score(text)


def test_on_hold_is_the_contact_centre_not_a_queue_and_gets_no_second_wait_theme():
    assert score("Been on hold for 1.5 hours. Thanks!")["themes"] == ["cs_unresponsive"]


def test_new_themes_are_named_in_both_languages_and_grouped_by_aspect():
    assert theme_label("support_poor", "id") == "CS tidak membantu"
    assert theme_label("flight_delay", "en") == "Delayed trip"  # cancellations have flight_cancelled
    assert theme_aspect("seat_uncomfortable") == "seat" and theme_aspect("trip_good") == "trip"
    assert theme_aspect("cs_unresponsive") == theme_aspect("support_poor") == "support"


@pytest.mark.parametrize(
    "text", ["kak mau tanya, promo ini berlaku sampai kapan ya?", "@united is there a way to change my seat online?"]
)
def test_a_plain_question_reads_neutral_and_gets_no_complaint_theme(text):
    found = score(text)
    assert found["label"] == "neutral", found
    assert not any(key.endswith("not_applied") for key in found["themes"]), found


@pytest.mark.parametrize(
    "text",
    [
        "Do you deliver to Bekasi on Sundays?",  # a yes/no question about a problem's topic asks, it does not fault
        "apakah bisa kirim ke Bekasi?",
        "Can I get a refund?",
        "Please send me the invoice for last month",  # a request for paperwork is no complaint
        "mohon infonya kak, jam buka hari minggu",
    ],
)
def test_questions_and_requests_for_information_read_neutral(text):
    assert score(text)["label"] == "neutral"


@pytest.mark.parametrize(
    "text",
    [
        "where is the cutlery?",
        "kenapa paket saya belum sampai?",
        "is my order lost?",
        "Can I get a refund? 3rd time asking",
    ],
)
def test_a_question_that_complains_stays_negative(text):
    assert score(text)["label"] == "negative"


@pytest.mark.parametrize(
    "text",
    [
        "my package says delivered but it's nowhere to be found",
        "I've been a customer for 10 years and this is how you treat me?",
        "It's ok I guess, but for this price I expected much more",
        "Used to love this place but the quality has really gone down",
        "I wanted to like it, I really did",
        "Item arrived with a huge scratch on the screen",
        "dulu enak, sekarang hambar",  # what is now counts
        "Used to be great, now it's awful",
        "sudah 3x komplain tapi tidak ada tanggapan",
    ],
)
def test_complaints_without_complaint_words_read_negative(text):
    assert score(text)["label"] == "negative"


@pytest.mark.parametrize(
    "text",
    [
        "Couldn't be happier with my purchase",  # no 'not happy'
        "Five stars, the update fixed all the bugs",
        "The staff went above and beyond for my mom's birthday",
        "ga ada yang kurang, semua oke",  # 'kurang' is a negator too: not a 'not' twice over
        "dulu pernah kecewa, sekarang sudah bagus",
    ],
)
def test_praise_in_idioms_reads_positive(text):
    found = score(text)
    assert found["label"] == "positive", found
    assert not any(key.startswith("term:not_") or key == "app_error" for key in found["themes"]), found


@pytest.mark.parametrize(
    ("text", "label", "today", "bygone"),
    [
        ("dulu enak, sekarang hambar", "negative", "food_taste_bad", "food_tasty"),
        ("dulu sering telat, sekarang cepat", "positive", "delivery_on_time", "delivery_late"),
        ("Used to be great, now the delivery is always late", "negative", "delivery_late", None),
    ],
)
def test_what_used_to_be_is_neither_praise_nor_a_theme_of_today(text, label, today, bygone):
    found = score(text)
    assert found["label"] == label, found
    assert today in found["themes"] and bygone not in found["themes"], found


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("Paid for extra legroom and got the middle seat", "seat_uncomfortable"),
        ("I paid for express shipping and only got it a week later", "delivery_late"),
        ("paid for a sea view, but got a view of the parking lot", "room_facility_broken"),
    ],
)
def test_what_was_paid_for_and_not_got_is_a_complaint_not_praise_nor_payment(text, theme):
    found = score(text)
    assert found["label"] == "negative", found
    assert found["themes"] == [theme], found


def test_paying_for_what_came_stays_praise():
    assert score("I paid for the premium plan and it is great")["label"] == "positive"


def test_what_came_before_the_past_still_counts():
    found = score("Makanannya enak. Dulu kurirnya sering telat, sekarang cepat")
    assert found["themes"] == ["food_tasty", "delivery_on_time"], found


def test_a_love_that_used_to_be_is_felt_no_more():
    found = score("I used to love this app, now it crashes all the time")
    assert found["label"] == "negative" and found["emotion"]["label"] in NEGATIVE, found


def test_praise_before_a_fault_that_a_but_answers_stays_praise():
    assert score("Great! The delivery was a bit late but the food was good")["label"] == "positive"


def test_asking_for_help_praises_nobody():
    found = score("@IndiHomeCare min internet mati dari pagi, tolong dibantu")
    assert found["themes"] == ["network_poor"], found


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("@gojekindonesia driver cancel terus, udah nunggu sejam", "order_cancelled"),
        ("min sudah saya DM ya, mohon direspon", "cs_unresponsive"),
    ],
)
def test_messages_to_an_indonesian_company_get_their_problem(text, theme):
    assert theme in score(text)["themes"]


def test_a_term_whose_filler_falls_away_does_not_become_a_bare_word():
    """'sudah adem' reduced to 'adem' (cool, comfortable), so cool clothes were cold food; 'udah dm' to 'dm'."""
    assert "food_cold" not in score("suka banget sama bajunya, adem dipakai")["themes"]
    assert "food_cold" in score("makanannya udah adem pas nyampe")["themes"]
    assert score("@AmericanAir can you DM me the confirmation number?")["themes"] == []


@pytest.mark.parametrize("text", ["Semoga awet ya, soalnya baru sekali pakai", "semoga laris terus kak"])
def test_a_good_wish_is_no_request_and_no_complaint(text):
    assert score(text)["label"] != "negative"


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("CS nya ga membantu sama sekali, udah 3 hari nunggu balasan", "cs_unresponsive"),
        ("been waiting for a reply for a week", "cs_unresponsive"),
        ("antri di kasir, nunggu lama", "waiting_time"),
    ],
)
def test_waiting_for_a_reply_is_the_contact_centre_and_a_queue_is_waiting(text, theme):
    assert theme in score(text)["themes"]


def test_a_clear_ad_reads_positive_and_an_unclear_one_negative():
    """The Indonesian model learned 'jelas' from 'tidak jelas' (unclear) reviews and read 'Iklannya jelas' -0.43."""
    assert score("Iklannya jelas, ada info kalori juga")["label"] == "positive"
    assert score("penjelasannya tidak jelas")["label"] == "negative"


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("@USAirways been trying to rebook for 2 days, your website keeps timing out", "app_error"),
        ("@SouthwestAir still no bags and no one at the desk", "luggage_lost"),
        ("@JetBlue you charged me twice for the same seat", "payment_failed"),
        ("@USAirways hold music for 2 hours. Really?", "cs_unresponsive"),
    ],
)
def test_complaints_to_an_airline_read_negative_with_their_problem(text, theme):
    found = score(text)
    assert found["label"] == "negative" and theme in found["themes"], found


def test_a_bare_really_after_a_complaint_is_disbelief_not_praise():
    assert only_praise(["really"]) and not only_praise(["really", "good"])
    assert score("Really good food")["label"] == "positive"


def test_a_polite_please_and_praise_before_a_but_name_no_joy_in_a_complaint():
    """'please' votes joy as the lemma of 'pleased'; in a request it is politeness."""
    assert score("The sambal was far too spicy, please pack it separately")["emotion"]["label"] not in {"joy", "love"}
    assert score("Thank you, pleased with the service")["emotion"]["label"] == "joy"


@pytest.mark.parametrize(
    ("text", "theme", "not_theme"),
    [
        ("porsinya pas, langsung habis", "food_tasty", "out_of_stock"),  # eaten up, not sold out
        ("baterai cepat habis", "product_damaged", "out_of_stock"),
        ("the lid was tight, nothing spilled", "packaging_good", "wrong_size"),
        ("the shirt fits too tight", "wrong_size", None),
        ("internetnya kenceng, main game lancar", "network_good", "wrong_size"),
    ],
)
def test_habis_and_tight_mean_what_their_clause_is_about(text, theme, not_theme):
    themes = score(text)["themes"]
    assert theme in themes and not_theme not in themes, themes


@pytest.mark.parametrize(
    "text, fault",
    [
        ("@united been on hold for 2 hours. Great customer service", "cs_unresponsive"),
        ("Kurirnya telat 2 jam. Pengiriman mantap.", "delivery_late"),
        ("The wifi kept dropping. Nice wifi.", "network_poor"),
    ],
)
def test_a_plain_praise_of_the_aspect_just_faulted_is_sarcasm(text, fault):
    result = score(text)
    assert result["label"] == "negative" and fault in result["themes"]
    assert not any(k in result["themes"] for k in ("support_helpful", "delivery_on_time", "network_good"))


@pytest.mark.parametrize(
    "text",
    [
        "Room was a bit small. Great room otherwise, very clean",  # 'otherwise': sincere
        "The food was cold but great service",  # another aspect, after a 'but'
        "buat yang bosan sama makanan halal. makanan nya enak banget bumbu nya mantap",  # more than one plain word
    ],
)
def test_sincere_praise_after_a_complaint_stays_praise(text):
    assert score(text)["label"] == "positive"


@pytest.mark.parametrize(
    "text, theme",
    [
        ("@united stuck on the tarmac for an hour with no AC", "flight_delay"),
        ("@SouthwestAir line at check-in is ridiculously long", "waiting_time"),
        ("@delta booked a flight but never got a confirmation email", "booking_failed"),
        ("@USAirways worst airline ever. never flying with you again", "trip_poor"),
        ("@united my flight has been delayed 3 times today. unacceptable", "flight_delay"),
    ],
)
def test_travel_complaints_name_their_problem(text, theme):
    result = score(text)
    assert result["label"] == "negative" and theme in result["themes"]


@pytest.mark.parametrize(
    "text",
    ["can you tell me if flight 123 is on time?", "is the food good here?", "bisa pengiriman cepat ga ke bekasi?"],
)
def test_a_question_about_a_quality_gives_no_praise(text):
    result = score(text)
    assert result["label"] != "positive" and not any(k in result["themes"] for k in ("trip_good", "food_tasty"))


def test_a_question_after_praise_keeps_the_praise_and_a_why_question_its_complaint():
    assert score("The food was great! When do you open in Bekasi?")["label"] == "positive"
    assert "food_cold" in score("why is my food always cold?")["themes"]


@pytest.mark.parametrize(
    "text, theme",
    [
        ("@SouthwestAir flight 2345 still sitting at the gate, no updates", "flight_delay"),
        ("@USAirways I was promised a call back and never got one", "cs_unresponsive"),
        ("@JetBlue had to pay $50 for a carry on??", "fees_high"),
        ("@delta charged me a change fee even though you changed my flight", "fees_high"),
        ("@USAirways 5 hours at the airport and counting", "waiting_time"),
        ("@delta your website has been down all morning", "app_error"),
        ("@AmericanAir what is the point of having status if you can't get an upgrade", None),
    ],
)
def test_implicit_complaints_to_a_company_read_negative(text, theme):
    result = score(text)
    assert result["label"] == "negative" and (theme is None or theme in result["themes"])


@pytest.mark.parametrize(
    "text, theme",
    [
        ("@PLN_123 listrik padam 5 jam tanpa pemberitahuan", "power_outage"),
        ("@BCA kartu ketelen di ATM, cabang udah tutup", "card_lost"),
        ("@lionair bagasi saya ketinggalan di jakarta", "luggage_lost"),
        ("@shopeeid kok barang yang dateng beda warna sih", "not_as_described"),
        ("@grabid drivernya minta tambahan ongkos", "fees_high"),
    ],
)
def test_indonesian_messages_to_a_company_name_their_problem(text, theme):
    result = score(text)
    assert result["label"] == "negative" and theme in result["themes"]


@pytest.mark.parametrize(
    "text",
    [
        "@grabid promo hari ini apa aja?",
        "@IndiHome min mau tanya, paket 50mbps berapa ya?",
        "@traveloka sudah saya DM ya",
    ],
)
def test_asking_what_or_saying_a_dm_was_sent_is_neutral_and_names_no_fault(text):
    result = score(text)
    assert result["label"] == "neutral" and not any(k.endswith(("_not_applied", "_poor")) for k in result["themes"])


@pytest.mark.parametrize(
    "text",
    [
        "thanks for losing my bag again, really appreciate it",
        "thank you for ruining my holiday",
        "thanks for cancelling my flight without telling me",
        "makasih ya udah dicuekin",
        "terima kasih sudah menghilangkan koper saya",
        "thanks for nothing. great service",  # praise after sarcastic thanks is sarcasm too
    ],
)
def test_thanks_for_a_harm_done_is_sarcasm(text):
    got = score(text)
    assert got["label"] == "negative"
    assert got["emotion"]["label"] not in ("joy", "love")


@pytest.mark.parametrize(
    "text", ["thanks for not losing my bag this time", "thanks for fixing it so fast", "makasih ya sudah membantu"]
)
def test_thanks_for_help_or_for_a_harm_not_done_is_no_sarcasm(text):
    assert not thanks_for_nothing(normalise.clean(text).tokens)
    assert score(text)["label"] != "negative"


@pytest.mark.parametrize(
    "text",
    [
        "the gate agent was incredibly unhelpful",
        "you guys really need to fix your website",
        "so I guess I'm sleeping at the airport tonight",
        "kami terlantar di bandara",
    ],
)
def test_unhelpful_staff_a_needed_fix_and_being_stranded_read_negative(text):
    assert score(text)["label"] == "negative"


@pytest.mark.parametrize(
    "text", ["cara daftar akun bisnis gimana ya min", "promo gratis ongkir masih berlaku kapan", "sudah saya dm ya kak"]
)
def test_an_indonesian_question_without_a_question_mark_or_a_note_that_a_dm_was_sent_reads_neutral(text):
    assert score(text)["label"] == "neutral"


@pytest.mark.parametrize(
    "text", ["udah 3 hari paket belum gerak dari gudang", "my package hasn't moved in a week", "resinya belum update"]
)
def test_a_parcel_that_does_not_move_is_a_late_delivery(text):
    got = score(text)
    assert got["label"] == "negative"
    assert got["themes"] == ["delivery_late"]


@pytest.mark.parametrize("text", ["makasih min", "tolong dibantu min", "udah dm ya min"])
def test_min_addresses_the_admin_and_names_no_theme(text):
    assert score(text)["themes"] == []


def test_min_after_a_number_is_minutes():
    got = score("nunggu 45 min gak dateng")
    assert got["label"] == "negative" and "waiting_time" in got["themes"]
    assert score("adminnya lama banget balasnya")["label"] == "negative"  # the admin as a subject is read
