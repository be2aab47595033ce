from django.urls import path

from . import views

app_name = "members"
urlpatterns = [
    path("", views.roster, name="roster"),
    path("me/", views.me, name="me"),
]
