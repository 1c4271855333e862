from django.urls import path

from incamera.participants import focal_views

app_name = "focal"

urlpatterns = [
    path("meetings/<int:meeting_id>/delegation/", focal_views.delegation_page, name="delegation"),
    path("meetings/<int:meeting_id>/credentials/", focal_views.credentials_page, name="credentials"),
    path("meetings/<int:meeting_id>/credentials/<int:credential_id>.pdf", focal_views.credential_download, name="credential"),
]
