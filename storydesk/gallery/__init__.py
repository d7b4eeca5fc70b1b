"""The public gallery, the campaign's own site: the wall of published stories, a page per story, filters,
search, feeds, the embeddable widget and the static export. It reads only its own read model
(models.gallery), which gallery.entries keeps in step with publishing.public_set.public_stories."""
