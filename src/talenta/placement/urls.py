from django.urls import path

from talenta.placement import region_views, views

app_name = "placement"
urlpatterns = [
    path("lowongan/", views.vacancy_list, name="vacancies"),
    path("proses/", views.process_list, name="processes"),
    path("proses/buka/", views.process_open, name="process-open"),
    path("proses/<int:pk>/", views.process_detail, name="process"),
    path("proses/<int:pk>/rencana/", views.plan_compare, name="plans"),
    path("proses/<int:pk>/rencana/hitung/", views.plan_create, name="plan-create"),
    path("orang/", views.people_options, name="people-options"),
    path("jabatan/<int:pk>/kandidat/", views.post_candidates, name="post-candidates"),
    path(
        "jabatan/<int:pk>/kandidat/<int:employee>/",
        views.post_candidate_evidence,
        name="post-candidate-evidence",
    ),
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

# The region (issue #18): rankings with the shared pools, moves between instansi.
urlpatterns += [
    path(
        "jabatan/<int:pk>/kandidat/regional/",
        region_views.post_candidates_shared,
        name="post-candidates-shared",
    ),
    path("mutasi/", region_views.mutasi_list, name="mutasi-list"),
    path("mutasi/usul/", region_views.mutasi_propose, name="mutasi-propose"),
    path("mutasi/<int:pk>/", region_views.mutasi_detail, name="mutasi"),
    path("mutasi/<int:pk>/persetujuan/", region_views.mutasi_release, name="mutasi-release"),
    path("mutasi/<int:pk>/pertek/", region_views.mutasi_consider, name="mutasi-consider"),
    path("mutasi/<int:pk>/keputusan/", region_views.mutasi_decide, name="mutasi-decide"),
    path("mutasi/<int:pk>/pelantikan/", region_views.mutasi_install, name="mutasi-install"),
]
