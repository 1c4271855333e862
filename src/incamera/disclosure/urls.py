from django.urls import path

from incamera.disclosure import views

app_name = "disclosure"

urlpatterns = [
    path("meetings/<int:meeting_id>/disclosure/", views.schedule_page, name="schedule"),
    path("meetings/<int:meeting_id>/readouts/", views.readouts_page, name="readouts"),
    path("meetings/<int:meeting_id>/disclosure/quorum/", views.quorum_page, name="quorum"),
    path("meetings/<int:meeting_id>/disclosure/quorum/share.json", views.quorum_share, name="quorum_share"),
    path("meetings/<int:meeting_id>/disclosure/items/<int:item_id>/", views.review_page, name="review"),
    path("meetings/<int:meeting_id>/disclosure/items/<int:item_id>/act", views.item_act, name="item_act"),
    path("disclosure/status/", views.status_page, name="status"),
    path("archive/", views.archive_page, name="archive"),
    path("archive/feed.json", views.feed_json, name="feed_json"),
    path("archive/feed.atom", views.feed_atom, name="feed_atom"),
    path("archive/items/<int:item_id>/", views.item_page, name="item"),
    path("archive/items/<int:item_id>.json", views.item_json, name="item_json"),
    path("archive/items/<int:item_id>/file", views.item_file, name="item_file"),
    path("verify/archive/", views.verify_record_page, name="verify"),
    path("archive/meetings/<int:meeting_id>/petition/", views.petition_page, name="petition"),
    path("archive/petitions/", views.petitions_page, name="petitions"),
    path("archive/petitions/confirm/", views.confirm_petition_page, name="confirm_petition"),
    path("petitions/review/", views.review_petitions_page, name="review_petitions"),
    path("petitions/panel/", views.panel_page, name="panel"),
]
