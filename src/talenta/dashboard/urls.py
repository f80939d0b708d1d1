from django.urls import path

from talenta.dashboard import views

app_name = "dashboard"
urlpatterns = [
    path("", views.home, name="home"),
    path("tugas/<int:pk>/", views.job, name="job"),
]
