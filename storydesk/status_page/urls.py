from django.urls import path

from storydesk.status_page import views

app_name = "status_page"
urlpatterns = [
    path("<str:token>/", views.status, name="status"),
    path("<str:token>/photo.jpg", views.photo, name="photo"),
    path("<str:token>/withdraw/", views.withdraw, name="withdraw"),
    path("<str:token>/consent/", views.consent, name="consent"),
    path("<str:token>/answer/", views.answer, name="answer"),
]
