from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/", views.message_detail, name="detail"),
    path("<int:pk>/pieces-jointes/<int:attachment_pk>/", views.attachment_download, name="attachment"),
    path("jalons/<int:year>/", views.timeline, name="timeline"),
    path("jalons/", views.timeline_default, name="timeline_default"),
    path(
        "jalons/<int:campaign_pk>/<str:action_key>/relancer/",
        views.milestone_rerun,
        name="milestone_rerun",
    ),
]
