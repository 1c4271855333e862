from django.urls import path

from incamera.ballots import views

app_name = "ballots"

base = "meetings/<int:meeting_id>/ballots/<int:ballot_id>/"
urlpatterns = [
    path("meetings/<int:meeting_id>/ballots/", views.ballots_page, name="list"),
    path(base, views.ballot_page, name="detail"),
    path(base + "act", views.ballot_act, name="act"),
    path(base + "trustee-key", views.trustee_key, name="trustee_key"),
    path(base + "credential", views.credential, name="credential"),
    path(base + "cast", views.cast, name="cast"),
    path(base + "decryption", views.decryption, name="decryption"),
    path(base + "election.json", views.election_json, name="election"),
    path(base + "tally.json", views.tally_json, name="tally"),
    path(base + "record.bel", views.record, name="record"),
]
