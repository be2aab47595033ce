from django.urls import path

from . import views
from .views import orgs as org_views
from .views import people_admin, roster_exports

app_name = "members"
urlpatterns = [
    path("", views.roster, name="roster"),
    path("history/", views.history, name="history"),
    path("me/", views.me, name="me"),
    path("committees/", views.committee_list, name="committee_list"),
    path("committees/<int:pk>/", views.committee_detail, name="committee_detail"),
    path("committees/<int:pk>/history/", views.committee_history, name="committee_history"),
    path("committees/<int:pk>/appoint/", views.appoint, name="appoint"),
    path("memberships/<int:pk>/", views.membership_detail, name="membership_detail"),
    path("memberships/<int:pk>/end/", views.end, name="end"),
    path("memberships/<int:pk>/replace/", views.replace, name="replace"),
    path("memberships/<int:pk>/assignments/new/", views.assignment_create, name="assignment_create"),
    path("assignments/<int:pk>/edit/", views.assignment_edit, name="assignment_edit"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("units/", views.unit_list_page, name="unit_list"),
    path("units/new/", views.unit_create, name="unit_create"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("units/<int:pk>/end/", views.unit_end, name="unit_end"),
    path("units/<int:pk>/transfer/", views.unit_transfer, name="unit_transfer"),
    path("committees/new/", org_views.committee_create, name="committee_create"),
    path("committees/<int:pk>/edit/", org_views.committee_edit, name="committee_edit"),
    path("units/<int:pk>/edit/", org_views.unit_edit, name="unit_edit"),
    path("people/", people_admin.people_list, name="people_list"),
    path("people/new/", people_admin.person_create, name="person_create"),
    path("people/history/", people_admin.people_history, name="people_history"),
    path("people/<int:pk>/edit/", people_admin.person_edit, name="person_edit"),
    path("people/<int:pk>/account/", people_admin.person_account, name="person_account"),
    path("people/<int:pk>/account/action/", people_admin.account_action, name="account_action"),
    path("invitation/<uidb64>/<token>/", people_admin.invitation, name="invitation"),
    path("roster.xlsx", roster_exports.roster_xlsx, name="roster_xlsx"),
    path("roster/print/", roster_exports.roster_print, name="roster_print"),
]
