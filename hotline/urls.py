from django.urls import path

from . import views

app_name = "hotline"
urlpatterns = [
    # Public
    path("", views.submit, name="submit"),
    path("receipt/", views.receipt, name="receipt"),
    path("lookup/", views.lookup, name="lookup"),
    path("lookup/result/", views.lookup_result, name="lookup_result"),
    path("lookup/rate/", views.lookup_rate, name="lookup_rate"),
    path("lookup/reopen/", views.lookup_reopen, name="lookup_reopen"),
    path("lookup/files/<int:attachment_pk>/", views.lookup_file, name="lookup_file"),
    path("answers/", views.published, name="published"),
    # Staff
    path("inbox/", views.inbox, name="inbox"),
    path("unit/", views.unit_inbox, name="unit_inbox"),
    path("phone/", views.phone_intake, name="phone_intake"),
    path("hot-spots/", views.hotspots, name="hotspots"),
    path("hot-spots/export.xlsx", views.hotspots_export, name="hotspots_export"),
    path("access-log/", views.access_log, name="access_log"),
    path("reports/<int:pk>/", views.detail, name="detail"),
    path("reports/<int:pk>/classify/", views.classify, name="classify"),
    path("reports/<int:pk>/route/", views.route, name="route"),
    path("reports/<int:pk>/transfer/", views.transfer, name="transfer"),
    path("reports/<int:pk>/answer/", views.answer, name="answer"),
    path("reports/<int:pk>/review/", views.review, name="review"),
    path("reports/<int:pk>/extension/", views.request_extension, name="request_extension"),
    path("reports/<int:pk>/extension/<int:extension_pk>/", views.decide_extension, name="decide_extension"),
    path("reports/<int:pk>/contact/", views.contact, name="contact"),
    path("reports/<int:pk>/share-contact/", views.share_contact, name="share_contact"),
    path("reports/<int:pk>/task/", views.make_task, name="make_task"),
    path("reports/<int:pk>/attachments/<int:attachment_pk>/", views.attachment, name="attachment"),
    path("reports/<int:pk>/answer-files/", views.attach_answer_files, name="attach_answer_files"),
]
