"""Names and places of the fictional Kabupaten Bukitintan (no Django import).

Personal names mix the Malay, Minang, Javanese, Sundanese and Batak naming found in a Sumatran
regency; every place name is invented (any likeness to a real place is a coincidence).
"""

from __future__ import annotations

REGENCY = "Kabupaten Bukitintan"

# (name, remote): the capital first. Remote kecamatan are islands or upriver districts, hours from
# the capital: the ones where health and teaching posts stay empty.
KECAMATAN: list[tuple[str, bool]] = [
    ("Bukitintan Kota", False),
    ("Sungai Rawa", False),
    ("Tanjung Batu", False),
    ("Air Hitam", False),
    ("Pulau Tinggi", True),
    ("Lubuk Damar", False),
    ("Muara Teluk", False),
    ("Hulu Sungai", True),
    ("Pematang Jaya", False),
    ("Sukamaju", False),
    ("Talang Padang", False),
    ("Gunung Sari", True),
    ("Rantau Panjang", False),
    ("Ulu Tebo", True),
    ("Karang Anyar", False),
    ("Pulau Rupat Kecil", True),
]
CAPITAL = KECAMATAN[0][0]

# Villages, used to name second puskesmas and to make school names less monotonous.
DESA = [
    "Sialang", "Kuala Baru", "Teluk Merbau", "Sei Lala", "Pangkalan", "Rimbo Data", "Koto Baru",
    "Padang Luas", "Simpang Tiga", "Lubuk Raya", "Tanah Merah", "Batu Gajah", "Sungai Geringging",
    "Kampung Dalam", "Pasir Putih", "Tebing Tinggi", "Parit Baru", "Sawah Lebar", "Bukit Kemuning",
    "Tanjung Harapan", "Muara Dua", "Air Molek", "Pulau Beringin", "Sungai Kunyit", "Talang Mulya",
    "Sidomulyo", "Sukadamai", "Tegal Rejo", "Mekar Jaya", "Kebun Agung",
]  # fmt: skip

MALE_FIRST = [
    "Ahmad", "Muhammad", "Rizky", "Andi", "Budi", "Dedi", "Eko", "Fajar", "Hendra", "Irwan",
    "Joko", "Agus", "Bambang", "Darmawan", "Fauzi", "Gunawan", "Hasan", "Iskandar", "Khairul",
    "Lukman", "Mulyadi", "Nasrul", "Putra", "Rahmat", "Syahrial", "Taufik", "Wahyu", "Yusuf",
    "Zulkifli", "Arif", "Bayu", "Dimas", "Erwin", "Firman", "Hadi", "Indra", "Jamal", "Kurniawan",
    "Marzuki", "Nanda", "Rudi", "Sutrisno", "Teguh", "Yudi", "Zainal", "Amri", "Benny", "Chairul",
    "Doni", "Edi", "Ferry", "Harun", "Ilham", "Junaidi", "Mahmud", "Novri", "Ridwan", "Samsul",
    "Suryadi", "Yasir", "Asep", "Ujang", "Sahat", "Rinaldi", "Tumpal", "Syafrizal", "Aidil",
]  # fmt: skip
FEMALE_FIRST = [
    "Siti", "Nur", "Dewi", "Sri", "Rina", "Yuli", "Fitri", "Rahmawati", "Ani", "Lestari", "Maya",
    "Novita", "Indah", "Ratna", "Sari", "Wulan", "Yanti", "Dian", "Eka", "Fatimah", "Hartini",
    "Ika", "Juliana", "Kartini", "Lina", "Mardiana", "Nurhayati", "Puspita", "Rosmawati", "Susanti",
    "Tuti", "Utami", "Vivi", "Wahyuni", "Yesi", "Zahra", "Afrida", "Desi", "Elvira", "Gusnawati",
    "Hasnah", "Irma", "Jumiati", "Khairunnisa", "Linda", "Mega", "Nila", "Oktaviani", "Putri",
    "Rahmi", "Suryani", "Tri", "Ulfa", "Widya", "Yulia", "Asih", "Neneng", "Rosdiana", "Butet",
]  # fmt: skip
# Second names and family names; Batak marga and Minang/Malay patronyms are common in the region.
SECOND_NAMES = [
    "Saputra", "Pratama", "Hidayat", "Setiawan", "Santoso", "Wijaya", "Kusuma", "Nasution",
    "Siregar", "Harahap", "Lubis", "Hasibuan", "Simanjuntak", "Sitompul", "Rangkuti", "Daulay",
    "Syahputra", "Ramadhan", "Firmansyah", "Hakim", "Rahman", "Effendi", "Suhendra", "Gunadi",
    "Permana", "Hutapea", "Panjaitan", "Manurung", "Tanjung", "Chaniago", "Piliang", "Koto",
    "Sikumbang", "Nainggolan", "Munthe", "Sembiring", "Ginting", "Tarigan", "Purba", "Sinaga",
]  # fmt: skip
FEMALE_SECOND = [
    "Wati", "Ningsih", "Handayani", "Lestari", "Anggraini", "Puspitasari", "Rahayu", "Safitri",
    "Kurniasih", "Maharani", "Oktavia", "Permatasari", "Yuliani", "Sartika", "Marlina", "Hasanah",
]  # fmt: skip

# Academic titles after the name, by major (the usual abbreviations in personnel files).
TITLE_BY_MAJOR: dict[str, str] = {
    "PGSD": "S.Pd.",
    "Pendidikan Matematika": "S.Pd.",
    "Pendidikan Bahasa Indonesia": "S.Pd.",
    "Pendidikan Bahasa Inggris": "S.Pd.",
    "Pendidikan IPA": "S.Pd.",
    "Pendidikan IPS": "S.Pd.",
    "Pendidikan Jasmani": "S.Pd.",
    "Pendidikan Agama Islam": "S.Pd.I.",
    "Bimbingan dan Konseling": "S.Pd.",
    "PPKn": "S.Pd.",
    "Pendidikan Seni": "S.Pd.",
    "Keperawatan": "A.Md.Kep.",
    "Ners": "S.Kep., Ners",
    "Kebidanan": "A.Md.Keb.",
    "Kesehatan Masyarakat": "S.K.M.",
    "Gizi": "A.Md.Gz.",
    "Farmasi": "A.Md.Farm.",
    "Apoteker": "S.Farm., Apt.",
    "Kesehatan Lingkungan": "A.Md.K.L.",
    "Analis Kesehatan": "A.Md.AK.",
    "Rekam Medis": "A.Md.RMIK.",
    "Radiologi": "A.Md.Rad.",
    "Fisioterapi": "A.Md.Ftr.",
    "Manajemen": "S.E.",
    "Akuntansi": "S.Ak.",
    "Ekonomi Pembangunan": "S.E.",
    "Ilmu Pemerintahan": "S.IP.",
    "Administrasi Negara": "S.A.P.",
    "Ilmu Hukum": "S.H.",
    "Teknik Sipil": "S.T.",
    "Perencanaan Wilayah": "S.T.",
    "Teknik Informatika": "S.Kom.",
    "Sistem Informasi": "S.Kom.",
    "Agribisnis": "S.P.",
    "Agroteknologi": "S.P.",
    "Peternakan": "S.Pt.",
    "Perikanan": "S.Pi.",
    "Ilmu Lingkungan": "S.Si.",
    "Kesejahteraan Sosial": "S.Sos.",
    "Ilmu Komunikasi": "S.I.Kom.",
    "Ilmu Perpustakaan": "S.IP.",
    "Statistika": "S.Stat.",
    "Psikologi": "S.Psi.",
    "Pariwisata": "S.Par.",
}
# Doctors carry "dr." before the name (and a specialist title after it).
DOCTOR_MAJORS = {"Kedokteran", "Kedokteran Gigi", "Spesialis"}
