from django.urls import path

from talenta.profiling import views

app_name = "profiling"
urlpatterns = [
    path("pegawai/<int:pk>/asesmen/", views.employee_assessments, name="employee-assessments"),
]
