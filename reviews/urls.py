from django.urls import path

from . import views

app_name = "reviews"
urlpatterns = [
    path("", views.review_index, name="review_index"),
    path("<int:committee>/<int:year>/<int:month>/", views.review_board, name="review_board"),
    path("<int:committee>/<int:year>/<int:month>/assess/", views.review_assess, name="review_assess"),
    path("<int:committee>/<int:year>/<int:month>/open/", views.review_open, name="review_open"),
    path("<int:committee>/<int:year>/<int:month>/close/", views.review_close, name="review_close"),
    path("<int:committee>/<int:year>/<int:month>/reopen/", views.review_reopen, name="review_reopen"),
    path("<int:committee>/<int:year>/<int:month>/report.docx", views.review_docx, name="review_docx"),
    path("<int:committee>/<int:year>/<int:month>/issue/", views.review_issue, name="review_issue"),
    path("<int:committee>/<int:year>/<int:month>/letter.docx", views.review_letter_docx, name="review_letter_docx"),
    path("<int:committee>/<int:year>/<int:month>/letter/", views.review_letter_issue, name="review_letter_issue"),
    path("<int:committee>/<int:year>/<int:month>/report.xlsx", views.review_xlsx, name="review_xlsx"),
]
