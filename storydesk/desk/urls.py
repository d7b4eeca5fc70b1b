from django.urls import path

from storydesk.desk import mail, social, views

app_name = "desk"
urlpatterns = [
    path("", views.story_list, name="stories"),
    path("stories/<int:story_id>/", views.story_detail, name="story"),
    path("stories/<int:story_id>/ask-permission/", social.ask, name="ask-permission"),
    path("mail/", mail.mail_list, name="mail"),
    path("social/", social.overview, name="social"),
]
