from django.apps import AppConfig


class ParticipantsConfig(AppConfig):
    name = "incamera.participants"
    label = "participants"
