"""Root URLs: each app mounts its own; the home page is the role-aware dashboard."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from . import auth, views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/login/", auth.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/change/", auth.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("accounts/password/reset/", auth.PasswordResetView.as_view(), name="password_reset"),
    path("accounts/password/reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        auth.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"
    ),
    path("accounts/2fa/", auth.otp_setup, name="otp_setup"),
    path("accounts/2fa/verify/", auth.otp_verify, name="otp_verify"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
    path("members/", include("members.urls")),
    path("documents/", include("documents.urls")),
    path("tasks/review/", include("reviews.urls")),
    path("tasks/", include("tasks.urls")),
    path("", include("core.urls")),
    path("hotline/", include("hotline.urls")),
    path("reports/", include("periodic_reports.urls")),
]

handler400 = "steering.views.bad_request"
handler403 = "steering.views.permission_denied"
handler404 = "steering.views.page_not_found"
handler500 = "steering.views.server_error"
