from django.urls import path

from talenta.region import views

app_name = "region"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("ekspor/", views.export, name="export"),
    path("instansi/<int:pk>/", views.instansi_detail, name="instansi"),
]
