from django.urls import path

from storydesk.desk import mail, views

app_name = "desk"
urlpatterns = [
    path("", views.story_list, name="stories"),
    path("stories/<int:story_id>/", views.story_detail, name="story"),
    path("mail/", mail.mail_list, name="mail"),
]
