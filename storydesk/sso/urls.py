from django.urls import path

from storydesk.sso import views

urlpatterns = [
    path("login/", views.start, name="sso-login"),
    path("callback/", views.callback, name="sso-callback"),
]
