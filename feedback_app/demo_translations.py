"""The demo journey's content in both languages: what `seed_demo` writes into each row's `translations`."""

from __future__ import annotations

from sqlmodel import Session, select

from feedback_app.models import Channel, Journey, LaneCell, Persona, Stage, Touchpoint

JOURNEY = {
    "id": {
        "name": "Katering makanan sehat: langganan makan siang",
        "goal": "Memahami mengapa pelanggan uji coba tidak memperpanjang langganan makan siang sehat.",
    },
    "en": {
        "name": "Healthy-food catering: lunch subscription",
        "goal": "Understand why trial customers do not renew their healthy-lunch subscription.",
    },
}

PERSONA = {
    "id": {
        "name": "Rina, profesional muda yang sibuk",
        "description": "27 tahun, kerja kantoran di Jakarta Selatan, ingin makan sehat tapi tidak sempat masak.",
        "demographics": "27 tahun, eksekutif pemasaran, Jakarta, tinggal di kos",
        "psychographics": "Peduli kesehatan, memperhatikan harga, tidak lepas dari ponsel",
        "goals": "Makan siang bergizi seimbang tanpa repot memikirkannya; turun 3 kg sebelum acara pernikahan",
        "frustrations": "Kiriman terlambat, makanan dingin, menu yang sama setiap minggu",
        "channels": "Instagram, WhatsApp, GoPay",
    },
    "en": {
        "name": "Rina, busy young professional",
        "description": "27, works in an office in South Jakarta, wants to eat healthy but has no time to cook.",
    },
}

TOUCHPOINTS = {  # key -> Indonesian name (the English one is the name as written)
    "ad_seen": "Melihat iklan atau unggahan media sosial",
    "menu_viewed": "Membuka website dan menu mingguan",
    "trial_ordered": "Memesan paket uji coba dan membayar",
    "order_delivered": "Menerima kiriman makan siang",
    "subscription_renewed": "Memperpanjang langganan bulanan",
}

CHANNELS = {  # key -> Indonesian name (the English one is the name as written)
    "social": "Iklan Instagram & TikTok",
    "website": "Situs web",
    "whatsapp": "WhatsApp",
    "courier": "Kurir",
    "email": "E-mail",
}

CELLS = {  # (lane, stage) -> Indonesian content (the English one is the content as written)
    ("process", "awareness"): "Scroll Instagram saat makan siang, melihat reel makan sehat, lalu follow akunnya.",
    (
        "process",
        "consideration",
    ): "Membandingkan menu mingguan, harga dan area antar; bertanya soal alergi di WhatsApp.",
    ("process", "decision"): "Memilih paket uji coba 5 hari, bayar dengan e-wallet atau transfer, memilih jam antar.",
    (
        "process",
        "service",
    ): "Menerima makan siang di kantor tiap hari kerja; menghangatkan, makan, kadang memberi masukan.",
    (
        "process",
        "loyalty",
    ): "Di akhir bulan memutuskan perpanjang atau tidak; merekomendasikan (atau tidak) ke rekan kerja.",
    ("opportunities", "awareness"): "Tampilkan porsi asli dan jumlah kalori di iklan.",
    ("opportunities", "consideration"): "Pasang pengecek area antar di halaman menu.",
    ("opportunities", "decision"): "Terima QRIS dan simpan jam antar untuk pesanan berikutnya.",
    ("opportunities", "service"): "Pelacakan kurir langsung; tas berinsulasi saat cuaca panas.",
    ("opportunities", "loyalty"): "Ingatkan tiga hari sebelum perpanjangan dengan menu bulan depan.",
    ("internal_actors", "awareness"): "Tim pemasaran",
    ("internal_actors", "consideration"): "Layanan pelanggan (WhatsApp)",
    ("internal_actors", "decision"): "Admin penjualan",
    ("internal_actors", "service"): "Dapur, kurir",
    ("internal_actors", "loyalty"): "Customer success",
    ("internal_channels", "awareness"): "Meta Ads Manager, kalender konten",
    ("internal_channels", "consideration"): "Kotak masuk WhatsApp Business",
    ("internal_channels", "decision"): "Lembar pesanan, dasbor payment gateway",
    ("internal_channels", "service"): "Papan dapur, grup chat kurir",
    ("internal_channels", "loyalty"): "Daftar perpanjangan di CRM",
    ("internal_process", "awareness"): "Reel mingguan direncanakan dan di-boost per area",
    ("internal_process", "consideration"): "CS menjawab pertanyaan dari FAQ bersama dalam 15 menit",
    ("internal_process", "decision"): "Admin mengonfirmasi pembayaran dan memesan jam antar",
    ("internal_process", "service"): "Masak pukul 06.00, kemas sebelum 09.30, kurir berangkat per area pukul 10.00",
    ("internal_process", "loyalty"): "E-mail pengingat perpanjangan di hari ke-27",
    ("internal_pain_points", "consideration"): "Belum ada peta area antar: CS mengecek alamat satu per satu",
    ("internal_pain_points", "decision"): "Pencocokan pembayaran manual menunda konfirmasi",
    ("internal_pain_points", "service"): "Satu rute kurir untuk seluruh Jakarta Selatan; tanpa tas berinsulasi",
    ("internal_pain_points", "loyalty"): "Tidak terlihat pelanggan mana yang mengeluh bulan ini",
}


def add_translations(session: Session, journey: Journey) -> None:
    """Write both languages into the demo's rows that have none yet (a demo seeded before they existed gets them;
    what the team translated since is kept)."""
    if not journey.translations:
        journey.translations = JOURNEY
        session.add(journey)
    for persona in session.exec(select(Persona).where(Persona.journey_id == journey.id)):
        if persona.key == "busy-professional" and "goals" not in (persona.translations or {}).get("id", {}):
            # a demo seeded before its details had translations gets them; what the team translated is kept
            written = {"en": dict(persona.details or {})}  # the English details are the ones as written
            persona.translations = {
                lang: {**written.get(lang, {}), **PERSONA[lang], **(persona.translations or {}).get(lang, {})}
                for lang in PERSONA
            }
            session.add(persona)
    for touchpoint in session.exec(select(Touchpoint).where(Touchpoint.journey_id == journey.id)):
        if not touchpoint.translations and touchpoint.key in TOUCHPOINTS:
            touchpoint.translations = {"id": {"name": TOUCHPOINTS[touchpoint.key]}, "en": {"name": touchpoint.name}}
            session.add(touchpoint)
    for channel in session.exec(select(Channel).where(Channel.journey_id == journey.id)):
        if not channel.translations and channel.key in CHANNELS:
            channel.translations = {"id": {"name": CHANNELS[channel.key]}, "en": {"name": channel.name}}
            session.add(channel)
    stages = {s.id: s.key for s in session.exec(select(Stage).where(Stage.journey_id == journey.id))}
    for cell in session.exec(select(LaneCell).where(LaneCell.journey_id == journey.id)):
        indonesian = CELLS.get((cell.lane, stages.get(cell.stage_id)))
        if not cell.translations and indonesian:
            cell.translations = {"id": {"content": indonesian}, "en": {"content": cell.content}}
            session.add(cell)
    session.flush()
