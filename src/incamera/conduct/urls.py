from django.urls import path

from incamera.conduct import views

app_name = "conduct"

urlpatterns = [
    path("meetings/<int:meeting_id>/inclusion/", views.inclusion_page, name="inclusion"),
    path("meetings/<int:meeting_id>/inclusion.csv", views.inclusion_csv, name="inclusion_csv"),
    path("meetings/<int:meeting_id>/speakers/", views.speakers_page, name="speakers"),
    path("meetings/<int:meeting_id>/speakers.csv", views.statistics_csv, name="speakers_csv"),
    path("meetings/<int:meeting_id>/speakers/<int:item_id>/projector/", views.projector_page, name="projector"),
    path("meetings/<int:meeting_id>/speakers/<int:item_id>/state.json", views.speakers_state, name="speakers_state"),
    path("meetings/<int:meeting_id>/speakers/<int:item_id>/events", views.speakers_events, name="speakers_events"),
    path("meetings/<int:meeting_id>/speakers/<int:item_id>/act", views.speakers_act, name="speakers_act"),
]
