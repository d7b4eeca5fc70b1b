from django.urls import path

from storydesk.participants import views

app_name = "participants"
urlpatterns = [
    path("<str:token>/", views.status, name="status"),
    path("<str:token>/withdraw/", views.withdraw, name="withdraw"),
    path("<str:token>/consent/", views.consent, name="consent"),
]
