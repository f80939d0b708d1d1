from django.contrib.auth import views as auth_views
from django.urls import path

from talenta.accounts import audit_views, views, views_otp
from talenta.accounts.policy import public

app_name = "accounts"
urlpatterns = [
    path(
        "masuk/",
        public(
            auth_views.LoginView.as_view(
                template_name="accounts/login.html", redirect_authenticated_user=True
            )
        ),
        name="login",
    ),
    path("keluar/", public(auth_views.LogoutView.as_view()), name="logout"),
    path("kata-sandi/", views.password_change, name="password-change"),
    path("2fa/daftar/", views_otp.otp_setup, name="otp-setup"),
    path("2fa/verifikasi/", views_otp.otp_verify, name="otp-verify"),
    path("token/", views.my_tokens, name="my-tokens"),
    path("token/<int:pk>/cabut/", views.my_token_revoke, name="my-token-revoke"),
    path("notifikasi/", views.notification_list, name="notifications"),
    path("notifikasi/<int:pk>/dibaca/", views.notification_read, name="notification-read"),
    path("notifikasi/dibaca-semua/", views.notification_read_all, name="notifications-read-all"),
    path("pengguna/", views.user_list, name="user-list"),
    path("pengguna/baru/", views.user_create, name="user-create"),
    path("pengguna/<int:pk>/", views.user_edit, name="user-edit"),
    path("pengguna/<int:pk>/aktif/", views.user_set_active, name="user-active"),
    path("pengguna/<int:pk>/sandi/", views.user_reset_password, name="user-password"),
    path("pengguna/<int:pk>/token/", views.user_token_create, name="user-token-create"),
    path("pengguna/<int:pk>/token/<int:token_pk>/cabut/", views.user_token_revoke, name="user-token-revoke"),
    path("audit/", audit_views.audit_log, name="audit-log"),
    path("audit/ekspor/<str:fmt>/", audit_views.audit_export, name="audit-export"),
    path("audit/verifikasi/", audit_views.audit_verify_view, name="audit-verify"),
]
