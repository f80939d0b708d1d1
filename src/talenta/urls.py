from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("akun/", include("talenta.accounts.urls")),
    path("manajemen-talenta/", include("talenta.talent.urls")),
    path("penempatan/", include("talenta.placement.urls")),
    path("", include("talenta.core.urls")),
]

handler403 = "talenta.core.views.error_403"
handler404 = "talenta.core.views.error_404"
handler500 = "talenta.core.views.error_500"
