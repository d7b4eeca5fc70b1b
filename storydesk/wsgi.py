import os

from django.core.wsgi import get_wsgi_application

# Before settings make the data folder: what the desk writes is for its own user alone.
os.umask(0o077)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "storydesk.settings")
application = get_wsgi_application()
