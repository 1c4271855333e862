from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "incamera.meetings"
    label = "meetings"
