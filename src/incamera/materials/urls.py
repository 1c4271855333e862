from django.urls import path

from incamera.materials import views

app_name = "materials"

urlpatterns = [
    path("meetings/<int:meeting_id>/materials/", views.materials_page, name="list"),
    path("meetings/<int:meeting_id>/materials/<int:document_id>/download", views.download, name="download"),
    path("meetings/<int:meeting_id>/materials/access/", views.access_log, name="access"),
    path("meetings/<int:meeting_id>/materials/trace/", views.trace_page, name="trace"),
    path("meetings/<int:meeting_id>/materials/shred", views.shred, name="shred"),
]
