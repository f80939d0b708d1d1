from django.urls import path

from talenta.directory import views

app_name = "people"
urlpatterns = [
    path("pegawai/", views.employee_list, name="employee-list"),
    path("pegawai/ekspor.xlsx", views.employee_export, name="employee-export"),
    path("pegawai/<int:pk>/", views.employee_detail, name="employee-detail"),
    path("struktur/", views.unit_tree, name="unit-tree"),
    path("struktur/<int:pk>/anak/", views.unit_children, name="unit-children"),
    path("struktur/<int:pk>/", views.unit_detail, name="unit-detail"),
    path("jabatan/", views.position_list, name="position-list"),
    path("jabatan/<int:pk>/", views.position_detail, name="position-detail"),
]
