from django.urls import path

from incamera.ledger import views

app_name = "ledger"

urlpatterns = [
    path("checkpoint", views.checkpoint, name="checkpoint"),
    path("tile/<path:path>", views.tile, name="tile"),
]

# Mounted at the site root by incamera/urls.py, in the namespace "record".
site_urlpatterns = [
    path("verify/", views.verify, name="verify"),
]
