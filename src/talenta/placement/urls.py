from django.urls import path

from talenta.placement import views

app_name = "placement"
urlpatterns = [
    path("lowongan/", views.vacancy_list, name="vacancies"),
    path("proses/", views.process_list, name="processes"),
    path("proses/buka/", views.process_open, name="process-open"),
    path("proses/<int:pk>/", views.process_detail, name="process"),
    path("proses/<int:pk>/rencana/", views.plan_compare, name="plans"),
    path("proses/<int:pk>/rencana/hitung/", views.plan_create, name="plan-create"),
    path("jabatan/<int:pk>/kandidat/", views.post_candidates, name="post-candidates"),
    path("jabatan/<int:pk>/usul/", views.propose, name="propose"),
    path("jabatan/<int:pk>/rekomendasi/", views.recommend, name="recommend"),
    path("jabatan/<int:pk>/keputusan/", views.decide, name="decide"),
    path("kandidat/<int:pk>/", views.candidacy_detail, name="candidacy"),
    path("keputusan/", views.decision_list, name="decisions"),
    path("pelantikan/buat/", views.batch_create, name="batch-create"),
    path("pelantikan/<int:pk>/", views.batch_detail, name="batch"),
    path("pelantikan/<int:pk>/terapkan/", views.batch_apply, name="batch-apply"),
    path("pelantikan/<int:pk>/pdf/", views.batch_pdf, name="batch-pdf"),
    path("keadilan/", views.fairness, name="fairness"),
    path("persyaratan/", views.requirements, name="requirements"),
    path("kualitas-data/", views.data_quality, name="data-quality"),
]
