from django.urls import path

from storydesk.desk import views

app_name = "desk"
urlpatterns = [
    path("", views.story_list, name="stories"),
    path("stories/<int:story_id>/", views.story_detail, name="story"),
]
