from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("", views.register_list, name="register"),
    path("<int:committee>/add/", views.register_add, name="register_add"),
    path("<int:committee>/letterhead/", views.letterhead_edit, name="letterhead"),
    path("file/<int:pk>/", views.document_file, name="file"),
]
