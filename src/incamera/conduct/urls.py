from django.urls import path

from incamera.conduct import views

app_name = "conduct"

urlpatterns = [
    path("meetings/<int:meeting_id>/inclusion/", views.inclusion_page, name="inclusion"),
    path("meetings/<int:meeting_id>/inclusion.csv", views.inclusion_csv, name="inclusion_csv"),
]
