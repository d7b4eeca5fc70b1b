from django.contrib.auth import views as auth_views
from django.urls import path

from storydesk.accounts import code, password_reset, setup

app_name = "accounts"
urlpatterns = [
    path("two-factor/", setup.two_factor, name="two-factor"),
    path("two-factor/code/", code.enter_code, name="code"),
    path("password-reset/", password_reset.AskForReset.as_view(), name="password-reset"),
    path("password-reset/sent/", auth_views.PasswordResetDoneView.as_view(
        template_name="storydesk/desk/accounts/reset_sent.html"), name="password-reset-sent"),
    path("password-reset/<uidb64>/<token>/", password_reset.SetNewPassword.as_view(),
         name="password-reset-confirm"),
    path("password-reset/done/", auth_views.PasswordResetCompleteView.as_view(
        template_name="storydesk/desk/accounts/reset_done.html"), name="password-reset-done"),
]
