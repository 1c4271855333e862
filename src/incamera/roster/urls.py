from django.urls import path

from incamera.roster import views as roster_views

app_name = "roster"

urlpatterns = [
    path("", roster_views.roster_page, name="page"),
    path("export", roster_views.roster_export, name="export"),
]
