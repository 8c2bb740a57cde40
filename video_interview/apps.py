from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VideoInterviewConfig(AppConfig):
    name = "video_interview"
    verbose_name = _("Deferred video interview")
