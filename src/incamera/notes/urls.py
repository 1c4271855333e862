from django.urls import path

from incamera.notes import views

app_name = "notes"

urlpatterns = [
    path("meetings/<int:meeting_id>/notes/", views.notes_page, name="notes"),
    path("meetings/<int:meeting_id>/notes/add", views.add_note, name="add"),
    path("meetings/<int:meeting_id>/notes/check", views.check_note, name="check"),
    path("meetings/<int:meeting_id>/notes.csv", views.notes_csv, name="csv"),
]
