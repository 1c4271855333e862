from django.urls import path

from incamera.commitments import views

app_name = "commitments"

urlpatterns = [
    path("meetings/<int:meeting_id>/commitments/", views.dashboard, name="dashboard"),
    path("meetings/<int:meeting_id>/commitments/add", views.create, name="create"),
    path("meetings/<int:meeting_id>/commitments/import", views.import_reports, name="import"),
    path("meetings/<int:meeting_id>/commitments/export", views.export, name="export"),
    path("meetings/<int:meeting_id>/commitments/<int:commitment_id>/", views.commitment, name="commitment"),
    path("meetings/<int:meeting_id>/commitments/<int:commitment_id>/report", views.report, name="report"),
    path("meetings/<int:meeting_id>/commitments/<int:commitment_id>/reports/<int:report_id>/evidence", views.evidence, name="evidence"),
]
