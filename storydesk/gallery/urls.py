from django.urls import path, re_path

from storydesk.gallery import privacy, views

app_name = "gallery"
urlpatterns = [
    path("", views.wall, name="wall"),
    path("stories/<int:story_id>/", views.story, name="story"),
    re_path(r"^archive/(?P<month>\d{4}-\d{2})/$", views.month, name="month"),
    re_path(r"^archive/(?P<month>\d{4}-\d{2})/(?P<number>[2-9]|[1-9]\d{1,4})/$", views.month, name="month_page"),
    path("take-part/", views.take_part, name="take_part"),
    path("privacy/", privacy.privacy_notice, name="privacy"),
    path("feed.rss", views.feed, {"kind": "rss"}, name="feed_rss"),
    path("feed.atom", views.feed, {"kind": "atom"}, name="feed_atom"),
    path("feed.json", views.feed, {"kind": "json"}, name="feed_json"),
    path("widget/", views.widget, name="widget"),
    path("widget.js", views.widget_script, name="widget_script"),
    path("embed/", views.embed, name="embed"),
    path("campaign.css", views.campaign_css, name="campaign_css"),
]
