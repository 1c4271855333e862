from django.urls import path

from incamera.agreements import views

app_name = "agreements"

urlpatterns = [
    path("meetings/<int:meeting_id>/nda/", views.nda_page, name="nda"),
    path("meetings/<int:meeting_id>/nda/signed.pdf", views.nda_pdf, name="pdf"),
    path("meetings/<int:meeting_id>/nda/edit/", views.nda_edit, name="edit"),
]
