from django.urls import path

from incamera.invitations import views

app_name = "invitations"

urlpatterns = [
    # The mailed link is /invitations/#<token>: the token stays in the fragment, out of every log.
    path("invitations/", views.invitation_open, name="open"),
    path("invitations/accept/", views.invitation, name="accept"),
    path("invitations/<str:token>/", views.invitation_old_link, name="invitation"),  # links mailed before
    path("meetings/<int:meeting_id>/invitations/", views.invitations, name="invitations"),
    path("meetings/<int:meeting_id>/invitations/import", views.invitations_import, name="invitations_import"),
    path("meetings/<int:meeting_id>/invitations/export.csv", views.invitations_export, name="invitations_export"),
    path("meetings/<int:meeting_id>/invitations/<int:invitation_id>/revoke", views.invitation_revoke, name="invitation_revoke"),
    path("meetings/<int:meeting_id>/invitations/<int:invitation_id>/resend", views.invitation_resend, name="invitation_resend"),
    path("meetings/<int:meeting_id>/delegation/", views.delegation_page, name="delegation"),
    path("meetings/<int:meeting_id>/credentials/", views.credentials_page, name="credentials"),
    path("meetings/<int:meeting_id>/credentials/<int:credential_id>.pdf", views.credential_download, name="credential"),
]
