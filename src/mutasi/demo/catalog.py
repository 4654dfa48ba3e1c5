# ruff: noqa: E501  (tables of posts read best one per line)
"""What the demo region is made of: its OPD, the posts of each kind of unit, and the tasks of each
job family (for the workload rows). Plain data, no Django import.

Post names follow the functional-post names of PermenPANRB regulations ("Perawat Ahli Pertama",
"Guru Ahli Muda", …) and the pelaksana names of PermenPANRB 45/2022 ("Pengadministrasi
Perkantoran", "Penata Layanan Operasional", "Operator Layanan Operasional", "Pengolah Data dan
Informasi"). Golongan ranges by level are the usual ones of the jenjang jabatan fungsional.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Functional levels: (gol_min, gol_max, required competency level, minimum education).
LEVELS: dict[str, tuple[str, str, int, str]] = {
    "Pemula": ("II/a", "II/b", 1, "SMA"),
    "Terampil": ("II/c", "II/d", 2, "D3"),
    "Mahir": ("III/a", "III/b", 3, "D3"),
    "Penyelia": ("III/c", "III/d", 4, "D3"),
    "Ahli Pertama": ("III/a", "III/b", 2, "S1"),
    "Ahli Muda": ("III/c", "III/d", 3, "S1"),
    "Ahli Madya": ("IV/a", "IV/c", 4, "S1"),
}

MANAGERIAL_COMPETENCIES = [
    "integritas",
    "kerja sama",
    "komunikasi",
    "orientasi pada hasil",
    "pelayanan publik",
    "pengembangan diri dan orang lain",
    "mengelola perubahan",
    "pengambilan keputusan",
]
SOCIOCULTURAL_COMPETENCY = "perekat bangsa"


@dataclass(frozen=True)
class Post:
    """A kind of post; the generator places it in units and gives it a formation.

    ``weight`` is the post's share of the unit's staff (its formation before scaling); a ``head``
    post has formation 1 and is filled first. ``pppk`` is the chance its holder is a PPPK.
    """

    name: str
    kind: str
    family: str
    gol_min: str = ""
    gol_max: str = ""
    education: str = "SMA"
    majors: tuple[str, ...] = ()
    certificate: str = ""
    competencies: tuple[tuple[str, int], ...] = ()
    weight: float = 1.0
    head: bool = False
    pppk: float = 0.0
    admin: bool = False  # a general administrator (the surplus in central offices)


def functional(
    base: str,
    level: str,
    family: str,
    majors: tuple[str, ...],
    technical: tuple[str, ...],
    *,
    weight: float = 1.0,
    certificate: str = "",
    pppk: float = 0.1,
    education: str = "",
    head: bool = False,
    name: str = "",
) -> Post:
    gol_min, gol_max, comp_level, edu = LEVELS[level]
    comps = tuple((c, comp_level) for c in technical) + (("pelayanan publik", 2),)
    return Post(
        name=name or f"{base} {level}",
        kind="fungsional",
        family=family,
        gol_min=gol_min,
        gol_max=gol_max,
        education=education or edu,
        majors=majors,
        certificate=certificate,
        competencies=comps,
        weight=weight,
        pppk=pppk,
        head=head,
    )


def head_post(name: str, kind: str, majors: tuple[str, ...] = (), education: str = "S1") -> Post:
    ranges = {
        "jpt": ("IV/b", "IV/d", 4),
        "administrator": ("III/d", "IV/b", 3),
        "pengawas": ("III/b", "III/d", 3),
    }
    gol_min, gol_max, level = ranges[kind]
    comps = (
        ("integritas", level + 1 if kind == "jpt" else level),
        ("pengambilan keputusan", level),
        ("kerja sama", level),
        (SOCIOCULTURAL_COMPETENCY, 3),
    )
    return Post(
        name=name,
        kind=kind,
        family="manajerial",
        gol_min=gol_min,
        gol_max=gol_max,
        education=education,
        majors=majors,
        competencies=comps,
        head=True,
    )


ADMIN_MAJORS = ("Administrasi Negara", "Manajemen", "Ilmu Pemerintahan")
PENGADMINISTRASI = Post(
    "Pengadministrasi Perkantoran",
    "pelaksana",
    "administrasi umum",
    "II/a",
    "III/b",
    "SMA",
    (),
    "",
    (("administrasi perkantoran", 2), ("pelayanan publik", 2)),
    weight=3,
    pppk=0.08,
    admin=True,
)
PENGOLAH_DATA = Post(
    "Pengolah Data dan Informasi",
    "pelaksana",
    "pengolahan data",
    "II/c",
    "III/c",
    "D3",
    ("Manajemen Informatika", "Sistem Informasi", "Statistika"),
    "",
    (("pengolahan data", 2), ("pelayanan publik", 2)),
    weight=1.5,
    pppk=0.1,
    admin=True,
)
PENATA_LAYANAN = Post(
    "Penata Layanan Operasional",
    "pelaksana",
    "administrasi umum",
    "III/a",
    "III/c",
    "S1",
    ADMIN_MAJORS,
    "",
    (("administrasi perkantoran", 3), ("pelayanan publik", 2)),
    weight=1.5,
    pppk=0.05,
    admin=True,
)
OPERATOR = Post(
    "Operator Layanan Operasional",
    "pelaksana",
    "administrasi umum",
    "II/a",
    "III/a",
    "SMA",
    (),
    "",
    (("pelayanan publik", 2),),
    weight=1.5,
    pppk=0.15,
    admin=True,
)
BENDAHARA = Post(
    "Bendahara",
    "pelaksana",
    "keuangan",
    "II/c",
    "III/c",
    "D3",
    ("Akuntansi", "Manajemen"),
    "Sertifikat Bendahara",
    (("pengelolaan keuangan daerah", 3), ("pelayanan publik", 2)),
    weight=1,
)
PENGEMUDI = Post(
    "Pengemudi",
    "pelaksana",
    "operasional",
    "II/a",
    "II/d",
    "SMA",
    (),
    "SIM A",
    (("mengemudi", 3),),
    weight=1,
    pppk=0.2,
)
OFFICE_SUPPORT = (
    functional(
        "Analis Sumber Daya Manusia Aparatur",
        "Ahli Pertama",
        "kepegawaian",
        ("Administrasi Negara", "Psikologi", "Manajemen"),
        ("manajemen ASN",),
    ),
    functional(
        "Perencana",
        "Ahli Pertama",
        "perencanaan",
        ("Ekonomi Pembangunan", "Perencanaan Wilayah"),
        ("perencanaan pembangunan",),
    ),  # fmt: skip
    functional(
        "Arsiparis",
        "Terampil",
        "kearsipan",
        ("Kearsipan", "Administrasi Perkantoran"),
        ("pengelolaan arsip",),
    ),  # fmt: skip
)


@dataclass(frozen=True)
class Field:
    """The functional post typical of an OPD's bidang."""

    base: str
    family: str
    majors: tuple[str, ...]
    technical: tuple[str, ...]
    certificate: str = ""


@dataclass(frozen=True)
class Opd:
    code: str
    name: str
    sector: str
    head: str  # title of its head (JPT pratama)
    divisions: tuple[str, ...]  # bidang / bagian (sub-units with a head each)
    fields: tuple[Field, ...]
    division_kind: str = "administrator"
    extra: tuple[Post, ...] = field(default=())


F = Field
OPDS: list[Opd] = [
    Opd("SETDA", "Sekretariat Daerah", "pemerintahan", "Sekretaris Daerah",
        ("Bagian Tata Pemerintahan", "Bagian Hukum", "Bagian Organisasi", "Bagian Umum",
         "Bagian Perekonomian dan Sumber Daya Alam", "Bagian Pengadaan Barang dan Jasa"),
        (F("Analis Kebijakan", "kebijakan publik", ("Administrasi Negara", "Ilmu Pemerintahan"),
           ("analisis kebijakan",)),
         F("Perancang Peraturan Perundang-undangan", "hukum", ("Ilmu Hukum",), ("legal drafting",)),
         F("Pengelola Pengadaan Barang/Jasa", "pengadaan", ("Manajemen", "Teknik Sipil"),
           ("pengadaan barang dan jasa",), "Sertifikat Kompetensi PBJ"))),
    Opd("BKPSDM", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "pemerintahan",
        "Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        ("Bidang Mutasi dan Promosi", "Bidang Pengembangan Kompetensi",
         "Bidang Pengadaan, Pemberhentian dan Informasi"),
        (F("Analis Sumber Daya Manusia Aparatur", "kepegawaian",
           ("Administrasi Negara", "Psikologi", "Manajemen"), ("manajemen ASN",)),
         F("Widyaiswara", "kepegawaian", ("Administrasi Negara", "Manajemen"),
           ("pengembangan kompetensi",)))),
    Opd("BAPPEDA", "Badan Perencanaan Pembangunan Daerah", "perencanaan",
        "Kepala Badan Perencanaan Pembangunan Daerah",
        ("Bidang Perencanaan Ekonomi", "Bidang Perencanaan Sosial Budaya",
         "Bidang Infrastruktur dan Kewilayahan", "Bidang Pengendalian dan Evaluasi"),
        (F("Perencana", "perencanaan", ("Ekonomi Pembangunan", "Perencanaan Wilayah"),
           ("perencanaan pembangunan",)),
         F("Statistisi", "statistik", ("Statistika",), ("analisis statistik",)))),
    Opd("BPKAD", "Badan Pengelolaan Keuangan dan Aset Daerah", "keuangan",
        "Kepala Badan Pengelolaan Keuangan dan Aset Daerah",
        ("Bidang Anggaran", "Bidang Perbendaharaan", "Bidang Akuntansi", "Bidang Aset"),
        (F("Analis Keuangan Pusat dan Daerah", "keuangan", ("Akuntansi", "Manajemen"),
           ("pengelolaan keuangan daerah",)),
         F("Penata Kelola Barang Milik Daerah", "keuangan", ("Akuntansi", "Manajemen"),
           ("pengelolaan aset",)))),
    Opd("BAPENDA", "Badan Pendapatan Daerah", "keuangan", "Kepala Badan Pendapatan Daerah",
        ("Bidang Pendataan dan Penetapan", "Bidang Penagihan", "Bidang Pajak Bumi dan Bangunan"),
        (F("Penilai Pajak", "pendapatan", ("Akuntansi", "Manajemen"), ("perpajakan daerah",)),)),
    Opd("INSPEKTORAT", "Inspektorat Daerah", "pengawasan", "Inspektur",
        ("Inspektur Pembantu Wilayah I", "Inspektur Pembantu Wilayah II",
         "Inspektur Pembantu Wilayah III", "Inspektur Pembantu Investigasi"),
        (F("Auditor", "pengawasan", ("Akuntansi", "Ilmu Hukum", "Manajemen"), ("audit intern",),
           "Sertifikat JFA"),
         F("Pengawas Penyelenggaraan Urusan Pemerintahan di Daerah", "pengawasan",
           ("Ilmu Pemerintahan", "Administrasi Negara"), ("pengawasan pemerintahan",)))),
    Opd("SETWAN", "Sekretariat DPRD", "pemerintahan", "Sekretaris DPRD",
        ("Bagian Umum", "Bagian Persidangan dan Perundang-undangan", "Bagian Keuangan"),
        (F("Analis Kebijakan", "kebijakan publik", ("Administrasi Negara", "Ilmu Hukum"),
           ("analisis kebijakan",)),
         F("Perancang Peraturan Perundang-undangan", "hukum", ("Ilmu Hukum",), ("legal drafting",)))),
    Opd("DPUPR", "Dinas Pekerjaan Umum dan Penataan Ruang", "infrastruktur",
        "Kepala Dinas Pekerjaan Umum dan Penataan Ruang",
        ("Bidang Bina Marga", "Bidang Sumber Daya Air", "Bidang Cipta Karya", "Bidang Tata Ruang"),
        (F("Teknik Jalan dan Jembatan", "teknik sipil", ("Teknik Sipil",), ("rekayasa jalan",)),
         F("Teknik Pengairan", "teknik sipil", ("Teknik Sipil",), ("rekayasa sumber daya air",)),
         F("Penata Ruang", "teknik sipil", ("Perencanaan Wilayah", "Teknik Sipil"),
           ("penataan ruang",)))),
    Opd("DISPERKIM", "Dinas Perumahan dan Kawasan Permukiman", "infrastruktur",
        "Kepala Dinas Perumahan dan Kawasan Permukiman",
        ("Bidang Perumahan", "Bidang Kawasan Permukiman", "Bidang Pertanahan"),
        (F("Teknik Tata Bangunan dan Perumahan", "teknik sipil", ("Teknik Sipil", "Arsitektur"),
           ("rekayasa bangunan",)),)),
    Opd("DISKOMINFO", "Dinas Komunikasi dan Informatika", "pemerintahan",
        "Kepala Dinas Komunikasi dan Informatika",
        ("Bidang Aplikasi Informatika", "Bidang Infrastruktur TIK", "Bidang Informasi Publik",
         "Bidang Persandian dan Statistik"),
        (F("Pranata Komputer", "teknologi informasi", ("Teknik Informatika", "Sistem Informasi"),
           ("pengembangan sistem informasi",)),
         F("Pranata Hubungan Masyarakat", "komunikasi", ("Ilmu Komunikasi",),
           ("komunikasi publik",)),
         F("Sandiman", "teknologi informasi", ("Teknik Informatika",), ("persandian",)))),
    Opd("DISDUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil", "pemerintahan",
        "Kepala Dinas Kependudukan dan Pencatatan Sipil",
        ("Bidang Pelayanan Pendaftaran Penduduk", "Bidang Pelayanan Pencatatan Sipil",
         "Bidang Pengelolaan Informasi Administrasi Kependudukan"),
        (F("Administrator Database Kependudukan", "kependudukan",
           ("Teknik Informatika", "Sistem Informasi"), ("administrasi kependudukan",)),)),
    Opd("DINSOS", "Dinas Sosial", "sosial", "Kepala Dinas Sosial",
        ("Bidang Rehabilitasi Sosial", "Bidang Perlindungan dan Jaminan Sosial",
         "Bidang Pemberdayaan Sosial"),
        (F("Pekerja Sosial", "pekerjaan sosial", ("Kesejahteraan Sosial", "Psikologi"),
           ("pekerjaan sosial",)),
         F("Penyuluh Sosial", "pekerjaan sosial", ("Kesejahteraan Sosial",),
           ("penyuluhan sosial",)))),
    Opd("DPMPTSP", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "ekonomi",
        "Kepala Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        ("Bidang Pelayanan Perizinan", "Bidang Penanaman Modal", "Bidang Pengaduan dan Informasi"),
        (F("Analis Perizinan", "perizinan", ("Ilmu Hukum", "Administrasi Negara"),
           ("pelayanan perizinan",)),
         F("Penata Penanaman Modal", "penanaman modal", ("Ekonomi Pembangunan", "Manajemen"),
           ("promosi investasi",)))),
    Opd("SATPOLPP", "Satuan Polisi Pamong Praja", "pemerintahan",
        "Kepala Satuan Polisi Pamong Praja",
        ("Bidang Penegakan Peraturan Daerah", "Bidang Ketertiban Umum", "Bidang Perlindungan Masyarakat"),
        (F("Polisi Pamong Praja", "ketertiban", ("Ilmu Hukum", "Ilmu Pemerintahan"),
           ("penegakan peraturan daerah",)),),
        extra=(functional("Polisi Pamong Praja", "Terampil", "ketertiban", (),
                          ("penegakan peraturan daerah",), weight=8, pppk=0.1, education="SMA"),
               functional("Polisi Pamong Praja", "Mahir", "ketertiban", (),
                          ("penegakan peraturan daerah",), weight=3, pppk=0.0, education="SMA"))),
    Opd("DISTAN", "Dinas Pertanian", "ekonomi", "Kepala Dinas Pertanian",
        ("Bidang Tanaman Pangan", "Bidang Hortikultura", "Bidang Prasarana dan Sarana Pertanian",
         "Bidang Penyuluhan"),
        (F("Penyuluh Pertanian", "pertanian", ("Agribisnis", "Agroteknologi"),
           ("penyuluhan pertanian",)),
         F("Pengendali Organisme Pengganggu Tumbuhan", "pertanian", ("Agroteknologi",),
           ("perlindungan tanaman",)))),
    Opd("DISKAN", "Dinas Perikanan", "ekonomi", "Kepala Dinas Perikanan",
        ("Bidang Perikanan Tangkap", "Bidang Perikanan Budidaya", "Bidang Pengolahan Hasil Perikanan"),
        (F("Penyuluh Perikanan", "perikanan", ("Perikanan",), ("penyuluhan perikanan",)),
         F("Pengawas Perikanan", "perikanan", ("Perikanan",), ("pengawasan sumber daya ikan",)))),
    Opd("DLH", "Dinas Lingkungan Hidup", "lingkungan", "Kepala Dinas Lingkungan Hidup",
        ("Bidang Tata Lingkungan", "Bidang Pengelolaan Sampah", "Bidang Pengendalian Pencemaran"),
        (F("Pengendali Dampak Lingkungan", "lingkungan hidup", ("Ilmu Lingkungan", "Teknik Sipil"),
           ("analisis dampak lingkungan",)),
         F("Pengawas Lingkungan Hidup", "lingkungan hidup", ("Ilmu Lingkungan",),
           ("pengawasan lingkungan",)))),
    Opd("DISHUB", "Dinas Perhubungan", "infrastruktur", "Kepala Dinas Perhubungan",
        ("Bidang Lalu Lintas Angkutan Jalan", "Bidang Perhubungan Laut dan Sungai",
         "Bidang Sarana dan Prasarana"),
        (F("Penguji Kendaraan Bermotor", "perhubungan", ("Teknik Mesin",),
           ("pengujian kendaraan",), "Sertifikat Penguji"),
         F("Asisten Penguji Kendaraan Bermotor", "perhubungan", ("Teknik Mesin",),
           ("pengujian kendaraan",)))),
    Opd("DISPAR", "Dinas Pariwisata dan Kebudayaan", "ekonomi",
        "Kepala Dinas Pariwisata dan Kebudayaan",
        ("Bidang Destinasi Pariwisata", "Bidang Pemasaran Pariwisata", "Bidang Kebudayaan"),
        (F("Adyatama Kepariwisataan dan Ekonomi Kreatif", "pariwisata", ("Pariwisata",),
           ("pengembangan destinasi",)),
         F("Pamong Budaya", "kebudayaan", ("Sejarah", "Antropologi"), ("pelestarian budaya",)))),
    Opd("DISPORA", "Dinas Kepemudaan dan Olahraga", "sosial", "Kepala Dinas Kepemudaan dan Olahraga",
        ("Bidang Kepemudaan", "Bidang Keolahragaan"),
        (F("Analis Kepemudaan", "kepemudaan", ("Pendidikan Jasmani", "Administrasi Negara"),
           ("pembinaan kepemudaan",)),)),
    Opd("DISPUSIP", "Dinas Perpustakaan dan Kearsipan", "sosial",
        "Kepala Dinas Perpustakaan dan Kearsipan",
        ("Bidang Layanan Perpustakaan", "Bidang Kearsipan"),
        (F("Pustakawan", "perpustakaan", ("Ilmu Perpustakaan",), ("pengelolaan perpustakaan",)),
         F("Arsiparis", "kearsipan", ("Kearsipan", "Administrasi Perkantoran"),
           ("pengelolaan arsip",)))),
    Opd("DP3AKB", "Dinas Pemberdayaan Perempuan, Perlindungan Anak dan Keluarga Berencana", "sosial",
        "Kepala Dinas Pemberdayaan Perempuan, Perlindungan Anak dan Keluarga Berencana",
        ("Bidang Perlindungan Perempuan dan Anak", "Bidang Keluarga Berencana",
         "Bidang Pengendalian Penduduk"),
        (F("Penyuluh Keluarga Berencana", "penyuluhan KB", ("Kesehatan Masyarakat", "Kesejahteraan Sosial"),
           ("penyuluhan keluarga berencana",)),
         F("Analis Perlindungan Anak", "pekerjaan sosial", ("Psikologi", "Kesejahteraan Sosial"),
           ("perlindungan anak",)))),
    Opd("DISNAKERTRANS", "Dinas Tenaga Kerja dan Transmigrasi", "ekonomi",
        "Kepala Dinas Tenaga Kerja dan Transmigrasi",
        ("Bidang Penempatan Tenaga Kerja", "Bidang Hubungan Industrial", "Bidang Transmigrasi"),
        (F("Mediator Hubungan Industrial", "ketenagakerjaan", ("Ilmu Hukum",),
           ("mediasi hubungan industrial",)),
         F("Pengantar Kerja", "ketenagakerjaan", ("Psikologi", "Manajemen"),
           ("penempatan tenaga kerja",)))),
    Opd("DISPERINDAG", "Dinas Perindustrian dan Perdagangan", "ekonomi",
        "Kepala Dinas Perindustrian dan Perdagangan",
        ("Bidang Perindustrian", "Bidang Perdagangan", "Bidang Metrologi"),
        (F("Pengawas Perdagangan", "perdagangan", ("Ekonomi Pembangunan", "Manajemen"),
           ("pengawasan perdagangan",)),
         F("Penera", "perdagangan", ("Fisika", "Teknik Mesin"), ("metrologi legal",),
           "Sertifikat Penera"))),
    Opd("DISKOPUKM", "Dinas Koperasi dan Usaha Mikro", "ekonomi", "Kepala Dinas Koperasi dan Usaha Mikro",
        ("Bidang Kelembagaan Koperasi", "Bidang Usaha Mikro"),
        (F("Pengawas Koperasi", "koperasi", ("Akuntansi", "Manajemen"), ("pengawasan koperasi",)),)),
    Opd("DPMD", "Dinas Pemberdayaan Masyarakat dan Desa", "pemerintahan",
        "Kepala Dinas Pemberdayaan Masyarakat dan Desa",
        ("Bidang Pemerintahan Desa", "Bidang Pemberdayaan Masyarakat", "Bidang Keuangan Desa"),
        (F("Penggerak Swadaya Masyarakat", "pemberdayaan masyarakat",
           ("Ilmu Pemerintahan", "Kesejahteraan Sosial"), ("pemberdayaan masyarakat",)),)),
    Opd("DKP", "Dinas Ketahanan Pangan", "ekonomi", "Kepala Dinas Ketahanan Pangan",
        ("Bidang Ketersediaan Pangan", "Bidang Konsumsi dan Keamanan Pangan"),
        (F("Analis Ketahanan Pangan", "pangan", ("Agribisnis", "Gizi"), ("analisis ketahanan pangan",)),
         F("Pengawas Mutu Hasil Pertanian", "pangan", ("Agroteknologi",), ("keamanan pangan",)))),
    Opd("DISBUNAK", "Dinas Perkebunan dan Peternakan", "ekonomi",
        "Kepala Dinas Perkebunan dan Peternakan",
        ("Bidang Perkebunan", "Bidang Peternakan", "Bidang Kesehatan Hewan"),
        (F("Pengawas Benih Tanaman", "pertanian", ("Agroteknologi",), ("perbenihan",)),
         F("Medik Veteriner", "peternakan", ("Kedokteran Hewan",), ("kesehatan hewan",),
           "Sertifikat Kompetensi Dokter Hewan"),
         F("Pengawas Bibit Ternak", "peternakan", ("Peternakan",), ("perbibitan ternak",)))),
    Opd("DAMKAR", "Dinas Pemadam Kebakaran dan Penyelamatan", "sosial",
        "Kepala Dinas Pemadam Kebakaran dan Penyelamatan",
        ("Bidang Pemadaman dan Penyelamatan", "Bidang Pencegahan"),
        (F("Analis Kebakaran", "pemadam kebakaran", ("Teknik Sipil", "Ilmu Lingkungan"),
           ("pencegahan kebakaran",)),),
        extra=(functional("Pemadam Kebakaran", "Terampil", "pemadam kebakaran", (),
                          ("pemadaman dan penyelamatan",), weight=8, pppk=0.15, education="SMA",
                          certificate="Sertifikat Pemadam Kebakaran"),)),
    Opd("BPBD", "Badan Penanggulangan Bencana Daerah", "sosial",
        "Kepala Pelaksana Badan Penanggulangan Bencana Daerah",
        ("Bidang Pencegahan dan Kesiapsiagaan", "Bidang Kedaruratan dan Logistik",
         "Bidang Rehabilitasi dan Rekonstruksi"),
        (F("Analis Bencana", "penanggulangan bencana", ("Ilmu Lingkungan", "Geografi"),
           ("manajemen kebencanaan",)),)),
    Opd("KESBANGPOL", "Badan Kesatuan Bangsa dan Politik", "pemerintahan",
        "Kepala Badan Kesatuan Bangsa dan Politik",
        ("Bidang Ideologi dan Wawasan Kebangsaan", "Bidang Politik Dalam Negeri"),
        (F("Analis Kebijakan", "kebijakan publik", ("Ilmu Politik", "Ilmu Pemerintahan"),
           ("analisis kebijakan",)),)),
    Opd("DISPERTANAHAN", "Dinas Pertanahan", "pemerintahan", "Kepala Dinas Pertanahan",
        ("Bidang Pengadaan Tanah", "Bidang Penyelesaian Sengketa Tanah"),
        (F("Penata Pertanahan", "pertanahan", ("Ilmu Hukum", "Geodesi"), ("administrasi pertanahan",)),)),
    Opd("BRIDA", "Badan Riset dan Data Daerah", "perencanaan", "Kepala Badan Riset dan Data Daerah",
        ("Bidang Statistik Sektoral", "Bidang Riset"),
        (F("Statistisi", "statistik", ("Statistika",), ("analisis statistik",)),
         F("Peneliti", "penelitian", ("Ekonomi Pembangunan", "Sosiologi"), ("metodologi penelitian",)))),
]  # fmt: skip

# ---------------------------------------------------------------------------------------------
# Health: Dinas Kesehatan, RSUD and puskesmas.
STR = "STR"
_NURSE = ("Keperawatan",)
_NERS = ("Ners",)
_MIDWIFE = ("Kebidanan",)


def _health(base: str, level: str, family: str, majors: tuple[str, ...], technical: str,
            weight: float, *, pppk: float = 0.45, education: str = "") -> Post:  # fmt: skip
    return functional(base, level, family, majors, (technical, "keselamatan pasien"),
                      weight=weight, certificate=STR, pppk=pppk, education=education)  # fmt: skip


DINKES = Opd(
    "DINKES", "Dinas Kesehatan", "kesehatan", "Kepala Dinas Kesehatan",
    ("Bidang Kesehatan Masyarakat", "Bidang Pencegahan dan Pengendalian Penyakit",
     "Bidang Pelayanan Kesehatan", "Bidang Sumber Daya Kesehatan"),
    (F("Administrator Kesehatan", "kesehatan masyarakat", ("Kesehatan Masyarakat",),
       ("manajemen kesehatan",)),
     F("Epidemiolog Kesehatan", "kesehatan masyarakat", ("Kesehatan Masyarakat",),
       ("surveilans epidemiologi",))),
)  # fmt: skip

RSUD_POSTS: tuple[Post, ...] = (
    head_post("Direktur", "administrator", ("Kedokteran",)),
    head_post("Kepala Bagian Tata Usaha", "administrator", ADMIN_MAJORS),
    head_post("Kepala Bidang Pelayanan Medik", "administrator", ("Kedokteran",)),
    head_post("Kepala Bidang Keperawatan", "administrator", _NERS),
    _health("Dokter Spesialis Penyakit Dalam", "Ahli Madya", "medis", ("Spesialis",), "pelayanan medik spesialistik", 3, pppk=0.05, education="S2"),
    _health("Dokter Spesialis Anak", "Ahli Muda", "medis", ("Spesialis",), "pelayanan medik spesialistik", 2, pppk=0.05, education="S2"),
    _health("Dokter Spesialis Obstetri dan Ginekologi", "Ahli Muda", "medis", ("Spesialis",), "pelayanan medik spesialistik", 2, pppk=0.05, education="S2"),
    _health("Dokter Spesialis Bedah", "Ahli Muda", "medis", ("Spesialis",), "pelayanan medik spesialistik", 2, pppk=0.05, education="S2"),
    _health("Dokter Spesialis Anestesiologi", "Ahli Muda", "medis", ("Spesialis",), "pelayanan medik spesialistik", 1, pppk=0.05, education="S2"),
    _health("Dokter", "Ahli Pertama", "medis", ("Kedokteran",), "pelayanan medik dasar", 6, pppk=0.2),
    _health("Dokter", "Ahli Muda", "medis", ("Kedokteran",), "pelayanan medik dasar", 4, pppk=0.05),
    _health("Dokter Gigi", "Ahli Muda", "medis", ("Kedokteran Gigi",), "pelayanan kesehatan gigi", 1, pppk=0.05),
    _health("Perawat", "Terampil", "keperawatan", _NURSE, "asuhan keperawatan", 40),
    _health("Perawat", "Mahir", "keperawatan", _NURSE, "asuhan keperawatan", 22, pppk=0.1),
    _health("Perawat", "Penyelia", "keperawatan", _NURSE, "asuhan keperawatan", 8, pppk=0.0),
    _health("Perawat", "Ahli Pertama", "keperawatan", _NERS, "asuhan keperawatan", 28),
    _health("Perawat", "Ahli Muda", "keperawatan", _NERS, "asuhan keperawatan", 12, pppk=0.05),
    _health("Bidan", "Terampil", "kebidanan", _MIDWIFE, "asuhan kebidanan", 12),
    _health("Bidan", "Mahir", "kebidanan", _MIDWIFE, "asuhan kebidanan", 7, pppk=0.1),
    _health("Bidan", "Ahli Pertama", "kebidanan", _MIDWIFE, "asuhan kebidanan", 5, education="D4"),
    _health("Apoteker", "Ahli Pertama", "kefarmasian", ("Apoteker",), "pelayanan kefarmasian", 4),
    _health("Tenaga Teknis Kefarmasian", "Terampil", "kefarmasian", ("Farmasi",), "pelayanan kefarmasian", 9),
    _health("Pranata Laboratorium Kesehatan", "Terampil", "laboratorium kesehatan", ("Analis Kesehatan",), "pemeriksaan laboratorium", 7),
    _health("Radiografer", "Terampil", "radiografi", ("Radiologi",), "pencitraan radiologi", 4),
    _health("Nutrisionis", "Terampil", "gizi", ("Gizi",), "asuhan gizi", 5),
    _health("Fisioterapis", "Terampil", "fisioterapi", ("Fisioterapi",), "fisioterapi", 3),
    _health("Perekam Medis", "Terampil", "rekam medis", ("Rekam Medis",), "manajemen rekam medis", 7),
    _health("Sanitarian", "Terampil", "sanitasi", ("Kesehatan Lingkungan",), "kesehatan lingkungan", 2),
    functional("Administrator Kesehatan", "Ahli Pertama", "kesehatan masyarakat", ("Kesehatan Masyarakat",), ("manajemen kesehatan",), weight=3),
    Post(**{**PENGADMINISTRASI.__dict__, "weight": 12, "admin": False}),
    Post(**{**PENGOLAH_DATA.__dict__, "weight": 5, "admin": False}),
    Post(**{**BENDAHARA.__dict__, "weight": 2}),
    Post(**{**PENGEMUDI.__dict__, "name": "Pengemudi Ambulans", "weight": 6}),
)  # fmt: skip

PUSKESMAS_POSTS: tuple[Post, ...] = (
    head_post("Kepala Puskesmas", "pengawas", ("Kesehatan Masyarakat", "Kedokteran", "Ners")),
    _health("Dokter", "Ahli Pertama", "medis", ("Kedokteran",), "pelayanan medik dasar", 2, pppk=0.25),
    _health("Dokter Gigi", "Ahli Pertama", "medis", ("Kedokteran Gigi",), "pelayanan kesehatan gigi", 1, pppk=0.25),
    _health("Perawat", "Terampil", "keperawatan", _NURSE, "asuhan keperawatan", 5),
    _health("Perawat", "Ahli Pertama", "keperawatan", _NERS, "asuhan keperawatan", 2.5),
    _health("Perawat", "Mahir", "keperawatan", _NURSE, "asuhan keperawatan", 1.5, pppk=0.1),
    _health("Bidan", "Terampil", "kebidanan", _MIDWIFE, "asuhan kebidanan", 6),
    _health("Bidan", "Ahli Pertama", "kebidanan", _MIDWIFE, "asuhan kebidanan", 1.5, education="D4"),
    _health("Tenaga Teknis Kefarmasian", "Terampil", "kefarmasian", ("Farmasi",), "pelayanan kefarmasian", 1),
    _health("Nutrisionis", "Terampil", "gizi", ("Gizi",), "asuhan gizi", 1),
    _health("Sanitarian", "Terampil", "sanitasi", ("Kesehatan Lingkungan",), "kesehatan lingkungan", 1),
    _health("Pranata Laboratorium Kesehatan", "Terampil", "laboratorium kesehatan", ("Analis Kesehatan",), "pemeriksaan laboratorium", 1),
    _health("Perekam Medis", "Terampil", "rekam medis", ("Rekam Medis",), "manajemen rekam medis", 1),
    functional("Penyuluh Kesehatan Masyarakat", "Ahli Pertama", "kesehatan masyarakat", ("Kesehatan Masyarakat",), ("promosi kesehatan",), weight=1, pppk=0.3),
    functional("Epidemiolog Kesehatan", "Ahli Pertama", "kesehatan masyarakat", ("Kesehatan Masyarakat",), ("surveilans epidemiologi",), weight=0.7, pppk=0.2),
    Post(**{**PENGADMINISTRASI.__dict__, "weight": 2, "admin": False}),
    Post(**{**PENGEMUDI.__dict__, "name": "Pengemudi Ambulans", "weight": 1}),
)  # fmt: skip

# ---------------------------------------------------------------------------------------------
# Education: Dinas Pendidikan and its schools.
TEACHER_CERT = "Sertifikat Pendidik"
DISDIK = Opd(
    "DISDIK", "Dinas Pendidikan", "pendidikan", "Kepala Dinas Pendidikan",
    ("Bidang Pembinaan Sekolah Dasar", "Bidang Pembinaan Sekolah Menengah Pertama",
     "Bidang Guru dan Tenaga Kependidikan", "Bidang Pendidikan Anak Usia Dini dan Nonformal"),
    (F("Pengawas Sekolah", "pengawas sekolah", ("PGSD", "Pendidikan Matematika"),
       ("supervisi akademik",)),
     F("Penilik", "pengawas sekolah", ("Pendidikan Luar Sekolah", "PGSD"),
       ("supervisi pendidikan nonformal",))),
)  # fmt: skip
TEACHER_LEVELS = ("Ahli Pertama", "Ahli Muda", "Ahli Madya")
TEACHER_LEVEL_WEIGHTS = (0.4, 0.35, 0.25)
TEACHER_PPPK = {"Ahli Pertama": 0.8, "Ahli Muda": 0.15, "Ahli Madya": 0.0}


def teacher(subject: str, level: str, majors: tuple[str, ...], weight: float) -> Post:
    return functional(
        f"Guru {subject}" if subject else "Guru Kelas",
        level,
        "guru",
        majors,
        ("pedagogik", "penguasaan materi ajar"),
        weight=weight,
        certificate=TEACHER_CERT,
        pppk=TEACHER_PPPK[level],
    )


HEADMASTER = functional(
    "Kepala Sekolah", "Ahli Madya", "guru", ("PGSD", "Pendidikan Matematika"),
    ("pedagogik", "manajemen sekolah"), certificate=TEACHER_CERT, pppk=0.0, head=True,
    name="Guru Ahli Madya (Kepala Sekolah)",
)  # fmt: skip
SD_SUBJECTS: tuple[tuple[str, tuple[str, ...], float], ...] = (
    ("Pendidikan Agama Islam", ("Pendidikan Agama Islam",), 1.0),
    ("Pendidikan Jasmani, Olahraga dan Kesehatan", ("Pendidikan Jasmani",), 0.8),
)
SMP_SUBJECTS: tuple[tuple[str, tuple[str, ...], float], ...] = (
    ("Bahasa Indonesia", ("Pendidikan Bahasa Indonesia",), 2.0),
    ("Matematika", ("Pendidikan Matematika",), 2.0),
    ("Ilmu Pengetahuan Alam", ("Pendidikan IPA",), 2.0),
    ("Ilmu Pengetahuan Sosial", ("Pendidikan IPS",), 1.5),
    ("Bahasa Inggris", ("Pendidikan Bahasa Inggris",), 1.5),
    ("Pendidikan Pancasila", ("PPKn",), 1.0),
    ("Pendidikan Jasmani, Olahraga dan Kesehatan", ("Pendidikan Jasmani",), 1.0),
    ("Seni Budaya", ("Pendidikan Seni",), 0.8),
    ("Pendidikan Agama Islam", ("Pendidikan Agama Islam",), 1.0),
    ("Bimbingan dan Konseling", ("Bimbingan dan Konseling",), 1.0),
)
SCHOOL_ADMIN = Post(
    "Pengelola Layanan Operasional Sekolah", "pelaksana", "administrasi umum", "II/a", "III/b",
    "SMA", (), "", (("administrasi sekolah", 2), ("pelayanan publik", 2)), weight=0.8, pppk=0.3,
)  # fmt: skip
SCHOOL_LIBRARIAN = functional(
    "Pustakawan", "Terampil", "perpustakaan", ("Ilmu Perpustakaan",),
    ("pengelolaan perpustakaan",), weight=0.5, pppk=0.3,
)  # fmt: skip

# ---------------------------------------------------------------------------------------------
# Kecamatan offices.
KECAMATAN_POSTS: tuple[Post, ...] = (
    head_post("Camat", "administrator", ("Ilmu Pemerintahan", "Administrasi Negara")),
    head_post("Sekretaris Kecamatan", "administrator", ("Ilmu Pemerintahan", "Administrasi Negara")),
    head_post("Kepala Seksi Pemerintahan", "pengawas", ("Ilmu Pemerintahan",)),
    head_post("Kepala Seksi Ketenteraman dan Ketertiban Umum", "pengawas", ("Ilmu Hukum", "Ilmu Pemerintahan")),
    head_post("Kepala Seksi Pemberdayaan Masyarakat Desa", "pengawas", ("Ilmu Pemerintahan", "Kesejahteraan Sosial")),
    head_post("Kepala Seksi Kesejahteraan Sosial", "pengawas", ("Kesejahteraan Sosial",)),
    Post(**{**PENGADMINISTRASI.__dict__, "weight": 3, "admin": False}),
    Post(**{**OPERATOR.__dict__, "weight": 2, "admin": False}),
    Post(**{**PENGOLAH_DATA.__dict__, "weight": 1, "admin": False}),
    functional("Penggerak Swadaya Masyarakat", "Ahli Pertama", "pemberdayaan masyarakat", ("Ilmu Pemerintahan", "Kesejahteraan Sosial"), ("pemberdayaan masyarakat",), weight=1),
)  # fmt: skip

# ---------------------------------------------------------------------------------------------
# Tasks (uraian tugas) by job family for the workload rows: (description, output unit,
# standard minutes low, high). A family without its own list uses the generic one.
TASKS: dict[str, list[tuple[str, str, int, int]]] = {
    "guru": [
        ("Menyusun rencana pelaksanaan pembelajaran", "dokumen", 60, 180),
        ("Melaksanakan pembelajaran tatap muka", "jam pelajaran", 40, 45),
        ("Menyusun dan mengolah penilaian hasil belajar", "paket", 120, 360),
        ("Melaksanakan remedial dan pengayaan", "kegiatan", 60, 120),
        ("Membimbing kegiatan ekstrakurikuler", "kegiatan", 90, 120),
        ("Mengisi rapor peserta didik", "rapor", 15, 30),
        ("Melaksanakan pengembangan keprofesian berkelanjutan", "kegiatan", 240, 480),
        ("Menjadi wali kelas", "bulan", 600, 900),
    ],
    "keperawatan": [
        ("Melakukan pengkajian keperawatan", "pasien", 15, 30),
        ("Melaksanakan tindakan keperawatan", "tindakan", 10, 30),
        ("Melakukan evaluasi asuhan keperawatan", "pasien", 10, 20),
        ("Mendokumentasikan asuhan keperawatan", "berkas", 10, 15),
        ("Melakukan edukasi kesehatan kepada pasien dan keluarga", "kegiatan", 20, 45),
        ("Melaksanakan serah terima pasien antar shift", "shift", 20, 30),
    ],
    "kebidanan": [
        ("Melakukan pemeriksaan kehamilan", "pasien", 20, 30),
        ("Menolong persalinan normal", "persalinan", 240, 480),
        ("Melakukan pelayanan nifas dan bayi baru lahir", "kunjungan", 30, 45),
        ("Memberikan pelayanan keluarga berencana", "akseptor", 15, 30),
        ("Melaksanakan kelas ibu hamil", "kegiatan", 120, 180),
        ("Mendokumentasikan asuhan kebidanan", "berkas", 10, 15),
    ],
    "medis": [
        ("Melakukan anamnesis dan pemeriksaan fisik", "pasien", 10, 20),
        ("Menegakkan diagnosis dan menyusun rencana terapi", "pasien", 10, 15),
        ("Melakukan tindakan medik", "tindakan", 30, 120),
        ("Melaksanakan visite pasien rawat inap", "pasien", 10, 15),
        ("Membuat rujukan dan resume medis", "dokumen", 10, 20),
        ("Melaksanakan jaga malam", "shift", 480, 720),
    ],
    "kefarmasian": [
        ("Melakukan pelayanan resep", "resep", 5, 10),
        ("Melakukan pengelolaan sediaan farmasi", "laporan", 120, 240),
        ("Memberikan konseling obat", "pasien", 10, 20),
        ("Melakukan stok opname obat", "kegiatan", 240, 480),
        ("Menyusun laporan pemakaian obat", "laporan", 60, 120),
    ],
    "administrasi umum": [
        ("Mengagendakan dan mendistribusikan surat masuk", "surat", 5, 10),
        ("Mengetik dan menggandakan naskah dinas", "naskah", 15, 30),
        ("Menata arsip dinamis", "berkas", 10, 20),
        ("Melayani tamu dan permintaan informasi", "layanan", 10, 20),
        ("Menyiapkan bahan rapat", "kegiatan", 60, 120),
        ("Merekap daftar hadir pegawai", "laporan", 30, 60),
        ("Menginventarisasi barang persediaan", "laporan", 60, 120),
    ],
    "pengolahan data": [
        ("Menghimpun dan memverifikasi data", "dokumen", 20, 45),
        ("Menginput data ke aplikasi", "data", 2, 5),
        ("Menyusun laporan data berkala", "laporan", 120, 240),
        ("Memutakhirkan basis data", "kegiatan", 60, 180),
        ("Menyajikan data dan informasi", "dokumen", 60, 120),
    ],
    "manajerial": [
        ("Menyusun rencana kerja unit", "dokumen", 600, 1200),
        ("Memimpin rapat koordinasi", "rapat", 90, 180),
        ("Memeriksa dan menandatangani naskah dinas", "naskah", 5, 15),
        ("Membina dan menilai kinerja bawahan", "pegawai", 60, 120),
        ("Memantau dan mengevaluasi pelaksanaan program", "kegiatan", 240, 480),
        ("Menyusun laporan kinerja unit", "laporan", 480, 960),
        ("Melaksanakan koordinasi dengan instansi terkait", "kegiatan", 120, 240),
    ],
    "kepegawaian": [
        ("Memproses usul kenaikan pangkat", "berkas", 30, 60),
        ("Memproses usul mutasi dan rotasi", "berkas", 45, 90),
        ("Memutakhirkan data kepegawaian", "data", 10, 20),
        ("Menyusun analisis jabatan dan beban kerja", "jabatan", 120, 240),
        ("Memproses usul pensiun", "berkas", 60, 120),
    ],
    "keuangan": [
        ("Memverifikasi surat permintaan pembayaran", "dokumen", 20, 45),
        ("Menyusun laporan keuangan", "laporan", 480, 960),
        ("Melakukan pembukuan transaksi", "transaksi", 5, 10),
        ("Merekonsiliasi data keuangan", "kegiatan", 120, 240),
        ("Menginventarisasi aset", "barang", 10, 20),
    ],
}
GENERIC_TASKS: list[tuple[str, str, int, int]] = [
    ("Menyiapkan bahan penyusunan kebijakan teknis bidang {family}", "dokumen", 240, 480),
    ("Melaksanakan kegiatan teknis bidang {family}", "kegiatan", 120, 360),
    ("Melakukan pembinaan dan bimbingan teknis bidang {family}", "kegiatan", 180, 360),
    ("Melakukan pemantauan dan evaluasi bidang {family}", "laporan", 240, 480),
    ("Melayani permohonan masyarakat bidang {family}", "layanan", 20, 60),
    ("Menyusun laporan pelaksanaan tugas bidang {family}", "laporan", 120, 240),
    ("Melakukan verifikasi dan validasi data bidang {family}", "berkas", 15, 45),
]
