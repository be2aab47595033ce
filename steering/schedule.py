"""The periodic schedule, in one place. Crontabs are read in Asia/Ho_Chi_Minh (CELERY_TIMEZONE).

Exactly one beat process must run in any deployment (see README).
Apps add their entries here; each entry names a job in an app's jobs.py.
"""

from celery.schedules import crontab

BEAT_SCHEDULE: dict = {}
