from django.urls import path

from . import views

app_name = "periodic_reports"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("new/", views.report_create, name="create"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/edit/", views.report_edit, name="edit"),
    path("<int:pk>/issue/", views.report_issue, name="issue"),
    path("<int:pk>/amend/", views.report_amend, name="amend"),
    path("<int:pk>/print/", views.report_print, name="print"),
    path("<int:pk>/report.docx", views.report_docx, name="docx"),
    path("<int:pk>/annex.xlsx", views.report_xlsx, name="xlsx"),
]
