from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.urls import include, path, re_path
from django.views.generic import RedirectView

from storydesk import language_choice
from storydesk.desk import photo_files
from storydesk.desk.login import DeskLoginView
from storydesk.publishing.instagram.image_url import serve_image

handler404 = "storydesk.gallery.views.not_found"

# What participants read, at the default language's address ("/submit/") and each other's ("/fr/submit/");
# the language a page is shown in is the reader's (storydesk/language_choice.py). Their namespaces are
# language_choice.PUBLIC_NAMESPACES.
urlpatterns = i18n_patterns(
    # The campaign's public site, the gallery, is the root. First, since it takes the most requests; its
    # paths (stories/, archive/, feed.*, widget…) overlap none below.
    path("", include("storydesk.gallery.urls")),
    path("submit/", include("storydesk.channels.web.urls")),
    path("s/", include("storydesk.status_page.urls")),
    prefix_default_language=False,
) + [
    path("language/", language_choice.choose, name="language"),
    # Keys are URL-safe base64, which has no ".", so the suffix is unambiguous.
    re_path(r"^photos/(?P<key>[\w-]+)\.jpg$", photo_files.public_copy, name="photo-public"),
    re_path(r"^photos/(?P<key>[\w-]+)\.(?P<size>thumb)\.jpg$", photo_files.public_copy, name="photo-public-size"),
    # The Instagram post image while it is being published: signed, expiring (Django signing tokens use
    # URL-safe base64 and ":", never ".").
    re_path(r"^p/instagram/(?P<token>[\w:-]+)\.jpg$", serve_image, name="instagram-image"),
    path("desk/", include("storydesk.desk.urls")),
    path("desk/photos/<int:photo_id>/original", photo_files.original, name="photo-original"),
    path("accounts/login/", DeskLoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/sso/", include("storydesk.sso.urls")),  # single sign-on; 404 while it is off
    # One log-in, rate-limited, for the desk and the admin alike: the admin's own would count no failures.
    path("admin/login/", RedirectView.as_view(pattern_name="login", query_string=True)),
    path("admin/", admin.site.urls),
    path("healthz", lambda request: HttpResponse("ok", content_type="text/plain"), name="healthz"),
]
