from django.urls import path

from storydesk.channels.web import views

app_name = "web"
urlpatterns = [
    path("", views.submit, name="submit"),
    path("thanks/<str:token>/", views.thanks, name="thanks"),
]
