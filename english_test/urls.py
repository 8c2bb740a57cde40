from django.urls import path  # noqa: F401 - the app's pages come with its issue

app_name = "english_test"
urlpatterns: list = []
