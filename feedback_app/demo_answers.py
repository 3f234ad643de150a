"""What the demo's customers say: answers per stage in Indonesian and English, with a face and a rating.

Recurring complaints (late couriers, cold food, the same menu, slow payment checks, a leaking lid, a sambal
that is too hot) come back often enough for the pain-point lane and the candidate themes to show them.
"""

from __future__ import annotations

import random

# stage -> (face, Indonesian text, English text); several entries per face so answers vary.
ANSWERS: dict[str, list[tuple[int, str, str]]] = {
    "awareness": [
        (5, "Video reels-nya menarik, makanannya kelihatan segar", "The reels look great, the food looks fresh"),
        (4, "Iklannya jelas, ada info kalori juga", "Clear ad, and it even shows the calories"),
        (4, "Lihat dari teman di Instagram, kayaknya enak", "Saw it through a friend on Instagram, looks tasty"),
        (3, "Biasa aja, mirip katering lain", "It is fine, looks like any other catering"),
        (2, "Harganya tidak ada di iklan, jadi malas cek", "No price in the ad, so I did not bother to check"),
        (2, "Iklannya muncul terus, agak mengganggu", "The ad keeps showing up, a bit annoying"),
        (1, "Porsi di iklan beda jauh sama aslinya kata teman", "A friend says the portion in the ad is far bigger"),
    ],
    "consideration": [
        (5, "Menu mingguannya lengkap dan gampang dibaca", "The weekly menu is complete and easy to read"),
        (4, "CS di WhatsApp cepat balas soal alergi", "WhatsApp support answered my allergy question fast"),
        (3, "Menunya oke tapi kurang variasi sayur", "Menu is ok but not many vegetables"),
        (2, "Tidak tahu apakah alamat saya masuk area antar", "Could not tell if my address is in the delivery area"),
        (2, "Susah cari info area pengiriman di website", "Hard to find the delivery area on the website"),
        (1, "Websitenya lambat banget dibuka di HP", "The website is really slow on my phone"),
    ],
    "decision": [
        (5, "Checkout cepat, bayar pakai GoPay lancar", "Quick checkout, paying with GoPay was smooth"),
        (4, "Gampang pilih jam antar", "Easy to pick a delivery slot"),
        (3, "Lumayan, tapi formnya panjang", "Alright, but the form is long"),
        (2, "Konfirmasi pembayaran lama, harus chat admin", "Payment confirmation took ages, had to message admin"),
        (2, "Transfer bank belum dicek sampai sore", "My bank transfer was not checked until the afternoon"),
        (1, "Belum bisa bayar pakai QRIS, ribet", "Cannot pay with QRIS, such a hassle"),
    ],
    "service": [
        (5, "Enak banget, porsinya pas dan masih hangat", "Really tasty, good portion and still warm"),
        (5, "Kurirnya ramah dan tepat waktu", "Friendly courier, right on time"),
        (4, "Rasanya enak, sayurnya segar", "Tastes good, fresh vegetables"),
        (4, "Sampai sebelum jam makan siang, mantap", "Arrived before lunch, great"),
        (3, "Rasanya oke, menunya itu-itu aja", "Taste is ok, but the menu is always the same"),
        (3, "Sambalnya kepedesan buat saya", "The sambal is way too spicy for me"),
        (2, "Kurirnya telat lagi, makanan sudah dingin", "The courier was late again and the food was cold"),
        (2, "Tutup kotaknya bocor, kuahnya tumpah", "The box lid leaks, the sauce spilled"),
        (2, "Menunya sama terus tiap minggu, bosan", "Same menu every week, boring"),
        (2, "Nasi merahnya keras kayak batu", "The brown rice is hard as a rock"),
        (1, "Nasi merah masih keras, tolong dimasak lebih lama", "Brown rice still hard, please cook it longer"),
        (2, "Nasi merah keras lagi hari ini", "Brown rice was hard again today"),
        (1, "Pengiriman telat satu jam, makan siang jadi dingin", "Delivery was an hour late, lunch was cold"),
        (1, "Kurir telat dan tidak bisa dihubungi", "The courier was late and did not answer the phone"),
        (1, "Tutup kotak bocor lagi, tas kantor kotor", "The lid leaked again and soiled my work bag"),
    ],
    "loyalty": [
        (5, "Pasti langganan lagi, sudah turun 2 kg", "Definitely renewing, I lost 2 kg already"),
        (5, "Sudah rekomendasi ke teman kantor", "Already recommended it to my colleagues"),
        (4, "Lanjut, semoga menunya lebih bervariasi", "Renewing, hope the menu gets more variety"),
        (3, "Masih mikir, harganya naik", "Still thinking, the price went up"),
        (2, "Mungkin berhenti, terlalu mahal untuk sebulan", "Might stop, too expensive for a month"),
        (1, "Tidak lanjut, sering telat dan dingin", "Not renewing, too often late and cold"),
    ],
}

# Share of unhappy answers per stage; the service stage had a bad courier month (see `unhappy_share`).
UNHAPPY = {"awareness": 0.2, "consideration": 0.3, "decision": 0.35, "service": 0.3, "loyalty": 0.25}


def unhappy_share(stage: str, days_ago: int) -> float:
    """How likely an answer on `stage` is unhappy this many days ago: the service stage's courier route broke
    in the middle month and was fixed (insulated bags, two routes) for the last one."""
    share = UNHAPPY.get(stage, 0.3)
    if stage == "service":
        return 0.55 if 30 <= days_ago < 60 else 0.2 if days_ago < 30 else share
    return share


def pick_answer(rng: random.Random, stage: str, days_ago: int) -> tuple[int, str, str]:
    """One answer (face, Indonesian, English) for a stage at that time."""
    entries = ANSWERS[stage]
    unhappy = rng.random() < unhappy_share(stage, days_ago)
    pool = [e for e in entries if (e[0] <= 2) == unhappy] or entries
    return rng.choice(pool)


def rating_for(kind: str, face: int, rng: random.Random) -> int:
    """A rating that agrees with the face, with a little noise: CSAT 1–5, CES 1–7, NPS 0–10."""
    if kind == "csat":
        return max(1, min(5, face + rng.choice((-1, 0, 0, 0, 1))))
    if kind == "ces":
        return max(1, min(7, round(face * 1.4) + rng.choice((-1, 0, 0, 1))))
    return max(0, min(10, {1: 1, 2: 4, 3: 6, 4: 8, 5: 10}[face] + rng.choice((-1, 0, 0, 1))))
