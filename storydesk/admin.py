"""Django admin for every model: lists that help staff find things. Decisions, consents and the audit trail are
read-only here, for everybody: only the actions write them, with their checks and audit records."""
from django.contrib import admin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from storydesk.models import (
    AuditEvent,
    Campaign,
    Consent,
    Contributor,
    Decision,
    PermissionRequest,
    Photo,
    SocialProblem,
    SocialSource,
    Story,
    Submission,
    Verdict,
)


class ReadOnly:
    """No adding, changing or deleting in the admin, whatever the user's permissions (superusers included)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PhotoInline(admin.TabularInline):
    model = Photo
    extra = 0
    fields = ("position", "format", "width", "height", "phash", "public_key")
    readonly_fields = fields


class VerdictInline(admin.TabularInline):
    model = Verdict
    extra = 0
    fields = ("step", "outcome", "score", "duration_ms", "evidence")
    readonly_fields = fields


class ConsentInline(ReadOnly, admin.TabularInline):
    model = Consent
    extra = 0


class SubmissionInline(admin.TabularInline):
    model = Submission
    extra = 0
    fields = ("channel", "source_key", "received_at")
    readonly_fields = fields


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "organiser", "handle", "loaded_at")
    readonly_fields = ("loaded_at",)


@admin.register(Contributor)
class ContributorAdmin(admin.ModelAdmin):
    list_display = ("id", "first_name", "email", "country", "social_handle", "created_at")
    list_filter = ("country",)
    search_fields = ("first_name", "full_name", "email", "social_handle")


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    list_display = ("id", "status", "display_name", "country", "language", "created_at", "status_changed_at")
    list_filter = ("status", "country", "language", "campaign")
    search_fields = ("answer", "public_caption", "display_name", "contributor__email")
    date_hierarchy = "created_at"
    raw_id_fields = ("contributor", "duplicate_of")
    readonly_fields = ("status", "status_changed_at", "status_token", "created_at", "updated_at")
    inlines = [PhotoInline, SubmissionInline, VerdictInline, ConsentInline]


@admin.register(Photo)
class PhotoAdmin(admin.ModelAdmin):
    list_display = ("id", "story", "position", "format", "width", "height", "phash", "created_at")
    list_filter = ("format",)
    search_fields = ("phash", "sha256", "public_key")
    raw_id_fields = ("story",)


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ("id", "channel", "source_key", "story", "received_at")
    list_filter = ("channel",)
    search_fields = ("source_key",)
    raw_id_fields = ("story",)


@admin.register(Verdict)
class VerdictAdmin(admin.ModelAdmin):
    list_display = ("id", "story", "step", "outcome", "score", "duration_ms", "created_at")
    list_filter = ("step", "outcome")
    raw_id_fields = ("story",)


@admin.register(Decision)
class DecisionAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("id", "story", "action", "reason", "actor", "created_at")
    list_filter = ("action",)
    raw_id_fields = ("story",)


@admin.register(Consent)
class ConsentAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("id", "story", "scope", "channel", "given_at", "withdrawn_at")
    list_filter = ("scope", "channel")
    raw_id_fields = ("story",)


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("created_at", "verb", "actor_label", "story", "campaign")
    list_filter = ("verb", "actor_label")
    search_fields = ("verb", "actor_label")
    raw_id_fields = ("story",)


@admin.register(SocialSource)
class SocialSourceAdmin(admin.ModelAdmin):
    list_display = ("channel", "feed", "cursor", "last_polled_at", "last_success_at", "failures", "retry_after")
    list_filter = ("channel",)


@admin.register(SocialProblem)
class SocialProblemAdmin(admin.ModelAdmin):
    list_display = ("last_seen_at", "channel", "kind", "message", "count", "story")
    list_filter = ("channel", "kind")
    search_fields = ("message", "post_key")
    readonly_fields = [f.name for f in SocialProblem._meta.fields]


@admin.register(PermissionRequest)
class PermissionRequestAdmin(admin.ModelAdmin):
    list_display = ("created_at", "channel", "author_handle", "state", "sent_at", "answered_at", "story")
    list_filter = ("channel", "state")
    readonly_fields = [f.name for f in PermissionRequest._meta.fields]


# Two-factor devices change only through storydesk/actions/two_factor.py (audited; an admin keeps theirs): the
# "Two-factor" page and `storydesk createstaff --reset-two-factor`, not the admin's add and delete buttons.
for _device in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_device):
        admin.site.unregister(_device)
