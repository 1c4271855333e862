from django.urls import path

from incamera.meetings import views

app_name = "meetings"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("new/", views.meeting_create, name="create"),
    path("<int:meeting_id>/", views.meeting_detail, name="detail"),
    path("<int:meeting_id>/edit/", views.meeting_edit, name="edit"),
    path("<int:meeting_id>/calendar.ics", views.meeting_ics_view, name="ics"),
    path("<int:meeting_id>/transition", views.meeting_transition, name="transition"),
    path("<int:meeting_id>/agenda/", views.agenda_page, name="agenda"),
    path("<int:meeting_id>/participants/", views.participants_page, name="participants"),
    path("<int:meeting_id>/readiness/", views.readiness_page, name="readiness"),
    path("<int:meeting_id>/agenda/add", views.agenda_add, name="agenda_add"),
    path("<int:meeting_id>/agenda/<int:item_id>/edit/", views.agenda_edit, name="agenda_edit"),
    path("<int:meeting_id>/agenda/<int:item_id>/delete", views.agenda_delete, name="agenda_delete"),
    path("<int:meeting_id>/agenda/<int:item_id>/move", views.agenda_move, name="agenda_move"),
    path("<int:meeting_id>/checklist/add", views.checklist_add, name="checklist_add"),
    path("<int:meeting_id>/checklist/<int:item_id>/toggle", views.checklist_toggle, name="checklist_toggle"),
    path("<int:meeting_id>/record/", views.record, name="record"),
    path("<int:meeting_id>/record/<int:index>.json", views.receipt, name="receipt"),
]
