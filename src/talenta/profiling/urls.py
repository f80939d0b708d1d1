from django.urls import path

from talenta.profiling import views

app_name = "profiling"

urlpatterns = [
    path("", views.campaign_list, name="campaign-list"),
    path("baru/", views.campaign_create, name="campaign-create"),
    path("impor/", views.results_import, name="import"),
    path("impor/<int:pk>/", views.import_job, name="import-job"),
    path("impor/<int:pk>/hasil/", views.import_job_status, name="import-job-status"),
    path("impor/<int:pk>/kesalahan.csv", views.import_job_errors, name="import-job-errors"),
    path("templat/<str:instrument>.xlsx", views.import_template, name="import-template"),
    path("cakupan/", views.coverage, name="coverage"),
    path("pegawai/<int:pk>/kompetensi/", views.employee_competency, name="employee-competency"),
    path("pegawai/<int:pk>/asesmen/", views.employee_assessments, name="employee-assessments"),
    path("<int:pk>/", views.campaign_detail, name="campaign-detail"),
    path("<int:pk>/mitra/", views.campaign_partners, name="campaign-partners"),
    path("<int:pk>/peserta/tambah/", views.participants_add, name="participants-add"),
    path("<int:pk>/jadwal/", views.campaign_schedule, name="schedule"),
    path("<int:pk>/peserta/berhalangan/", views.participants_constraints, name="participants-constraints"),
    path("<int:pk>/gelombang/<int:number>/", views.wave_attendance, name="attendance"),
    path("<int:pk>/gelombang/<int:number>/hadir-semua/", views.attendance_all_present, name="attendance-all"),
    path("<int:pk>/gelombang/<int:number>/daftar-hadir.pdf", views.roster_pdf, name="roster-pdf"),
    path("<int:pk>/gelombang/<int:number>/daftar-hadir.xlsx", views.roster_xlsx, name="roster-xlsx"),
    path("<int:pk>/undangan/<int:opd>.pdf", views.letter_pdf, name="letter-pdf"),
    path("<int:pk>/undangan.zip", views.letters_zip, name="letters-zip"),
    path("undangan/<int:pk>/berkas.zip", views.letters_zip_file, name="letters-zip-file"),
    path("<int:pk>/peserta/<int:pid>/kehadiran/", views.attendance_mark, name="attendance-mark"),
    path("<int:pk>/peserta/<int:pid>/pindah/", views.participant_move, name="participant-move"),
    path("<int:pk>/peserta/<int:pid>/jadwal/", views.participant_constraints, name="participant-edit"),
]
