"""What the survey pages say, in Indonesian and English (customers choose with a switch)."""

from __future__ import annotations

TEXTS = {
    "id": {
        "required": "Mohon pilih salah satu jawaban.",
        "too_long": "Jawaban terlalu panjang (maksimal 2000 karakter).",
        "out_of_range": "Pilih salah satu jawaban yang tersedia.",
        "text_placeholder": "Tulis di sini (opsional)",
        "submit": "Kirim jawaban",
        "optional": "opsional",
        "thanks_title": "Terima kasih!",
        "thanks_body": "Jawaban Anda sudah kami terima dan akan membantu kami menjadi lebih baik.",
        "answered_title": "Survei ini sudah dijawab",
        "answered_body": "Tautan ini hanya bisa dipakai sekali, dan jawaban Anda sudah kami terima. Terima kasih!",
        "expired_title": "Tautan sudah kedaluwarsa",
        "expired_body": "Maaf, survei ini sudah ditutup. Kami akan menghubungi Anda lagi lain waktu.",
        "unknown_title": "Tautan tidak dikenal",
        "unknown_body": "Kami tidak menemukan survei untuk tautan ini. Periksa kembali tautan di e-mail Anda.",
        "errors": "Ada jawaban yang belum lengkap. Periksa pertanyaan yang ditandai.",
        "switch": "English",
        "kept_title": "Jawaban Anda tidak hilang.",
        "kept_body": "Ini yang Anda tulis; salin bila ingin menyimpannya:",
    },
    "en": {
        "required": "Please choose an answer.",
        "too_long": "That answer is too long (2,000 characters at most).",
        "out_of_range": "Please choose one of the answers shown.",
        "text_placeholder": "Write here (optional)",
        "submit": "Send my answer",
        "optional": "optional",
        "thanks_title": "Thank you!",
        "thanks_body": "We have your answer, and it will help us do better.",
        "answered_title": "This survey has already been answered",
        "answered_body": "This link works only once, and we already have your answer. Thank you!",
        "expired_title": "This link has expired",
        "expired_body": "Sorry, this survey is closed. We will ask you again another time.",
        "unknown_title": "Unknown link",
        "unknown_body": "We could not find a survey for this link. Please check the link in your e-mail.",
        "errors": "Some answers are missing. Please check the marked questions.",
        "switch": "Bahasa Indonesia",
        "kept_title": "Your answer is not lost.",
        "kept_body": "Here is what you wrote; copy it if you want to keep it:",
    },
}

SCALES = {
    "face": {"id": ("Sangat kecewa", "Sangat senang"), "en": ("Very unhappy", "Very happy")},
    "csat": {"id": ("Sangat tidak puas", "Sangat puas"), "en": ("Very dissatisfied", "Very satisfied")},
    "ces": {"id": ("Sangat sulit", "Sangat mudah"), "en": ("Very difficult", "Very easy")},
    "nps": {"id": ("Sangat tidak mungkin", "Sangat mungkin"), "en": ("Not at all likely", "Extremely likely")},
}

FACE_NAMES = {
    "id": {1: "Sangat kecewa", 2: "Kecewa", 3: "Biasa saja", 4: "Senang", 5: "Sangat senang"},
    "en": {1: "Very unhappy", 2: "Unhappy", 3: "Okay", 4: "Happy", 5: "Very happy"},
}


def text(key: str, lang: str) -> str:
    return TEXTS.get(lang, TEXTS["id"])[key]


def scale_labels(kind: str, lang: str) -> str:
    low, high = SCALES[kind].get(lang, SCALES[kind]["id"])
    return f"{low}|{high}"
