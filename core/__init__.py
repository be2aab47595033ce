"""The base layer every app stands on: the working calendar, in-app notifications, the cache backend
that survives a Redis outage, the shared cache, upload checks, form helpers and the Celery helpers.
It imports no app of the project."""
