from django.urls import path

from talenta.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("tugas/<int:pk>/", views.job, name="job"),
]
