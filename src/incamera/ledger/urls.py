from django.urls import path

from incamera.ledger import views

app_name = "ledger"

urlpatterns = [
    path("checkpoint", views.checkpoint, name="checkpoint"),
    path("tile/<path:path>", views.tile, name="tile"),
]

# Mounted at the site root by incamera/urls.py.
site_urlpatterns = [
    path("meetings/<int:meeting_id>/record/", views.record, name="record"),
    path("meetings/<int:meeting_id>/record/<int:index>.json", views.receipt, name="receipt"),
    path("verify/", views.verify, name="verify"),
]
