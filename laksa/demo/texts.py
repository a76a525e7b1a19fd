"""Words of the demo reports: what citizens of Kota Tangerang write, per category (Indonesian)."""

from __future__ import annotations

# How often each category comes in, relative to 1 (roads, rubbish and lights lead everywhere).
WEIGHTS = {
    "INF-JLN": 9,
    "LH-SMP": 8,
    "PJU-MTI": 7,
    "INF-DRN": 6,
    "BCN-BJR": 4,
    "TRB-PKL": 4,
    "PKR-LIR": 4,
    "LLN-MCT": 3,
    "LLN-RMB": 3,
    "PHN-PGK": 3,
    "LH-BKR": 3,
    "PHN-TBG": 2,
    "ADK-KTP": 3,
    "SOS-BNS": 2,
    "KES-DBD": 2,
    "AIR-PAM": 2,
    "LST-PLN": 2,
    "INF-TRT": 2,
}

TEXTS: dict[str, list[str]] = {
    "INF-JLN": [
        "Jalan berlubang cukup dalam {place}, sudah beberapa motor jatuh.",
        "Aspal rusak parah dan tergenang kalau hujan {place}.",
        "Lubang besar di tengah jalan {place}, mohon segera ditambal sebelum ada korban.",
        "Jalan bergelombang dan retak-retak {place}, kendaraan harus zig-zag.",
    ],
    "INF-DRN": [
        "Saluran air tersumbat sampah {place}, air meluap ke jalan.",
        "Gorong-gorong mampet {place}, bau dan banyak nyamuk.",
        "Got di {place} dangkal penuh lumpur, tiap hujan sebentar langsung banjir.",
    ],
    "INF-TRT": [
        "Trotoar ambles dan paving lepas {place}, berbahaya untuk pejalan kaki.",
        "Pagar jembatan patah {place}, anak-anak sering main di situ.",
    ],
    "BCN-BJR": [
        "Banjir setinggi lutut {place} sejak subuh, warga tidak bisa keluar rumah.",
        "Genangan air tidak surut sudah dua hari {place}.",
        "Air masuk ke rumah warga {place}, mohon bantuan pompa.",
    ],
    "KBK-KBR": [
        "Ada kebakaran rumah {place}, api masih besar!",
        "Asap tebal dan api dari gudang {place}, mohon damkar segera datang.",
    ],
    "PHN-TBG": [
        "Pohon tumbang menutup setengah jalan {place}.",
        "Dahan besar patah dan menimpa kabel {place}, lalu lintas tersendat.",
    ],
    "PJU-MTI": [
        "Lampu PJU mati sudah seminggu {place}, jalan gelap rawan begal.",
        "Lampu jalan berkedip-kedip lalu padam {place}.",
        "Tiga tiang lampu berturut-turut mati {place}, mohon diperbaiki.",
    ],
    "PJU-BRU": [
        "Mohon dipasang lampu jalan {place}, sepanjang 200 meter gelap gulita.",
        "Usul penambahan PJU {place}, banyak warga pulang kerja malam.",
    ],
    "LLN-MCT": [
        "Macet total {place} sejak jam 7, tidak ada petugas yang mengatur.",
        "Antrean kendaraan mengular {place} karena putaran balik ditutup.",
    ],
    "LLN-RMB": [
        "Lampu lalu lintas mati {place}, kendaraan saling serobot.",
        "Rambu dilarang parkir roboh {place} dan marka jalan sudah pudar.",
    ],
    "PKR-LIR": [
        "Parkir liar di bahu jalan {place} bikin macet setiap sore.",
        "Juru parkir liar menarik tarif Rp5.000 {place}, tanpa karcis.",
    ],
    "TRB-PKL": [
        "PKL berjualan di trotoar {place}, pejalan kaki terpaksa turun ke jalan.",
        "Lapak pedagang makin banyak {place}, menutup saluran air.",
    ],
    "TRB-BGL": [
        "Ada bangunan baru berdiri di atas saluran {place}, apakah ada izinnya?",
        "Ruko direnovasi sampai makan badan jalan {place}.",
    ],
    "TRB-UMM": [
        "Suara musik keras sampai tengah malam {place}, mengganggu warga.",
        "Sering ada balap liar tiap malam Minggu {place}.",
    ],
    "LH-SMP": [
        "Sampah menumpuk di TPS {place}, belum diangkut tiga hari.",
        "Tumpukan sampah meluber ke jalan {place}, bau menyengat.",
        "Truk sampah tidak lewat sudah seminggu {place}.",
    ],
    "LH-BKR": [
        "Ada yang membakar sampah setiap malam {place}, asapnya masuk rumah.",
        "Orang membuang sampah dari mobil di lahan kosong {place}.",
    ],
    "LH-CMR": [
        "Air kali berwarna hitam dan berbusa {place}, diduga limbah pabrik.",
        "Bau menyengat dari cerobong pabrik {place} setiap sore.",
    ],
    "PHN-PGK": [
        "Pohon besar miring ke arah rumah warga {place}, takut tumbang kalau angin kencang.",
        "Ranting pohon menutupi lampu jalan {place}, mohon dipangkas.",
    ],
    "TMN-FSM": [
        "Ayunan di taman {place} patah, berbahaya untuk anak-anak.",
        "Bangku dan lampu taman rusak {place}, rumput tidak terawat.",
    ],
    "ADK-KTP": [
        "Sudah tiga bulan KTP-el belum jadi, mohon kejelasan.",
        "Antrean di kantor kecamatan sangat panjang, blangko KK katanya habis.",
    ],
    "KES-YAN": [
        "Pelayanan di puskesmas {place} lama sekali, dokter datang siang.",
        "Obat di puskesmas habis, pasien disuruh beli sendiri.",
    ],
    "KES-DBD": [
        "Ada dua warga kena DBD {place}, mohon fogging.",
        "Banyak jentik di genangan {place}, nyamuk banyak sekali.",
    ],
    "PDK-SKL": [
        "Atap kelas di sekolah {place} bocor, murid belajar di lorong.",
        "Ada pungutan seragam yang mahal di SD negeri {place}.",
    ],
    "SOS-BNS": [
        "Warga lansia {place} tidak pernah dapat bantuan sosial padahal sangat membutuhkan.",
        "Bantuan sembako tidak tepat sasaran {place}.",
    ],
    "SOS-PMK": [
        "Ada pengemis dan anak jalanan setiap hari di lampu merah {place}.",
        "Seorang ODGJ tidur di halte {place}, mohon ditangani.",
    ],
    "PRM-RTL": [
        "Rumah warga {place} hampir roboh, temboknya retak besar.",
        "Fasum perumahan {place} belum diserahkan pengembang, jalan rusak tidak ada yang urus.",
    ],
    "AIR-PAM": [
        "Air PDAM mati sejak kemarin {place}.",
        "Pipa air bocor di pinggir jalan {place}, air terbuang terus.",
    ],
    "LST-PLN": [
        "Kabel menjuntai rendah {place}, hampir kena kepala pengendara motor.",
        "Listrik padam sejak sore {place}, belum ada petugas.",
    ],
    "PLY-ASN": [
        "Ada oknum petugas meminta uang untuk mempercepat pengurusan surat.",
    ],
    "INF-UMM": [
        "Mohon informasi jadwal pelayanan keliling di wilayah kami.",
        "Usul agar taman kota dibuka sampai malam untuk warga.",
    ],
}
GENERIC = ["Mohon ditindaklanjuti, masalah ini {place} sudah lama dibiarkan."]
OPENERS = [
    "Selamat pagi, ",
    "Assalamualaikum, ",
    "Mohon bantuannya, ",
    "Pak/Bu, ",
    "Lapor, ",
]
PLACES = [
    "depan SDN",
    "dekat pasar",
    "samping masjid",
    "depan minimarket",
    "ujung gang",
    "dekat halte",
    "seberang puskesmas",
    "dekat jembatan",
    "depan kantor kelurahan",
    "di pertigaan",
    "belakang perumahan",
    "dekat pintu tol",
]
STREETS = [
    "Jl. Jenderal Sudirman",
    "Jl. MH Thamrin",
    "Jl. Daan Mogot",
    "Jl. KH Hasyim Ashari",
    "Jl. Perintis Kemerdekaan",
    "Jl. Imam Bonjol",
    "Jl. Gatot Subroto",
    "Jl. Teuku Umar",
    "Jl. Otto Iskandar Dinata",
    "Jl. Benteng Betawi",
    "Jl. Raden Saleh",
    "Jl. Ciledug Raya",
]
NAMES = [
    "Budi Santoso",
    "Siti Aminah",
    "Agus Setiawan",
    "Dewi Lestari",
    "Rudi Hartono",
    "Nur Aini",
    "Eko Prasetyo",
    "Rina Marlina",
    "Ahmad Fauzi",
    "Sri Wahyuni",
    "Hendra Gunawan",
    "Yuli Astuti",
]
REJECT_REASONS = [
    "Bukan pengaduan: iklan.",
    "Informasi kurang: lokasi dan foto tidak jelas. Silakan kirim ulang.",
    "Laporan berisi kata-kata kasar dan tidak menyebut masalah.",
]
RATING_COMMENTS = ["Terima kasih, cepat.", "Mantap!", "Agak lama tapi beres.", "", ""]
