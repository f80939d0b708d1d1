from django.urls import path

from talenta.siasn import views

app_name = "siasn"
urlpatterns = [
    path("", views.index, name="index"),
    path("unggah/", views.upload, name="upload"),
    path("impor/<int:pk>/", views.run_detail, name="run"),
    path("impor/<int:pk>/status/", views.run_status, name="run-status"),
    path("impor/<int:pk>/konfirmasi/", views.confirm, name="confirm"),
    path("impor/<int:pk>/kesalahan.<str:fmt>", views.errors_download, name="errors"),
    path("templat.xlsx", views.template_download, name="template"),
    path("ekspor/", views.export, name="export"),
    path("ekspor/<int:pk>/", views.export_job, name="export-job"),
    path("ekspor/<int:pk>/berkas/", views.export_file, name="export-file"),
]
