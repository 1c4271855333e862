from django.urls import path

from incamera.signatures import views

app_name = "signatures"

urlpatterns = [
    path("verify/signature/", views.verify_page, name="verify"),
    path("accounts/signing-key/", views.key_page, name="key"),
    path("accounts/signing-key/register", views.key_register, name="key_register"),
    path("accounts/signing-key/<int:key_id>/revoke", views.key_revoke, name="key_revoke"),
    path("meetings/<int:meeting_id>/resolutions/<int:resolution_id>/sign/", views.sign_page, name="sign"),
    path("meetings/<int:meeting_id>/resolutions/<int:resolution_id>/sign/submit", views.sign_submit, name="sign_submit"),
    path("meetings/<int:meeting_id>/resolutions/<int:resolution_id>/bundle.json", views.bundle_json, name="bundle"),
    path("meetings/<int:meeting_id>/resolutions/<int:resolution_id>/record.pdf", views.record_pdf, name="record"),
]
