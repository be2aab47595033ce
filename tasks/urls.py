from django.urls import path

from .views import meetings, mywork, pilots, plan, reports, task

app_name = "tasks"
urlpatterns: list = [
    path("", plan.plan_list, name="plan_list"),
    path("plans/new/", plan.plan_create, name="plan_create"),
    path("plans/<int:pk>/", plan.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", plan.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/approve/", plan.plan_approve, name="plan_approve"),
    path("plans/<int:pk>/print/", plan.plan_print, name="plan_print"),
    path("plans/<int:pk>/export.xlsx", plan.plan_export, name="plan_export"),
    path("plans/<int:pk>/tasks/new/", task.task_create, name="task_create"),
    path("plans/<int:pk>/pilots/", pilots.pilot_list, name="pilot_list"),
    path("plans/<int:pk>/pilots/new/", pilots.pilot_create, name="pilot_create"),
    path("pilots/", pilots.pilots_current, name="pilots_current"),
    path("task/<int:pk>/", task.task_detail, name="task_detail"),
    path("task/<int:pk>/edit/", task.task_edit, name="task_edit"),
    path("task/<int:pk>/cascade/", task.task_cascade, name="task_cascade"),
    path("task/<int:pk>/cancel/", task.task_cancel, name="task_cancel"),
    path("task/<int:pk>/report/", reports.report_create, name="report_create"),
    path("reports/<int:pk>/review/", reports.report_review, name="report_review"),
    path("attachments/<int:pk>/", reports.attachment_download, name="attachment_download"),
    path("meetings/", meetings.meeting_list, name="meeting_list"),
    path("meetings/new/", meetings.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/attendees/", meetings.meeting_attendees, name="meeting_attendees"),
    path("meetings/<int:pk>/agenda/", meetings.agenda_add, name="agenda_add"),
    path("meetings/<int:pk>/opinions/", meetings.opinion_add, name="opinion_add"),
    path("meetings/<int:pk>/conclusions/", meetings.conclusion_add, name="conclusion_add"),
    path("conclusions/<int:pk>/task/", meetings.conclusion_task, name="conclusion_task"),
    path("my/", mywork.my_work, name="my_work"),
    path("my/<slug:section>/", mywork.my_work_section, name="my_work_section"),
    path("personal/", mywork.personal_plan, name="personal_plan"),
    path("personal/all/", mywork.personal_plan_list, name="personal_plan_list"),
]
