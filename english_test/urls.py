from django.urls import path

from .views import candidate, staff

app_name = "english_test"
urlpatterns = [
    path("<int:year>/test/", candidate.take, name="take"),
    path("<int:year>/test/reponses/", candidate.submit, name="submit"),
    path("webhook/", candidate.webhook, name="webhook"),
    path("gestion/<int:year>/", staff.staff_list, name="staff_list"),
    path("gestion/<int:year>/invitations/", staff.send_invitations, name="send_invitations"),
    path("gestion/<int:year>/import/", staff.import_results, name="import_results"),
    path("gestion/test/<int:pk>/", staff.take_detail, name="take_detail"),
    path("gestion/test/<int:pk>/invalider/", staff.invalidate, name="invalidate"),
    path("gestion/photo/<int:pk>/", staff.picture, name="picture"),
]
