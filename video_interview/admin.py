from django.contrib import admin

from .models import Question, VideoCriterion, VideoSettings


@admin.register(VideoSettings)
class VideoSettingsAdmin(admin.ModelAdmin):
    list_display = ["campaign", "answer_limit_seconds"]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    """Edited one by one: Question.clean() keeps each set within the session's limit."""

    list_display = [
        "text_fr",
        "campaign",
        "program",
        "level",
        "position",
        "preparation_seconds",
        "answer_seconds",
    ]
    list_filter = ["campaign", "level", "program"]


@admin.register(VideoCriterion)
class VideoCriterionAdmin(admin.ModelAdmin):
    list_display = ["label_fr", "campaign", "max_points", "position"]
    list_filter = ["campaign"]
