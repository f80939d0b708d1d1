from django.urls import include, path
from django.views.i18n import set_language

from talenta.accounts.policy import public

urlpatterns = [
    path("i18n/setlang/", public(set_language), name="set_language"),
    path("akun/", include("talenta.accounts.urls")),
    path("", include("talenta.directory.urls")),
    path("manajemen-talenta/", include("talenta.talent.urls")),
    path("api/v1/", include("talenta.api.urls")),
    path("penempatan/", include("talenta.placement.urls")),
    path("sistem-merit/", include("talenta.merit.urls")),
    path("profiling/", include("talenta.profiling.urls")),
    path("siasn/", include("talenta.siasn.urls")),
    path("wilayah/", include("talenta.region.urls")),
    path("", include("talenta.dashboard.urls")),
    path("", include("talenta.core.urls")),
    path("", include("talenta.ops.urls")),
]

handler400 = "talenta.core.views.error_400"
handler403 = "talenta.core.views.error_403"
handler404 = "talenta.core.views.error_404"
handler500 = "talenta.core.views.error_500"
