from django.urls import path

from talenta.talent import region_views, views

app_name = "talent"
urlpatterns = [
    path("", views.index, name="index"),
    path("periode/baru/", views.period_create, name="period-create"),
    path("periode/<int:pk>/", views.grid, name="grid"),
    path("periode/<int:pk>/ubah/", views.period_edit, name="period-edit"),
    path("periode/<int:pk>/hitung/", views.period_run, name="period-run"),
    path("periode/<int:pk>/finalisasi/", views.period_finalise, name="period-finalise"),
    path("periode/<int:pk>/replay/", views.period_replay, name="period-replay"),
    path("periode/<int:pk>/kotak/<int:box>/", views.box_people, name="box"),
    path("periode/<int:pk>/grafik/", views.charts, name="charts"),
    path("periode/<int:pk>/kalibrasi/", views.meeting, name="meeting"),
    path("periode/<int:pk>/berita-acara.pdf", views.minutes_pdf, name="minutes"),
    path("hasil/<int:pk>/", views.card, name="card"),
    path("hasil/<int:pk>/kalibrasi/", views.calibrate, name="calibrate"),
    path("hasil/<int:pk>/idp/", views.idp_generate, name="idp-generate"),
    path("kalibrasi/<int:pk>/putusan/", views.calibration_decide, name="calibration-decide"),
    path("saya/", views.my_card, name="my-card"),
    path("pegawai/<int:pk>/pemetaan/", views.employee_mapping, name="employee-mapping"),
    path("kelompok-talenta/", views.pools, name="pools"),
    path("suksesi/", views.succession, name="succession"),
    path("suksesi/<int:pk>/", views.succession_post, name="succession-post"),
    path("pensiun/", views.retirement, name="retirement"),
    path("idp/", views.idp_list, name="idp-list"),
    path("idp/<int:pk>/", views.idp, name="idp"),
    path("idp/<int:pk>/ubah/", views.idp_update, name="idp-update"),
    path("idp/<int:pk>/unduh/", views.idp_export, name="idp-export"),
]

# The region (issue #18): what this instansi shares of its pool, and what the others share.
urlpatterns += [
    path("berbagi/", region_views.sharing_settings, name="sharing"),
    path("kelompok-talenta/regional/", region_views.shared_pools, name="shared-pools"),
]
