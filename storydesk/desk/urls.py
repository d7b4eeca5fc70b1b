from django.urls import path

from storydesk.desk import audit, bulk, calendar, decide, duplicates, edit, insights, mail, social, staff, views

app_name = "desk"
urlpatterns = [
    path("", views.story_list, name="stories"),
    path("bulk/", bulk.bulk, name="bulk"),
    path("stories/<int:story_id>/", views.story_detail, name="story"),
    path("stories/<int:story_id>/claim/", decide.claim, name="claim"),
    path("stories/<int:story_id>/approve/", decide.approve, name="approve"),
    path("stories/<int:story_id>/reject/", decide.reject, name="reject"),
    path("stories/<int:story_id>/needs-info/", decide.needs_info, name="needs-info"),
    path("stories/<int:story_id>/reopen/", decide.reopen, name="reopen"),
    path("stories/<int:story_id>/caption/", edit.caption, name="caption"),
    path("stories/<int:story_id>/caption/pieces/<int:index>/", edit.caption_piece, name="caption-piece"),
    path("stories/<int:story_id>/display-name/", edit.display_name, name="display-name"),
    path("stories/<int:story_id>/lead-photo/", edit.lead_photo, name="lead-photo"),
    path("stories/<int:story_id>/themes/", edit.themes, name="themes"),
    path("stories/<int:story_id>/assign/", edit.assign, name="assign"),
    path("stories/<int:story_id>/merge/", duplicates.merge, name="merge"),
    path("stories/<int:story_id>/ask-permission/", social.ask, name="ask-permission"),
    path("audit/", audit.audit_list, name="audit"),
    path("audit.csv", audit.audit_csv, name="audit-csv"),
    path("insights/", insights.dashboard, name="insights"),
    path("insights/<slug:table>.csv", insights.table_csv, name="insights-csv"),
    path("mail/", mail.mail_list, name="mail"),
    path("social/", social.overview, name="social"),
    path("staff/", staff.staff_list, name="staff"),
    path("calendar/", calendar.month, name="calendar"),
    path("calendar/plan/", calendar.plan, name="calendar-plan"),
    path("calendar/slots/<int:slot_id>/", calendar.slot_page, name="calendar-slot"),
    path("calendar/slots/<int:slot_id>/place/", calendar.place, name="calendar-place"),
    path("calendar/slots/<int:slot_id>/clear/", calendar.clear, name="calendar-clear"),
    path("calendar/slots/<int:slot_id>/lock/", calendar.lock, name="calendar-lock"),
    path("calendar/slots/<int:slot_id>/retry/", calendar.retry, name="calendar-retry"),
    path("calendar/removals/", calendar.removals, name="calendar-removals"),
    path("calendar/removals/<int:publication_id>/", calendar.removed, name="calendar-removed"),
]
