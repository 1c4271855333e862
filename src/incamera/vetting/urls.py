from django.urls import path

from incamera.vetting import views as vetting_views

app_name = "vetting"

urlpatterns = [
    path("meetings/<int:meeting_id>/matrix/", vetting_views.matrix_page, name="matrix"),
    path("meetings/<int:meeting_id>/matrix/preview", vetting_views.matrix_preview, name="matrix_preview"),
    path("meetings/<int:meeting_id>/matrix/score", vetting_views.matrix_score, name="matrix_score"),
    path("meetings/<int:meeting_id>/matrix/import", vetting_views.matrix_import, name="matrix_import"),
    path("meetings/<int:meeting_id>/matrix/invite", vetting_views.matrix_invite, name="matrix_invite"),
    path("meetings/<int:meeting_id>/rotation/", vetting_views.rotation_page, name="rotation"),
    path("meetings/<int:meeting_id>/observers/", vetting_views.observers_page, name="observers"),
]
