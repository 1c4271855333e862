from django.urls import path

from incamera.resolutions import views

app_name = "resolutions"

urlpatterns = [
    path("meetings/<int:meeting_id>/resolutions/", views.resolutions_page, name="list"),
    path("meetings/<int:meeting_id>/resolutions/new/", views.create_page, name="create"),
    path("meetings/<int:meeting_id>/resolutions/<int:resolution_id>/", views.resolution_page, name="detail"),
    path("meetings/<int:meeting_id>/resolutions/<int:resolution_id>/close/", views.close_page, name="close"),
    path("meetings/<int:meeting_id>/resolutions/<int:resolution_id>/act", views.resolution_act, name="act"),
]
