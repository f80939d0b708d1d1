from django.urls import path

from talenta.merit import views

app_name = "merit"
urlpatterns = [
    path("", views.index, name="index"),
    path("baru/", views.create, name="create"),
    path("perbandingan/", views.compare, name="compare"),
    path("kuesioner/", views.questionnaires, name="questionnaires"),
    path("kuesioner/<int:pk>/xlsx/", views.questionnaire_xlsx, name="questionnaire-xlsx"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/hitung-ulang/", views.recompute, name="recompute"),
    path("<int:pk>/kirim/", views.submit, name="submit"),
    path("<int:pk>/reviu/", views.review, name="review"),
    path("<int:pk>/laporan.pdf", views.report_pdf, name="report-pdf"),
    path("<int:pk>/laporan.xlsx", views.report_xlsx, name="report-xlsx"),
    path("jawaban/<int:pk>/", views.answer, name="answer"),
    path("jawaban/<int:pk>/bukti/", views.evidence_add, name="evidence-add"),
    path("bukti/<int:pk>/", views.evidence_file, name="evidence-file"),
    path("bukti/<int:pk>/hapus/", views.evidence_delete, name="evidence-delete"),
]
