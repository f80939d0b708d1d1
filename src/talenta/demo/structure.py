"""The organisation of the demo province (BANTEN.md): the perangkat daerah and the units inside them.

Plain data: names, kinds, eselon and the JF families each OPD employs. The generator scales the number of
sub-units with the requested size (fewer Bidang/Seksi in a small demo, never more than the real shape).
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Kab/kota of Banten (BKN instansi ids from referensi/instansi.json), in kode order.
KABKOTA: list[tuple[str, str, str, str]] = [
    ("A5EB03E23B46F6A0E040640A040252AD", "6201", "Pemerintah Kab. Serang", "kabupaten"),
    ("A5EB03E23C4CF6A0E040640A040252AD", "6202", "Pemerintah Kab. Pandeglang", "kabupaten"),
    ("A5EB03E23B9EF6A0E040640A040252AD", "6203", "Pemerintah Kab. Lebak", "kabupaten"),
    ("A5EB03E23C4DF6A0E040640A040252AD", "6204", "Pemerintah Kab. Tangerang", "kabupaten"),
    ("A5EB03E23B9FF6A0E040640A040252AD", "6271", "Pemerintah Kota Tangerang", "kota"),
    ("A5EB03E23C4EF6A0E040640A040252AD", "6272", "Pemerintah Kota Cilegon", "kota"),
    ("A5EB03E23B81F6A0E040640A040252AD", "6273", "Pemerintah Kota Serang", "kota"),
    ("A5EB03E23D65F6A0E040640A040252AD", "6274", "Pemerintah Kota Tangerang Selatan", "kota"),
]
WILAYAH = [
    "Kab. Serang",
    "Kab. Pandeglang",
    "Kab. Lebak",
    "Kab. Tangerang",
    "Kota Tangerang",
    "Kota Cilegon",
    "Kota Serang",
    "Kota Tangerang Selatan",
]

PROVINCE = {
    "banten": {
        "bkn_id": "A5EB03E23B9DF6A0E040640A040252AD",
        "kode": "6200",
        "name": "Pemerintah Provinsi Banten",
        "short_name": "Pemprov Banten",
        "satuan_kerja_id": "A5EB03E241E0F6A0E040640A040252AD",
    }
}

# JF families every OPD employs (administration, planning, finance, IT, archives, procurement, HR).
GENERIC_JF = [
    "Analis Kebijakan",
    "Perencana",
    "Pranata Komputer",
    "Arsiparis",
    "Analis Keuangan Pusat dan Daerah",
    "Pengelola Pengadaan Barang/Jasa",
    "Analis Sumber Daya Manusia Aparatur",
    "Pranata Sumber Daya Manusia Aparatur",
    "Pranata Hubungan Masyarakat",
    "Analis Hukum",
]

SUBBAGIAN = ["Subbagian Umum dan Kepegawaian", "Subbagian Keuangan", "Subbagian Perencanaan dan Pelaporan"]
SEKSI = [
    "Perencanaan dan Evaluasi",
    "Pembinaan",
    "Pengendalian",
    "Pelayanan",
    "Pengembangan",
    "Data dan Informasi",
    "Fasilitasi",
    "Pengawasan",
    "Kerja Sama",
    "Pemberdayaan",
]
PELAKSANA_POSTS = [
    "Pengadministrasi Perkantoran",
    "Penata Layanan Operasional",
    "Pengolah Data dan Informasi",
    "Operator Layanan Operasional",
    "Pengelola Umum Operasional",
    "Penelaah Teknis Kebijakan",
    "Pengadministrasi Perkantoran",
    "Penata Kelola Sistem dan Teknologi Informasi",
    "Pengelola Layanan Kehumasan",
    "Pengemudi",
]
INSTALASI = [
    "Instalasi Gawat Darurat",
    "Instalasi Rawat Inap",
    "Instalasi Rawat Jalan",
    "Instalasi Bedah Sentral",
    "Instalasi Farmasi",
    "Instalasi Laboratorium",
    "Instalasi Radiologi",
    "Instalasi Perawatan Intensif",
]


@dataclass
class OpdSpec:
    name: str
    short: str
    family: str  # sekda | dprd | inspektorat | badan | dinas | satpol | rsud
    eselon: str
    bidang: list[str] = field(default_factory=list)
    upt: list[str] = field(default_factory=list)
    jf: list[str] = field(default_factory=list)
    key: str = ""  # a stable handle for special posts (bkd, pendidikan, kesehatan, ppkb, ...)


def _dinas(
    name: str, short: str, bidang: list[str], jf: list[str], upt: list[str] | None = None, key: str = ""
) -> OpdSpec:
    return OpdSpec(f"Dinas {name}", short, "dinas", "21", bidang, upt or [], jf, key)


def _badan(
    name: str, short: str, bidang: list[str], jf: list[str], upt: list[str] | None = None, key: str = ""
) -> OpdSpec:
    return OpdSpec(name, short, "badan", "21", bidang, upt or [], jf, key)


OPDS: list[OpdSpec] = [
    OpdSpec(
        "Sekretariat Daerah",
        "Setda",
        "sekda",
        "12",
        key="sekda",
        jf=[
            "Analis Kebijakan",
            "Analis Hukum",
            "Perancang Peraturan Perundang-undangan",
            "Pengelola Pengadaan Barang/Jasa",
        ],
    ),
    OpdSpec(
        "Sekretariat DPRD",
        "Setwan",
        "dprd",
        "21",
        [
            "Bagian Umum",
            "Bagian Keuangan",
            "Bagian Persidangan dan Perundang-undangan",
            "Bagian Fasilitasi Penganggaran dan Pengawasan",
        ],
        jf=["Analis Hukum", "Perancang Peraturan Perundang-undangan"],
    ),
    OpdSpec(
        "Inspektorat",
        "Inspektorat",
        "inspektorat",
        "21",
        [
            "Inspektur Pembantu Wilayah I",
            "Inspektur Pembantu Wilayah II",
            "Inspektur Pembantu Wilayah III",
            "Inspektur Pembantu Wilayah IV",
        ],
        jf=["Auditor", "Pengawas Penyelenggaraan Urusan Pemerintahan Daerah"],
        key="inspektorat",
    ),
    _badan(
        "Badan Perencanaan Pembangunan Daerah",
        "Bappeda",
        [
            "Bidang Perencanaan Makro",
            "Bidang Pemerintahan dan Pembangunan Manusia",
            "Bidang Perekonomian dan Sumber Daya Alam",
            "Bidang Infrastruktur dan Kewilayahan",
            "Bidang Penelitian dan Pengembangan",
        ],
        ["Perencana", "Statistisi"],
        key="bappeda",
    ),
    _badan(
        "Badan Kepegawaian Daerah",
        "BKD",
        [
            "Bidang Pengadaan dan Informasi Kepegawaian",
            "Bidang Mutasi dan Promosi",
            "Bidang Pengembangan Kompetensi Aparatur",
            "Bidang Penilaian Kinerja dan Penghargaan",
        ],
        [
            "Analis Sumber Daya Manusia Aparatur",
            "Pranata Sumber Daya Manusia Aparatur",
            "Auditor Kepegawaian",
        ],
        ["UPT Penilaian Kompetensi Pegawai"],
        key="bkd",
    ),
    _badan(
        "Badan Pengembangan Sumber Daya Manusia",
        "BPSDM",
        [
            "Bidang Pengembangan Kompetensi Manajerial",
            "Bidang Pengembangan Kompetensi Teknis",
            "Bidang Sertifikasi Kompetensi",
        ],
        ["Widyaiswara", "Analis Sumber Daya Manusia Aparatur"],
    ),
    _badan(
        "Badan Pendapatan Daerah",
        "Bapenda",
        ["Bidang Pajak Daerah", "Bidang Retribusi dan Pendapatan Lain", "Bidang Pengendalian dan Evaluasi"],
        ["Analis Keuangan Pusat dan Daerah", "Penilai Pajak"],
        [
            f"UPT Samsat {w}"
            for w in [
                "Serang",
                "Cilegon",
                "Pandeglang",
                "Malingping",
                "Rangkasbitung",
                "Kota Tangerang",
                "Ciputat",
                "Balaraja",
                "Kelapa Dua",
            ]
        ],
        key="bapenda",
    ),
    _badan(
        "Badan Pengelolaan Keuangan dan Aset Daerah",
        "BPKAD",
        ["Bidang Anggaran", "Bidang Perbendaharaan", "Bidang Akuntansi", "Bidang Aset Daerah"],
        ["Analis Keuangan Pusat dan Daerah", "Analis Anggaran"],
        key="bpkad",
    ),
    _badan(
        "Badan Kesatuan Bangsa dan Politik",
        "Kesbangpol",
        [
            "Bidang Ideologi dan Wawasan Kebangsaan",
            "Bidang Politik Dalam Negeri",
            "Bidang Ketahanan Ekonomi, Sosial dan Budaya",
        ],
        ["Analis Kebijakan"],
    ),
    _badan(
        "Badan Penanggulangan Bencana Daerah",
        "BPBD",
        [
            "Bidang Pencegahan dan Kesiapsiagaan",
            "Bidang Kedaruratan dan Logistik",
            "Bidang Rehabilitasi dan Rekonstruksi",
        ],
        ["Analis Kebijakan"],
    ),
    _badan(
        "Badan Penghubung",
        "Bahub",
        ["Bidang Fasilitasi dan Promosi", "Bidang Hubungan Antarlembaga"],
        ["Pranata Hubungan Masyarakat"],
    ),
    _dinas(
        "Pendidikan dan Kebudayaan",
        "Dindikbud",
        [
            "Bidang Pembinaan SMA",
            "Bidang Pembinaan SMK",
            "Bidang Pendidikan Khusus",
            "Bidang Ketenagaan",
            "Bidang Kebudayaan",
        ],
        ["Pengawas Sekolah", "Pamong Budaya"],
        [f"Cabang Dinas Pendidikan Wilayah {w}" for w in WILAYAH],
        key="pendidikan",
    ),
    _dinas(
        "Kesehatan",
        "Dinkes",
        [
            "Bidang Kesehatan Masyarakat",
            "Bidang Pencegahan dan Pengendalian Penyakit",
            "Bidang Pelayanan Kesehatan",
            "Bidang Sumber Daya Kesehatan",
        ],
        ["Epidemiolog Kesehatan", "Administrator Kesehatan", "Sanitarian"],
        ["UPT Laboratorium Kesehatan Daerah", "UPT Pelatihan Kesehatan"],
        key="kesehatan",
    ),
    _dinas(
        "Pekerjaan Umum dan Penataan Ruang",
        "DPUPR",
        [
            "Bidang Bina Marga",
            "Bidang Sumber Daya Air",
            "Bidang Cipta Karya",
            "Bidang Penataan Ruang",
            "Bidang Bina Konstruksi",
        ],
        ["Teknik Jalan dan Jembatan", "Penata Ruang"],
        [
            "UPT Pengelolaan Jalan dan Jembatan Wilayah I",
            "UPT Pengelolaan Jalan dan Jembatan Wilayah II",
            "UPT Pengelolaan Sumber Daya Air",
        ],
        key="pupr",
    ),
    _dinas(
        "Perumahan Rakyat dan Kawasan Permukiman",
        "Perkim",
        ["Bidang Perumahan", "Bidang Kawasan Permukiman", "Bidang Prasarana, Sarana dan Utilitas"],
        ["Penata Ruang"],
    ),
    _dinas(
        "Sosial",
        "Dinsos",
        [
            "Bidang Perlindungan dan Jaminan Sosial",
            "Bidang Rehabilitasi Sosial",
            "Bidang Pemberdayaan Sosial",
        ],
        ["Pekerja Sosial", "Penyuluh Sosial"],
        ["UPT Panti Sosial Bina Laras", "UPT Panti Sosial Tresna Werdha"],
    ),
    _dinas(
        "Tenaga Kerja dan Transmigrasi",
        "Disnakertrans",
        [
            "Bidang Pelatihan dan Produktivitas",
            "Bidang Penempatan Tenaga Kerja",
            "Bidang Hubungan Industrial",
            "Bidang Pengawasan Ketenagakerjaan",
        ],
        ["Pengawas Ketenagakerjaan", "Pengantar Kerja"],
        ["UPT Pengawasan Ketenagakerjaan Wilayah Serang", "UPT Pengawasan Ketenagakerjaan Wilayah Tangerang"],
    ),
    _dinas(
        "Pemberdayaan Perempuan, Perlindungan Anak, Kependudukan dan Keluarga Berencana",
        "DP3AKKB",
        [
            "Bidang Pemberdayaan Perempuan",
            "Bidang Perlindungan Anak",
            "Bidang Pengendalian Penduduk",
            "Bidang Keluarga Berencana",
        ],
        ["Penyuluh Keluarga Berencana"],
        key="ppkb",
    ),
    _dinas(
        "Ketahanan Pangan",
        "DKP",
        ["Bidang Ketersediaan Pangan", "Bidang Distribusi Pangan", "Bidang Keamanan Pangan"],
        ["Analis Ketahanan Pangan", "Pengawas Mutu Hasil Pertanian"],
    ),
    _dinas(
        "Lingkungan Hidup dan Kehutanan",
        "DLHK",
        ["Bidang Tata Lingkungan", "Bidang Pengendalian Pencemaran", "Bidang Kehutanan"],
        ["Pengendali Dampak Lingkungan", "Polisi Kehutanan"],
        ["UPT Kesatuan Pengelolaan Hutan"],
    ),
    _dinas(
        "Pemberdayaan Masyarakat dan Desa",
        "DPMD",
        ["Bidang Pemerintahan Desa", "Bidang Pemberdayaan Masyarakat", "Bidang Ekonomi Desa"],
        ["Penggerak Swadaya Masyarakat"],
    ),
    _dinas(
        "Perhubungan",
        "Dishub",
        ["Bidang Lalu Lintas Jalan", "Bidang Pelayaran", "Bidang Perkeretaapian"],
        ["Penguji Kendaraan Bermotor"],
        ["UPT Pengujian Kendaraan Bermotor", "UPT Terminal Pakupatan"],
    ),
    _dinas(
        "Komunikasi, Informatika, Statistik dan Persandian",
        "Diskominfo",
        ["Bidang Aplikasi Informatika", "Bidang Infrastruktur TIK", "Bidang Statistik", "Bidang Persandian"],
        ["Pranata Komputer", "Statistisi", "Sandiman", "Manggala Informatika"],
    ),
    _dinas(
        "Koperasi dan UKM",
        "Dinkop",
        ["Bidang Kelembagaan Koperasi", "Bidang Usaha Mikro"],
        ["Pengawas Koperasi"],
    ),
    _dinas(
        "Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        "DPMPTSP",
        [
            "Bidang Promosi Penanaman Modal",
            "Bidang Pelayanan Perizinan",
            "Bidang Pengendalian Penanaman Modal",
        ],
        ["Analis Kebijakan"],
    ),
    _dinas(
        "Kepemudaan dan Olahraga", "Dispora", ["Bidang Kepemudaan", "Bidang Olahraga"], ["Analis Kebijakan"]
    ),
    _dinas(
        "Perpustakaan dan Kearsipan",
        "DPK",
        ["Bidang Perpustakaan", "Bidang Kearsipan"],
        ["Pustakawan", "Arsiparis"],
    ),
    _dinas(
        "Kelautan dan Perikanan",
        "DKP Laut",
        ["Bidang Perikanan Tangkap", "Bidang Perikanan Budidaya", "Bidang Kelautan"],
        ["Penyuluh Perikanan", "Pengawas Perikanan"],
        ["UPT Pelabuhan Perikanan Pantai Labuan"],
    ),
    _dinas(
        "Pariwisata",
        "Dispar",
        ["Bidang Destinasi Pariwisata", "Bidang Pemasaran Pariwisata"],
        ["Adyatama Kepariwisataan dan Ekonomi Kreatif"],
    ),
    _dinas(
        "Pertanian",
        "Distan",
        ["Bidang Tanaman Pangan", "Bidang Hortikultura", "Bidang Peternakan", "Bidang Perkebunan"],
        ["Penyuluh Pertanian", "Pengawas Mutu Pakan"],
        ["UPT Balai Benih Induk", "UPT Balai Pelatihan Pertanian"],
    ),
    _dinas(
        "Energi dan Sumber Daya Mineral",
        "DESDM",
        ["Bidang Energi", "Bidang Mineral dan Batubara", "Bidang Air Tanah"],
        ["Penyelidik Bumi", "Inspektur Tambang"],
    ),
    _dinas(
        "Perindustrian dan Perdagangan",
        "Disperindag",
        ["Bidang Perindustrian", "Bidang Perdagangan Dalam Negeri", "Bidang Perlindungan Konsumen"],
        ["Analis Perdagangan"],
        ["UPT Metrologi Legal"],
    ),
    _dinas(
        "Kependudukan dan Pencatatan Sipil",
        "Disdukcapil",
        ["Bidang Pelayanan Pendaftaran Penduduk", "Bidang Pengelolaan Informasi Administrasi Kependudukan"],
        ["Administrator Database Kependudukan"],
    ),
    OpdSpec(
        "Satuan Polisi Pamong Praja",
        "Satpol PP",
        "satpol",
        "21",
        [
            "Bidang Penegakan Peraturan Daerah",
            "Bidang Ketertiban Umum dan Ketenteraman Masyarakat",
            "Bidang Perlindungan Masyarakat",
            "Bidang Sumber Daya Aparatur",
        ],
        jf=["Polisi Pamong Praja"],
    ),
    OpdSpec(
        "RSUD Banten",
        "RSUD Banten",
        "rsud",
        "22",
        [
            "Bidang Pelayanan Medik",
            "Bidang Keperawatan",
            "Bidang Penunjang",
            "Bagian Umum dan Kepegawaian",
            "Bagian Keuangan",
        ],
        jf=["Perekam Medis", "Administrator Kesehatan"],
        key="rsud_banten",
    ),
    OpdSpec(
        "RSUD Malingping",
        "RSUD Malingping",
        "rsud",
        "22",
        ["Bidang Pelayanan", "Bidang Keperawatan", "Bagian Umum dan Keuangan"],
        jf=["Perekam Medis"],
        key="rsud_malingping",
    ),
]

# Sekretariat Daerah: Asisten (II.a) → Biro (II.b), and the Staf Ahli Gubernur (II.a, without a unit).
ASISTEN: list[tuple[str, list[str]]] = [
    (
        "Asisten Pemerintahan dan Kesejahteraan Rakyat",
        ["Biro Pemerintahan", "Biro Hukum", "Biro Kesejahteraan Rakyat"],
    ),
    (
        "Asisten Perekonomian dan Pembangunan",
        ["Biro Perekonomian dan Administrasi Pembangunan", "Biro Administrasi Pengadaan Barang dan Jasa"],
    ),
    ("Asisten Administrasi Umum", ["Biro Organisasi", "Biro Umum", "Biro Administrasi Pimpinan"]),
]
STAF_AHLI = [
    "Staf Ahli Gubernur Bidang Pemerintahan, Hukum dan Politik",
    "Staf Ahli Gubernur Bidang Ekonomi dan Keuangan",
    "Staf Ahli Gubernur Bidang Kemasyarakatan dan Sumber Daya Manusia",
    "Staf Ahli Gubernur Bidang Pembangunan",
    "Staf Ahli Gubernur Bidang Hubungan Antarlembaga",
]
BAGIAN_BIRO = ["Bagian Perencanaan dan Evaluasi", "Bagian Fasilitasi", "Bagian Pembinaan dan Pengendalian"]

# Critical posts (RULES.md §1) by OPD key, with the reason shown on the succession screens.
CRITICAL = {
    "sekda": "Memimpin birokrasi provinsi dan Komite Talenta; kekosongan menghambat seluruh OPD.",
    "bkd": "Menjalankan manajemen talenta dan sistem merit; kekosongan menghambat mutasi dan promosi.",
    "bappeda": "Mengoordinasikan perencanaan pembangunan dan RPJMD.",
    "bpkad": "Pengelolaan keuangan daerah; risiko temuan audit dan keterlambatan APBD.",
    "bapenda": "Sumber utama pendapatan asli daerah.",
    "inspektorat": "Pengawasan internal; independensi dan rekomendasi Kemendagri.",
    "pendidikan": "Unit terbesar (guru SMA/SMK/SLB); layanan dasar pendidikan menengah.",
    "kesehatan": "Layanan kesehatan dan penanggulangan penyakit; risiko pada pelayanan publik.",
    "rsud_banten": "Rumah sakit rujukan provinsi; layanan 24 jam.",
    "pupr": "Belanja modal terbesar; infrastruktur jalan dan sumber daya air.",
}
# Posts that need an outside recommendation before installation (RULES.md §6).
EXTERNAL_RECOMMENDATION = {
    "inspektorat": "Rekomendasi Kementerian Dalam Negeri (Inspektorat Jenderal) setelah seleksi",
    "ppkb": "Rekomendasi Menteri Dalam Negeri (kepala dinas pengendalian penduduk dan KB)",
}
