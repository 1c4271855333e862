from django.urls import path

from incamera.room import views

app_name = "room"

urlpatterns = [
    path("meetings/<int:meeting_id>/room/", views.room_page, name="page"),
    path("meetings/<int:meeting_id>/room/status.json", views.room_status, name="status"),
    path("meetings/<int:meeting_id>/room/request", views.room_request, name="request"),
    path("meetings/<int:meeting_id>/room/join", views.room_join, name="join"),
    path("meetings/<int:meeting_id>/room/reconfirm", views.room_reconfirm, name="reconfirm"),
    path("meetings/<int:meeting_id>/room/leave", views.room_leave, name="leave"),
    path("meetings/<int:meeting_id>/room/require-reconfirmation", views.room_require_reconfirmation, name="require_reconfirmation"),
]
