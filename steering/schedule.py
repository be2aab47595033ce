"""The periodic schedule, in one place. Crontabs are read in Asia/Ho_Chi_Minh (CELERY_TIMEZONE).

Exactly one beat process must run in any deployment (see README).
Apps add their entries here; each entry names a job in an app's jobs.py.
"""

from celery.schedules import crontab

BEAT_SCHEDULE: dict = {}

# Monthly review reminders (reviews/jobs.py): every 30 minutes from 07:00 to 16:30, Monday to Friday,
# Asia/Ho_Chi_Minh. Each run sends only what the ladder says is due and was not sent yet (the
# reminder claims make reruns harmless), so a missed beat or a holiday is caught up by the next run;
# the job itself does nothing outside WORKING_HOURS or on a holiday.
BEAT_SCHEDULE["reviews-monthly-review"] = {
    "task": "reviews.run_monthly_reviews",
    "schedule": crontab(minute="*/30", hour="7-16", day_of_week="mon-fri"),
}

# Hotline (hotline/jobs.py).
BEAT_SCHEDULE.update(
    {
        # Every 5 minutes: send notifications that could not be enqueued when they were written
        # (broker down at submission time). Rows are claimed before sending, so overlap is harmless.
        "hotline-drain-outbox": {"task": "hotline.drain_outbox", "schedule": crontab(minute="*/5")},
        # 07:30 every day: escalate reports past their deadline (one warning per report, level, deadline).
        "hotline-escalate-overdue": {"task": "hotline.escalate_overdue", "schedule": crontab(hour=7, minute=30)},
        # 02:15 every day: anonymise contact details older than HOTLINE_RETENTION_DAYS.
        "hotline-anonymise-expired": {"task": "hotline.anonymise_expired", "schedule": crontab(hour=2, minute=15)},
        # 00:10 every day: count the open reports again (the tally every report write keeps; a safety net).
        "hotline-rebuild-tallies": {"task": "hotline.rebuild_tallies", "schedule": crontab(hour=0, minute=10)},
    }
)

# Accounts (members/jobs.py). Every 5 minutes: send invitations that could not be enqueued when the
# account was created (broker down). Rows are claimed before sending, so overlap is harmless.
BEAT_SCHEDULE["members-drain-invitations"] = {"task": "members.drain_invitations", "schedule": crontab(minute="*/5")}

# Work plans (tasks/jobs.py): every 5 minutes, send the notices about returned progress reports that could
# not be enqueued when they were written (broker down). Rows are claimed before sending: overlap is harmless.
BEAT_SCHEDULE["tasks-drain-report-notices"] = {"task": "tasks.drain_report_notices", "schedule": crontab(minute="*/5")}

# 00:05 every day: each task's status of the new day (tasks/day_status.py), before anyone reads a plan.
# Readers stamp what is still stale themselves, so a missed run only makes the first page of the day slower.
BEAT_SCHEDULE["tasks-stamp-day-status"] = {"task": "tasks.stamp_day_status", "schedule": crontab(hour=0, minute=5)}
