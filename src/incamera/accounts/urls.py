from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from incamera.accounts import views
from incamera.accounts.forms import RecordedSetPasswordForm

app_name = "accounts"

urlpatterns = [
    path("signin/", views.signin, name="signin"),
    path("signout/", views.signout, name="signout"),
    path(
        "password-reset/",
        auth_views.PasswordResetView.as_view(
            template_name="accounts/password_reset.html",
            email_template_name="accounts/email/password_reset_body.txt",
            subject_template_name="accounts/email/password_reset_subject.txt",
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    # The mailed link: /password-reset/open/#<uid>/<token>, the token out of every log.
    path("password-reset/open/", views.password_reset_open, name="password_reset_open"),
    path(  # links mailed before (the token in the path), and the form at <uid>/set-password/
        "password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("accounts:password_reset_complete"),
            form_class=RecordedSetPasswordForm,
        ),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"),
        name="password_reset_complete",
    ),
    path("passkeys/", views.passkey_list, name="passkeys"),
    path("passkeys/register/begin", views.passkey_register_begin, name="passkey_register_begin"),
    path("passkeys/register/finish", views.passkey_register_finish, name="passkey_register_finish"),
    path("passkeys/<int:passkey_id>/delete", views.passkey_delete, name="passkey_delete"),
    path("passkeys/signin/begin", views.passkey_signin_begin, name="passkey_signin_begin"),
    path("passkeys/signin/finish", views.passkey_signin_finish, name="passkey_signin_finish"),
    path("passkeys/confirm/begin", views.passkey_confirm_begin, name="passkey_confirm_begin"),
    path("passkeys/confirm/finish", views.passkey_confirm_finish, name="passkey_confirm_finish"),
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:token_id>/revoke", views.token_revoke, name="token_revoke"),
]
